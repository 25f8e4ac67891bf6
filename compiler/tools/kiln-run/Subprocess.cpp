//===- Subprocess.cpp - run a program, keeping what it says ---------------===//
//
// Output goes through files rather than pipes: ExecuteAndWait offers only
// redirection to paths, and a file cannot deadlock on a full pipe buffer.
//
//===----------------------------------------------------------------------===//

#include "Subprocess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <optional>

using namespace llvm;

namespace kiln::run {
namespace {

std::string readAndRemove(StringRef path) {
  std::string text;
  if (auto buffer = MemoryBuffer::getFile(path, /*IsText=*/true))
    text = (*buffer)->getBuffer().str();
  sys::fs::remove(path);
  return text;
}

} // namespace

Expected<ProcessResult> runProgram(StringRef program,
                                   ArrayRef<std::string> args,
                                   StringRef workDir, bool captureStdout) {
  SmallString<128> outPath(workDir), errPath(workDir);
  sys::path::append(outPath, "stdout.txt");
  sys::path::append(errPath, "stderr.txt");
  std::optional<StringRef> redirects[] = {
      StringRef(""), // stdin: /dev/null
      captureStdout ? std::optional<StringRef>(outPath.str()) : std::nullopt,
      errPath.str()};
  SmallVector<StringRef, 16> argv(args.begin(), args.end());

  std::string message;
  bool failedToStart = false;
  int rc = sys::ExecuteAndWait(program, argv, /*Env=*/std::nullopt, redirects,
                               /*SecondsToWait=*/0, /*MemoryLimit=*/0, &message,
                               &failedToStart);
  ProcessResult result;
  result.capturedStderr = readAndRemove(errPath);
  if (captureStdout)
    result.capturedStdout = readAndRemove(outPath);
  if (failedToStart)
    return createStringError("cannot run '" + program + "': " + message);
  if (rc < 0) // killed by a signal (ExecuteAndWait returns -2) or lost
    return createStringError(
        "'" + program + "' crashed: " + message +
        (result.capturedStderr.empty() ? "" : "\n" + result.capturedStderr));
  result.exitCode = rc;
  return result;
}

} // namespace kiln::run
