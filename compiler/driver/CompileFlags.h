//===- CompileFlags.h - the compile options kilnc and kiln-run share -*- C++ -*-===//
//
// --target, --weights, -O, --remarks, --schedule and --machine-params mean
// the same in both tools: they are declared once here, in the tool's option
// category, and checked and copied into a CompileOptions in one place.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_COMPILEFLAGS_H
#define KILN_COMPILER_DRIVER_COMPILEFLAGS_H

#include "compiler/driver/Driver.h"

#include "llvm/Support/CommandLine.h"

namespace kiln::driver {

class CompileFlags {
public:
  /// Registers the options in `category`; `targetHelp` describes --target
  /// (kiln-run only accepts targets this machine can run).
  CompileFlags(llvm::cl::OptionCategory &category, llvm::StringRef targetHelp);

  /// Checks --target and --schedule (with --machine-params) and copies the
  /// flags into `options`.
  llvm::Error apply(CompileOptions &options) const;

private:
  llvm::cl::opt<std::string> target, weightsFile, schedule, machineParams;
  llvm::cl::opt<unsigned> optLevel;
  llvm::cl::opt<bool> remarks;
};

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_COMPILEFLAGS_H
