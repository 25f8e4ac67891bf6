//===- AutoSchedule.cpp - Halide's autoschedulers for a network -----------===//
//
// Halide 14's autoschedulers are plugins that register themselves with
// Pipeline::add_autoscheduler when loaded. They schedule every Func of a
// pipeline from the estimated sizes of its inputs and outputs, and refuse
// Funcs that already carry a schedule, so the network reaches here straight
// from the lowering. Kiln's buffers have fixed shapes (LowerToHalide sets
// their bounds), and the estimates given here are those same shapes; the
// bounds and alignment constraints stay as the lowering set them.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/AutoSchedule.h"

#include "compiler/schedules/AutoschedulerCall.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <thread>

#ifndef KILN_HALIDE_AUTOSCHEDULER_DIR
#define KILN_HALIDE_AUTOSCHEDULER_DIR ""
#endif

namespace kiln::schedules {
namespace {

struct AutoschedulerInfo {
  Autoscheduler which;
  const char *name;   // as Halide registers it
  const char *plugin; // file name of the plugin that provides it
};

const AutoschedulerInfo autoschedulers[] = {
    {Autoscheduler::Adams2019, "Adams2019", "libautoschedule_adams2019.so"},
    {Autoscheduler::Mullapudi2016, "Mullapudi2016",
     "libautoschedule_mullapudi2016.so"},
    {Autoscheduler::Li2018, "Li2018", "libautoschedule_li2018.so"},
};

const AutoschedulerInfo &infoOf(Autoscheduler which) {
  for (const AutoschedulerInfo &info : autoschedulers)
    if (info.which == which)
      return info;
  llvm_unreachable("an Autoscheduler without a plugin");
}

std::string pluginDir() {
  if (std::optional<std::string> dir =
          llvm::sys::Process::GetEnv("KILN_HALIDE_AUTOSCHEDULER_DIR"))
    return *dir;
  return KILN_HALIDE_AUTOSCHEDULER_DIR;
}

// Loads each plugin once: loading registers the autoscheduler's name, and
// Halide refuses a second registration.
llvm::Error loadPlugin(llvm::StringRef name, const std::string &path) {
  static std::mutex mutex;
  static llvm::StringSet<> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded.contains(name))
    return llvm::Error::success();
  try {
    Halide::load_plugin(path);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(
        std::errc::invalid_argument,
        "cannot load the Halide autoscheduler plugin '%s': %s", path.c_str(),
        error.what());
  }
  loaded.insert(name);
  return llvm::Error::success();
}

// The estimate of a buffer of nn shape `shape`: all of it (Halide's
// dimension 0 is the shape's last entry).
Halide::Region wholeShape(const lowering::Shape &shape) {
  Halide::Region region;
  for (size_t d = 0; d < shape.size(); ++d)
    region.emplace_back(0, static_cast<int>(shape[shape.size() - 1 - d]));
  return region;
}

} // namespace

// The plugin file of `info`, which must exist.
static llvm::Expected<std::string>
autoschedulerPlugin(const AutoschedulerInfo &info) {
  std::string dir = pluginDir();
  if (dir.empty())
    return llvm::createStringError(
        std::errc::no_such_file_or_directory,
        "no directory for Halide's autoscheduler plugins: CMake did not find "
        "%s at configure time (libhalide14-0-dev ships it); set "
        "KILN_HALIDE_AUTOSCHEDULER_DIR to the directory that holds it",
        info.plugin);
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, info.plugin);
  if (!llvm::sys::fs::exists(path))
    return llvm::createStringError(
        std::errc::no_such_file_or_directory,
        "the %s autoscheduler's plugin '%s' does not exist (install "
        "libhalide14-0-dev, or set KILN_HALIDE_AUTOSCHEDULER_DIR to the "
        "directory that holds %s)",
        info.name, path.c_str(), info.plugin);
  return path.str().str();
}

static llvm::Expected<Halide::MachineParams>
parseMachineParams(Autoscheduler which, llvm::StringRef text, bool hostTarget) {
  Halide::MachineParams generic = Halide::MachineParams::generic();
  if (text.empty()) {
    unsigned cores = std::thread::hardware_concurrency();
    if (hostTarget && cores > 0)
      generic.parallelism = static_cast<int>(cores);
    // With more than one core Li2018 splits small reductions (dense layers,
    // softmax) across threads with vectorized atomic updates whose guarded
    // tails Halide 14 cannot compile for CPUs ("Atomic predicated store is
    // not supported"); on one core it does not.
    if (which == Autoscheduler::Li2018)
      generic.parallelism = 1;
    return generic;
  }
  llvm::SmallVector<llvm::StringRef, 3> fields;
  text.split(fields, ',');
  int parallelism = 0;
  uint64_t cacheBytes = 0;
  double balance = 0;
  if (fields.size() != 3 || !llvm::to_integer(fields[0].trim(), parallelism) ||
      parallelism <= 0 || !llvm::to_integer(fields[1].trim(), cacheBytes) ||
      cacheBytes == 0 || !llvm::to_float(fields[2].trim(), balance) ||
      balance <= 0)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "invalid machine parameters '%s': expected PARALLELISM,CACHE_BYTES,"
        "BALANCE with three positive numbers, e.g. 2,16777216,40",
        text.str().c_str());
  return Halide::MachineParams(parallelism, cacheBytes,
                               static_cast<float>(balance));
}

llvm::Expected<AutoschedulerChoice>
parseAutoschedulerChoice(llvm::StringRef name, llvm::StringRef machineParams,
                         bool hostTarget) {
  const AutoschedulerInfo *found = nullptr;
  for (const AutoschedulerInfo &candidate : autoschedulers)
    if (name == candidate.name)
      found = &candidate;
  if (!found)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "unknown autoscheduler '%s': use auto:Adams2019, auto:Mullapudi2016 "
        "or auto:Li2018",
        name.str().c_str());
  auto plugin = autoschedulerPlugin(*found);
  if (!plugin)
    return plugin.takeError();
  auto params = parseMachineParams(found->which, machineParams, hostTarget);
  if (!params)
    return params.takeError();
  return AutoschedulerChoice{found->which, *plugin, *params};
}

llvm::Error autoSchedule(lowering::LoweredNetwork &network,
                         const Halide::Target &target,
                         const AutoschedulerChoice &choice) {
  const AutoschedulerInfo &info = infoOf(choice.which);
  // Said at every compile, not only in the docs: the library it makes may
  // be silently wrong.
  if (choice.which == Autoscheduler::Adams2019)
    llvm::errs() << "warning: Halide 14's Adams2019 autoscheduler has made "
                    "schedules that compute wrong results (VGG-16 in Kiln's "
                    "tests); check this library's outputs against a "
                    "reference\n";
  if (llvm::Error error = loadPlugin(info.name, choice.pluginPath))
    return error;
  // Halide 14 reads Adams2019's search settings from the environment only.
  // Its default beam search (HL_BEAM_SIZE=32, 5 passes) takes minutes and
  // gigabytes even on LeNet-5 (182 s, 3.7 GB on the 2-core dev machine),
  // and the schedule it found there computed NaNs; the greedy search takes
  // seconds and is correct on every network tested. A user's own setting
  // wins.
  std::vector<EnvironmentDefault> environment;
  if (choice.which == Autoscheduler::Adams2019)
    environment.push_back({"HL_BEAM_SIZE", "1"});
  try {
    for (size_t i = 0; i < network.inputs.size(); ++i)
      network.inputs[i].set_estimates(
          wholeShape(network.inputTensors[i].shape));
    for (lowering::WeightParam &weight : network.weights)
      weight.param.set_estimates(wholeShape(weight.tensor.shape));
    for (size_t i = 0; i < network.outputs.size(); ++i)
      network.outputs[i].set_estimates(
          wholeShape(network.outputTensors[i].shape));
    // The schedule lands on the Funcs themselves, so the Pipeline that
    // codegen builds from the same outputs compiles with it.
    Halide::Pipeline pipeline(network.outputs);
    Halide::AutoSchedulerResults results = [&] {
      AutoschedulerCall call(environment);
      try {
        return pipeline.auto_schedule(info.name, target, choice.machineParams);
      } catch (const Halide::Error &) {
        call.replayHeldOutput(); // what it said may explain why it failed
        throw;
      }
    }();
    if (choice.printSchedule)
      llvm::errs() << results.schedule_source << "\n";
  } catch (const Halide::Error &error) {
    return llvm::createStringError(
        std::errc::invalid_argument, "the %s autoscheduler failed on '%s': %s",
        info.name, network.name.c_str(), error.what());
  }
  return llvm::Error::success();
}

} // namespace kiln::schedules
