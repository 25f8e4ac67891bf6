//===- RunnerBuild.h - link a compiled model into kiln_runner ---*- C++ -*-===//
//
// kiln-run runs a model the way a user program does: it links <name>.a and
// libkiln_runtime.a into a small C program (runtime/tools/kiln_runner.c) with
// the system C compiler. The compiler, the runner source, the runtime library
// and its headers are fixed when Kiln is configured; $CC overrides the
// compiler, as it does for make.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_RUNNERBUILD_H
#define KILN_TOOLS_KILN_RUN_RUNNERBUILD_H

#include "llvm/Support/Error.h"

#include <Halide.h>

#include <string>
#include <vector>

namespace kiln::run {

/// What kilnc's emitLibrary wrote: dir/<name>.a, .h and .weights (or the
/// weights inside <name>.a, kilnc --embed-weights).
struct ModelLibrary {
  std::string dir;
  std::string name;
  bool embeddedWeights = false;

  std::string file(llvm::StringRef extension) const;
};

/// Finds the one model kilnc wrote into `dir`.
llvm::Expected<ModelLibrary> findModelLibrary(llvm::StringRef dir);

/// The library at `path` (<dir>/<name>.a), compiled earlier; its header
/// must be beside it.
llvm::Expected<ModelLibrary> libraryAt(llvm::StringRef path);

/// Where a runner is built and run: natively with the configured C
/// compiler, or, for an ARM target, with Debian's cross compiler against the
/// runtime built for it (cmake/CrossRuntimes.cmake), run under qemu-user.
struct RunnerPlatform {
  std::vector<std::string> compiler; // the program and its leading arguments
  std::string runtimeLibrary;
  std::vector<std::string> emulator; // runs the runner; empty natively
};

/// The platform for `targets` (a list's entries share arch and bits, so the
/// first decides); `spelling`, the --target text, names it in errors.
llvm::Expected<RunnerPlatform>
runnerPlatformFor(const std::vector<Halide::Target> &targets,
                  llvm::StringRef spelling);

/// Builds the runner for `library` as workDir/kiln_runner and returns the
/// command that runs it (the emulator, if any, then its path).
llvm::Expected<std::vector<std::string>>
buildRunner(const ModelLibrary &library, const RunnerPlatform &platform,
            llvm::StringRef workDir);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_RUNNERBUILD_H
