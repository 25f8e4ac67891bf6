//===- CompileFlags.cpp - the compile options kilnc and kiln-run share ----===//

#include "compiler/driver/CompileFlags.h"

#include "compiler/codegen/TargetList.h"

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
              cl::init(false), cl::cat(category)),
      printAutoschedule(
          "print-autoschedule",
          cl::desc("With --schedule=auto:<name>: print the schedule the "
                   "autoscheduler chose (Halide C++) to stderr"),
          cl::init(false), cl::cat(category)) {}

llvm::Expected<CompilePlan> CompileFlags::plan() const {
  CompilePlan plan;
  auto targets = codegen::parseTargetList(target);
  if (!targets)
    return targets.takeError();
  plan.targets = std::move(*targets);
  plan.targetSpelling = target;
  // A list's entries are all CPU targets (TargetList.cpp): the first one
  // stands for them all.
  auto choice = schedules::parseScheduleChoice(
      {schedule, machineParams, printAutoschedule}, plan.targets.front(),
      /*hostTarget=*/target == "host");
  if (!choice)
    return choice.takeError();
  plan.schedule = std::move(*choice);
  plan.weightsFile = weightsFile;
  plan.optLevel = optLevel;
  plan.remarks = remarks;
  return plan;
}

} // namespace kiln::driver
