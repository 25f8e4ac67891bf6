//===- ScheduleChoice.cpp - which schedule a compile uses -----------------===//
//
// "manual" runs Kiln's own schedules; "auto:<name>" hands the network,
// unscheduled, to one of Halide's autoschedulers; "gpu-on-cpu" runs the CUDA
// schedule's tiling as CPU loops, to check its results without a GPU. The
// flags are checked before the (slow) import so that a typo fails at once.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/ScheduleChoice.h"

#include "compiler/schedules/Schedules.h"

#include "llvm/Support/raw_ostream.h"

namespace kiln::schedules {

static constexpr llvm::StringLiteral autoPrefix = "auto:";

// Which kind `schedule` names; an error for an unknown name.
static llvm::Expected<ScheduleKind>
parseScheduleKind(llvm::StringRef schedule) {
  if (schedule == "manual")
    return ScheduleKind::Manual;
  if (schedule == "gpu-on-cpu")
    return ScheduleKind::GpuOnCpu;
  if (schedule.starts_with(autoPrefix))
    return ScheduleKind::Autoscheduler;
  return llvm::createStringError(
      std::errc::invalid_argument,
      "unknown schedule '%s': use 'manual' (Kiln's schedules, the default), "
      "'auto:<name>' for a Halide autoscheduler (auto:Adams2019, "
      "auto:Mullapudi2016, auto:Li2018) or 'gpu-on-cpu' (the CUDA "
      "schedule's tiling run on the CPU, for testing)",
      schedule.str().c_str());
}

llvm::Expected<ScheduleChoice> parseScheduleChoice(const ScheduleFlags &flags,
                                                   const Halide::Target &target,
                                                   bool hostTarget) {
  auto kind = parseScheduleKind(flags.schedule);
  if (!kind)
    return kind.takeError();
  ScheduleChoice choice{*kind, std::nullopt, flags.schedule, {}};
  if (!flags.cacheSizes.empty()) {
    if (*kind == ScheduleKind::Autoscheduler)
      return llvm::createStringError(
          std::errc::invalid_argument,
          "--cache-sizes applies to Kiln's own schedules, not to "
          "--schedule=%s (give its last-level cache in --machine-params)",
          flags.schedule.c_str());
    auto caches = parseCacheSizes(flags.cacheSizes);
    if (!caches)
      return caches.takeError();
    choice.caches = *caches;
  } else if (hostTarget) {
    choice.caches = hostCacheSizes();
  }
  if (*kind == ScheduleKind::GpuOnCpu && target.has_gpu_feature())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--schedule=gpu-on-cpu runs the CUDA schedule's loops on the CPU, so "
        "it needs a CPU target, not '%s'",
        target.to_string().c_str());
  if (*kind != ScheduleKind::Autoscheduler) {
    const char *autoschedulerFlag =
        !flags.machineParams.empty() ? "--machine-params"
        : flags.printAutoschedule    ? "--print-autoschedule"
                                     : nullptr;
    if (autoschedulerFlag)
      return llvm::createStringError(
          std::errc::invalid_argument,
          "%s applies to the autoschedulers (--schedule=auto:<name>), not "
          "to --schedule=%s",
          autoschedulerFlag, flags.schedule.c_str());
    return choice;
  }
  auto autoscheduler = parseAutoschedulerChoice(
      llvm::StringRef(flags.schedule).drop_front(autoPrefix.size()),
      flags.machineParams, hostTarget);
  if (!autoscheduler)
    return autoscheduler.takeError();
  autoscheduler->printSchedule = flags.printAutoschedule;
  choice.autoscheduler = std::move(*autoscheduler);
  return choice;
}

// Kiln's own schedule for `target`: the GPU one when it has a GPU feature,
// the tiled one on x86 and ARM, else the baseline.
static void scheduleForTarget(lowering::LoweredNetwork &network,
                              const Halide::Target &target,
                              const CacheSizes &caches) {
  if (target.has_gpu_feature())
    scheduleGpu(network);
  else if (target.arch == Halide::Target::X86 ||
           target.arch == Halide::Target::ARM)
    scheduleTiledCpu(network, target, caches);
  else
    scheduleCpuBaseline(network, target);
}

llvm::Error scheduleNetwork(lowering::LoweredNetwork &network,
                            const Halide::Target &target,
                            const ScheduleChoice &choice) {
  switch (choice.kind) {
  case ScheduleKind::Manual:
    scheduleForTarget(network, target, choice.caches);
    return llvm::Error::success();
  case ScheduleKind::GpuOnCpu:
    scheduleGpu(network, GpuLoopPlacement::Cpu);
    return llvm::Error::success();
  case ScheduleKind::Autoscheduler:
    return autoSchedule(network, target, *choice.autoscheduler);
  }
  llvm_unreachable("a ScheduleKind without a schedule");
}

} // namespace kiln::schedules
