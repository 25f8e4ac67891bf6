//===- RunnerBuild.cpp - link a compiled model into kiln_runner -----------===//
//
// The command is the one docs/runtime.md gives users, plus `-include` of the
// model's header so that one runner source serves every model:
//   cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -I<runtime>/include
//      -include <name>.h -DKILN_MODEL_INFO=<name>_info kiln_runner.c
//      <name>.a libkiln_runtime.a -lpthread -ldl -lm -o kiln_runner
//
//===----------------------------------------------------------------------===//

#include "RunnerBuild.h"
#include "Subprocess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"

using namespace llvm;

namespace kiln::run {
namespace {

/// `name` itself when it is a path, else where PATH has it.
Expected<std::string> findProgram(StringRef name, const Twine &what,
                                  const Twine &hint) {
  if (name.contains('/'))
    return name.str();
  ErrorOr<std::string> found = sys::findProgramByName(name);
  if (!found)
    return createStringError(found.getError(), "cannot find " + what + " '" +
                                                   name + "' in PATH" + hint);
  return *found;
}

/// $CC (which may carry flags, "ccache gcc -m64") or the configured compiler,
/// as a program path and its leading arguments.
Expected<std::vector<std::string>> cCompilerCommand() {
  std::vector<std::string> command;
  std::optional<std::string> fromEnv = sys::Process::GetEnv("CC");
  if (fromEnv && !StringRef(*fromEnv).trim().empty()) {
    BumpPtrAllocator allocator;
    StringSaver saver(allocator);
    SmallVector<const char *, 8> tokens;
    cl::TokenizeGNUCommandLine(*fromEnv, saver, tokens);
    command.assign(tokens.begin(), tokens.end());
  } else {
    command.push_back(KILN_C_COMPILER);
  }
  auto found = findProgram(command[0], "the C compiler", " (set $CC)");
  if (!found)
    return found.takeError();
  command[0] = *found;
  return command;
}

/// Where the runner's pieces are: beside kiln-run in an installed Kiln
/// (<prefix>/bin/kiln-run: <prefix>/share/kiln/kiln_runner.c,
/// <prefix>/include, <prefix>/lib and lib/<triple> for the ARM runtimes,
/// cmake/KilnInstall.cmake), else in the tree it was built in.
struct RunnerFiles {
  std::string source, includeDir, runtime;
  /// The directory holding <triple>/libkiln_runtime.a (installed) or
  /// <triple>/lib/libkiln_runtime.a (built).
  std::string crossRoot;
  bool installed = false;

  std::string crossRuntime(StringRef triple) const {
    SmallString<256> path(crossRoot);
    if (installed)
      sys::path::append(path, triple, "libkiln_runtime.a");
    else
      sys::path::append(path, triple, "lib", "libkiln_runtime.a");
    return path.str().str();
  }
};

const RunnerFiles &runnerFiles() {
  static const RunnerFiles files = [] {
    static int anchor;
    std::string executable = sys::fs::getMainExecutable(nullptr, &anchor);
    SmallString<256> prefix =
        sys::path::parent_path(sys::path::parent_path(executable));
    auto under = [&](std::initializer_list<StringRef> parts) {
      SmallString<256> path(prefix);
      for (StringRef part : parts)
        sys::path::append(path, part);
      return path.str().str();
    };
    std::string installedSource = under({"share", "kiln", "kiln_runner.c"});
    if (!executable.empty() && sys::fs::exists(installedSource))
      return RunnerFiles{installedSource, under({"include"}),
                         under({"lib", "libkiln_runtime.a"}), under({"lib"}),
                         true};
    return RunnerFiles{KILN_RUNNER_SOURCE, KILN_RUNTIME_INCLUDE_DIR,
                       KILN_RUNTIME_LIBRARY, KILN_CROSS_ROOT, false};
  }();
  return files;
}

/// The Debian multiarch triple and qemu-user program for running code
/// built for `target` on this machine, or nothing when it runs natively
/// (any target for this machine's architecture and word size).
std::optional<std::pair<StringRef, StringRef>>
emulatedPlatform(const Halide::Target &target) {
  Halide::Target host = Halide::get_host_target();
  if (target.arch != Halide::Target::ARM ||
      (host.arch == target.arch && host.bits == target.bits))
    return std::nullopt;
  if (target.bits == 64)
    return std::make_pair(StringRef("aarch64-linux-gnu"),
                          StringRef("qemu-aarch64"));
  return std::make_pair(StringRef("arm-linux-gnueabihf"),
                        StringRef("qemu-arm"));
}

} // namespace

Expected<RunnerPlatform>
runnerPlatformFor(const std::vector<Halide::Target> &targets,
                  StringRef spelling) {
  auto arm = emulatedPlatform(targets.front());
  if (!arm) {
    auto compiler = cCompilerCommand();
    if (!compiler)
      return compiler.takeError();
    return RunnerPlatform{*compiler, runnerFiles().runtime, {}};
  }
  auto [triple, qemu] = *arm;
  const char *hint = " (scripts/install-deps.sh installs it)";
  auto compiler = findProgram((triple + "-gcc").str(),
                              "the cross compiler for " + spelling, hint);
  if (!compiler)
    return compiler.takeError();
  auto emulator = findProgram(qemu, "qemu-user for " + spelling, hint);
  if (!emulator)
    return emulator.takeError();
  std::string runtime = runnerFiles().crossRuntime(triple);
  if (!sys::fs::exists(runtime))
    return createStringError("the " + triple + " runtime '" + runtime +
                             "' was not built: install the cross compiler "
                             "and rebuild Kiln");
  return RunnerPlatform{
      {*compiler}, runtime, {*emulator, "-L", ("/usr/" + triple).str()}};
}

std::string ModelLibrary::file(StringRef extension) const {
  SmallString<256> path(dir);
  sys::path::append(path, name + extension);
  return path.str().str();
}

// Whether the header says the weights are in the library.
static bool headerEmbedsWeights(const ModelLibrary &library) {
  auto header = MemoryBuffer::getFile(library.file(".h"));
  return header && (*header)->getBuffer().contains("_EMBEDDED_WEIGHTS 1");
}

Expected<ModelLibrary> libraryAt(StringRef path) {
  ModelLibrary library{sys::path::parent_path(path).str(),
                       sys::path::stem(path).str()};
  if (library.dir.empty())
    library.dir = ".";
  if (!sys::fs::exists(path))
    return createStringError("cannot find the library '" + path + "'");
  if (!sys::fs::exists(library.file(".h")))
    return createStringError("'" + path + "' needs its header beside it: '" +
                             library.file(".h") +
                             "' is missing (kilnc writes both)");
  library.embeddedWeights = headerEmbedsWeights(library);
  return library;
}

Expected<ModelLibrary> findModelLibrary(StringRef dir) {
  std::error_code ec;
  std::vector<std::string> headers;
  for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (sys::path::extension(it->path()) == ".h")
      headers.push_back(sys::path::stem(it->path()).str());
  if (ec || headers.size() != 1)
    return createStringError("the compiled model is missing from '" + dir +
                             "'");
  ModelLibrary library{dir.str(), headers.front()};
  library.embeddedWeights = headerEmbedsWeights(library);
  return library;
}

Expected<std::vector<std::string>> buildRunner(const ModelLibrary &library,
                                               const RunnerPlatform &platform,
                                               StringRef workDir) {
  SmallString<256> runner(workDir);
  sys::path::append(runner, "kiln_runner");

  std::vector<std::string> args = platform.compiler;
  args.insert(args.end(),
              {"-std=c11", "-O2", "-D_POSIX_C_SOURCE=200809L",
               "-I" + runnerFiles().includeDir, "-include", library.file(".h"),
               "-DKILN_MODEL_INFO=" + library.name + "_info",
               runnerFiles().source, library.file(".a"),
               platform.runtimeLibrary, "-lpthread", "-ldl", "-lm", "-o",
               runner.str().str()});
  if (library.embeddedWeights)
    args.push_back("-DKILN_MODEL_WEIGHTS=" + library.name + "_weights");
  auto result =
      runProgram(args.front(), args, workDir, /*captureStdout=*/false);
  if (!result)
    return result.takeError();
  if (result->exitCode != 0)
    return createStringError("the C compiler '" + args.front() +
                             "' could not build the runner (exit status " +
                             Twine(result->exitCode) + "):\n" +
                             StringRef(result->capturedStderr).rtrim());
  std::vector<std::string> command = platform.emulator;
  command.push_back(runner.str().str());
  return command;
}

} // namespace kiln::run
