//===- ScheduleChoice.cpp - which schedule a compile uses -----------------===//
//
// "manual" runs Kiln's own schedules; "auto:<name>" hands the network,
// unscheduled, to one of Halide's autoschedulers; "gpu-on-cpu" runs the CUDA
// schedule's tiling as CPU loops, to check its results without a GPU. The options are checked
// before the (slow) import so that a typo fails at once.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/ScheduleChoice.h"

#include "compiler/schedules/AutoSchedule.h"
#include "compiler/schedules/Schedules.h"

#include "llvm/Support/raw_ostream.h"

namespace kiln::schedules {

static constexpr llvm::StringLiteral autoPrefix = "auto:";
static constexpr llvm::StringLiteral gpuOnCpu = "gpu-on-cpu";

llvm::Error validateScheduleOptions(const ScheduleOptions &options,
                                    const Halide::Target &target) {
  llvm::StringRef schedule = options.schedule;
  if (schedule == gpuOnCpu && target.has_gpu_feature())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--schedule=gpu-on-cpu runs the CUDA schedule's loops on the CPU, so "
        "it needs a CPU target, not '%s'",
        target.to_string().c_str());
  if (schedule == "manual" || schedule == gpuOnCpu) {
    if (!options.machineParams.empty())
      return llvm::createStringError(
          std::errc::invalid_argument,
          "--machine-params applies to the autoschedulers "
          "(--schedule=auto:<name>), not to --schedule=%s",
          options.schedule.c_str());
    return llvm::Error::success();
  }
  if (!schedule.starts_with(autoPrefix))
    return llvm::createStringError(
        std::errc::invalid_argument,
        "unknown schedule '%s': use 'manual' (Kiln's schedules, the default), "
        "'auto:<name>' for a Halide autoscheduler (auto:Adams2019, "
        "auto:Mullapudi2016, auto:Li2018) or 'gpu-on-cpu' (the CUDA "
        "schedule's tiling run on the CPU, for testing)",
        options.schedule.c_str());
  llvm::StringRef name = schedule.drop_front(autoPrefix.size());
  if (llvm::Error error = autoschedulerPlugin(name).takeError())
    return error;
  return parseMachineParams(name, options.machineParams, options.hostTarget)
      .takeError();
}

llvm::Error scheduleNetwork(lowering::LoweredNetwork &network,
                            const Halide::Target &target,
                            const ScheduleOptions &options) {
  if (llvm::Error error = validateScheduleOptions(options, target))
    return error;
  llvm::StringRef schedule = options.schedule;
  if (schedule == "manual") {
    scheduleForTarget(network, target);
    return llvm::Error::success();
  }
  if (schedule == gpuOnCpu) {
    scheduleGpu(network, GpuLoopPlacement::Cpu);
    return llvm::Error::success();
  }
  llvm::StringRef name = schedule.drop_front(autoPrefix.size());
  // Said at every compile, not only in the docs: the library it makes may
  // be silently wrong.
  if (name == "Adams2019")
    llvm::errs() << "warning: Halide 14's Adams2019 autoscheduler has made "
                    "schedules that compute wrong results (VGG-16 in Kiln's "
                    "tests); check this library's outputs against a "
                    "reference\n";
  auto params =
      parseMachineParams(name, options.machineParams, options.hostTarget);
  if (!params)
    return params.takeError();
  return autoSchedule(network, target, name, *params);
}

} // namespace kiln::schedules
