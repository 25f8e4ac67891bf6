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

#include <string>

namespace kiln::run {

/// What kilnc's emitLibrary wrote: dir/<name>.a, .h and .weights.
struct ModelLibrary {
  std::string dir;
  std::string name;

  std::string file(llvm::StringRef extension) const;
};

/// Finds the one model kilnc wrote into `dir`.
llvm::Expected<ModelLibrary> findModelLibrary(llvm::StringRef dir);

/// Builds the runner for `library` as workDir/kiln_runner and returns its path.
llvm::Expected<std::string> buildRunner(const ModelLibrary &library,
                                        llvm::StringRef workDir);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_RUNNERBUILD_H
