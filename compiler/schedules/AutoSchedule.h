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

/// The plugin file that provides autoscheduler `name` (Adams2019,
/// Mullapudi2016 or Li2018); an error if the name is unknown or the file is
/// not there.
llvm::Expected<std::string> autoschedulerPlugin(llvm::StringRef name);

/// Parses "PARALLELISM,CACHE_BYTES,BALANCE" for `autoscheduler`; an empty
/// text gives the defaults: this machine's core count as the parallelism
/// when the target is the host, else Halide's generic 16 (Li2018: always 1);
/// Halide's generic 16 MiB last-level cache and balance 40.
llvm::Expected<Halide::MachineParams>
parseMachineParams(llvm::StringRef autoscheduler, llvm::StringRef text,
                   bool hostTarget);

/// Gives the outputs and every input and weight buffer an estimate of its
/// (fixed) shape and runs autoscheduler `name` over the network, whose Funcs
/// must all be unscheduled.
llvm::Error autoSchedule(lowering::LoweredNetwork &network,
                         const Halide::Target &target, llvm::StringRef name,
                         const Halide::MachineParams &params);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_AUTOSCHEDULE_H
