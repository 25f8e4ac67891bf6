//===- ScheduleChoice.h - which schedule a compile uses ---------*- C++ -*-===//
//
// A network is scheduled either by Kiln's own schedules (--schedule=manual,
// the default) or by one of the autoschedulers that ship with Halide 14
// (--schedule=auto:Adams2019|auto:Mullapudi2016|auto:Li2018), or, to test
// the CUDA schedule without a GPU, by that schedule with its GPU loops as
// CPU loops (--schedule=gpu-on-cpu). This is the one place that reads the
// choice and dispatches.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H
#define KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace kiln::schedules {

struct ScheduleOptions {
  std::string schedule = "manual"; // "manual", "auto:<name>", "gpu-on-cpu"
  /// "PARALLELISM,CACHE_BYTES,BALANCE" for the autoschedulers; empty picks
  /// the defaults (see defaultMachineParams).
  std::string machineParams;
  /// Whether the target is the compiling machine ("host"), whose core count
  /// is then the autoschedulers' default parallelism.
  bool hostTarget = true;
};

/// Checks the options for `target` without compiling anything: the
/// schedule's name, the autoscheduler's plugin file and the machine
/// parameters, and that gpu-on-cpu is given a CPU target.
llvm::Error validateScheduleOptions(const ScheduleOptions &options,
                                    const Halide::Target &target);

/// Schedules the (unscheduled) network as the options say.
llvm::Error scheduleNetwork(lowering::LoweredNetwork &network,
                            const Halide::Target &target,
                            const ScheduleOptions &options);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H
