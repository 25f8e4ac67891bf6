//===- AutoSchedule.h - Halide's autoschedulers for a network ---*- C++ -*-===//
//
// Runs one of the autoschedulers that Debian's Halide 14 ships as plugins
// (libautoschedule_<name>.so) over a whole lowered network. The plugins are
// looked for in $KILN_HALIDE_AUTOSCHEDULER_DIR, else in the directory CMake
// found at configure time.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_AUTOSCHEDULE_H
#define KILN_COMPILER_SCHEDULES_AUTOSCHEDULE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace kiln::schedules {

enum class Autoscheduler { Adams2019, Mullapudi2016, Li2018 };

/// An autoscheduler, found and configured: what --schedule=auto:<name> and
/// --machine-params say, checked.
struct AutoschedulerChoice {
  Autoscheduler which;
  std::string pluginPath;
  Halide::MachineParams machineParams;
  /// Print the schedule it chose (Halide C++) to stderr, as a starting point
  /// for a hand schedule.
  bool printSchedule = false;
};

/// The autoscheduler `name` (Adams2019, Mullapudi2016 or Li2018), its plugin
/// file (which must exist) and the machine parameters: `machineParams` is
/// "PARALLELISM,CACHE_BYTES,BALANCE", or empty for the defaults: this
/// machine's core count as the parallelism when `hostTarget`, else Halide's
/// generic 16 (Li2018: always 1); Halide's generic 16 MiB last-level cache
/// and balance 40.
llvm::Expected<AutoschedulerChoice>
parseAutoschedulerChoice(llvm::StringRef name, llvm::StringRef machineParams,
                         bool hostTarget);

/// Gives the outputs and every input and weight buffer an estimate of its
/// (fixed) shape and runs the autoscheduler over the network, whose Funcs
/// must all be unscheduled.
llvm::Error autoSchedule(lowering::LoweredNetwork &network,
                         const Halide::Target &target,
                         const AutoschedulerChoice &choice);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_AUTOSCHEDULE_H
