//===- CompileFlags.cpp - the compile options kilnc and kiln-run share ----===//

#include "compiler/driver/CompileFlags.h"

namespace cl = llvm::cl;

namespace kiln::driver {

CompileFlags::CompileFlags(cl::OptionCategory &category,
                           llvm::StringRef targetHelp)
    : target("target", cl::desc(targetHelp), cl::init("host"),
             cl::cat(category)),
      weightsFile("weights",
                  cl::desc("Read the weights from this file instead of the "
                           "source the network names"),
                  cl::value_desc("file"), cl::cat(category)),
      schedule("schedule",
               cl::desc("'manual' (default: Kiln's schedules), a Halide "
                        "autoscheduler: auto:Adams2019, auto:Mullapudi2016, "
                        "auto:Li2018, or gpu-on-cpu (the CUDA schedule's "
                        "tiling run on the CPU, to test it without a GPU)"),
               cl::init("manual"), cl::cat(category)),
      machineParams("machine-params",
                    cl::desc("For the autoschedulers: "
                             "PARALLELISM,CACHE_BYTES,BALANCE (default: "
                             "host's cores or 16, 16777216, 40)"),
                    cl::value_desc("p,c,b"), cl::cat(category)),
      optLevel("O",
               cl::desc("Optimization level: -O0 turns the nn optimizations "
                        "off, -O1 (default) on"),
               cl::Prefix, cl::init(1), cl::cat(category)),
      remarks("remarks",
              cl::desc("Say for each optimization candidate (batch norm to "
                       "fold, ...) whether it was applied, and why not"),
              cl::init(false), cl::cat(category)) {}

llvm::Error CompileFlags::apply(CompileOptions &options) const {
  options.weightsFile = weightsFile;
  options.target = target;
  options.optLevel = optLevel;
  options.remarks = remarks;
  options.schedule = schedule;
  options.machineParams = machineParams;
  return validateOptions(options);
}

} // namespace kiln::driver
