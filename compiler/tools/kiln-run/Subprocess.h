//===- Subprocess.h - run a program, keeping what it says -------*- C++ -*-===//
//
// kiln-run starts two programs, the C compiler and the runner it builds, and
// must report their failures in its own words. This runs one with
// llvm::sys::ExecuteAndWait (no shell, so no quoting surprises) and returns its
// exit status together with what it wrote to stderr (and stdout, on request).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_SUBPROCESS_H
#define KILN_TOOLS_KILN_RUN_SUBPROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace kiln::run {

struct ProcessResult {
  int exitCode = 0;
  std::string capturedStdout; // empty unless asked for
  std::string capturedStderr;
};

/// Runs `program` with `args` (args[0] is the program's name) and waits.
/// stdout is captured when `captureStdout`, else inherited; stderr is always
/// captured. Capture files are created in `workDir`. The Error is for a
/// program that could not be started or was killed by a signal.
llvm::Expected<ProcessResult> runProgram(llvm::StringRef program,
                                         llvm::ArrayRef<std::string> args,
                                         llvm::StringRef workDir,
                                         bool captureStdout);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_SUBPROCESS_H
