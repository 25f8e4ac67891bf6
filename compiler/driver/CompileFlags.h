//===- CompileFlags.h - the flags kilnc and kiln-run share ------*- C++ -*-===//
//
// --target, --name, --weights, --batch, --input-shape, the first input's pixels
// (--input-type, --input-layout, --channel-order, --scale, --mean, --std),
// -O, --remarks, --schedule, --machine-params, --print-autoschedule,
// --quiet and --time-stages mean
// the same in both tools: they are declared once here, in the tool's option
// category, and parsed and checked into a CompilePlan in one place, before
// the model is read.
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

  /// Parses and checks --target and --schedule (with --machine-params):
  /// the plan, except its input file and output directory, which the tool
  /// fills in.
  llvm::Expected<CompilePlan> plan() const;

  /// The flags given that only a compile uses (all but --target, --weights
  /// and --quiet), as "--name": for a tool running a library compiled
  /// earlier, which must not ignore them silently.
  std::vector<std::string> compileOnlyFlagsGiven() const;

private:
  llvm::cl::opt<std::string> target, modelName, weightsFile, schedule,
      machineParams, cacheSizes;
  llvm::cl::list<std::string> inputShapes;
  llvm::cl::opt<std::string> inputType, inputLayout, channelOrder, scale, mean,
      deviation;
  llvm::cl::opt<unsigned> optLevel, batch, layersPerPipeline;
  llvm::cl::opt<bool> winograd;
  llvm::cl::opt<bool> remarks, printAutoschedule, quiet, timeStages;
};

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_COMPILEFLAGS_H
