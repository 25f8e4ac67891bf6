//===- ScheduleChoice.h - which schedule a compile uses ---------*- C++ -*-===//
//
// A network is scheduled either by Kiln's own schedules (--schedule=manual,
// the default) or by one of the autoschedulers that ship with Halide 14
// (--schedule=auto:Adams2019|auto:Mullapudi2016|auto:Li2018), or, to test
// the CUDA schedule without a GPU, by that schedule with its GPU loops as
// CPU loops (--schedule=gpu-on-cpu). The flags are parsed and checked once,
// before the model is read, into a ScheduleChoice; scheduleNetwork is the one
// place that dispatches on it, and on the target.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H
#define KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H

#include "compiler/lowering/LoweredNetwork.h"
#include "compiler/schedules/AutoSchedule.h"
#include "compiler/schedules/CacheSizes.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace kiln::schedules {

/// The schedule flags as the user wrote them.
struct ScheduleFlags {
  std::string schedule = "manual"; // "manual", "auto:<name>", "gpu-on-cpu"
  /// "PARALLELISM,CACHE_BYTES,BALANCE" for the autoschedulers; empty picks
  /// the defaults (see parseMachineParams).
  std::string machineParams;
  /// Print the schedule an autoscheduler chose (Halide C++) to stderr.
  bool printAutoschedule = false;
  /// The caches Kiln's schedules block for (parseCacheSizes); empty: the
  /// host's for the host target, else CacheSizes' defaults.
  std::string cacheSizes;
};

enum class ScheduleKind {
  Manual,        // Kiln's schedules for the target
  Autoscheduler, // one of Halide's; ScheduleChoice::autoscheduler says which
  GpuOnCpu,      // the CUDA schedule's tiling as CPU loops
};

struct ScheduleChoice {
  ScheduleKind kind = ScheduleKind::Manual;
  std::optional<AutoschedulerChoice> autoscheduler;
  /// The --schedule text, for messages.
  std::string spelling = "manual";
  /// The caches Kiln's CPU schedules block for: the host's when it is the
  /// target, else the defaults (CacheSizes.h).
  CacheSizes caches;
};

/// Parses and checks the flags for `target` (a list's entries are all CPU
/// targets, so its first entry stands for them all) without compiling
/// anything: the schedule's name, the autoscheduler's plugin file, the
/// machine parameters, and that gpu-on-cpu is given a CPU target.
/// `hostTarget`: whether the target is the compiling machine, whose core
/// count is then the autoschedulers' default parallelism and whose caches
/// Kiln's schedules block for.
llvm::Expected<ScheduleChoice> parseScheduleChoice(const ScheduleFlags &flags,
                                                   const Halide::Target &target,
                                                   bool hostTarget);

/// Schedules the (unscheduled) network for `target` as `choice` says.
llvm::Error scheduleNetwork(lowering::LoweredNetwork &network,
                            const Halide::Target &target,
                            const ScheduleChoice &choice);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_SCHEDULECHOICE_H
