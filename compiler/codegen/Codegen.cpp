//===- Codegen.cpp - emit a compiled model: library, header, weights ------===//
//
// The pipeline's arguments are the inputs, then the weights, then (implicitly)
// the outputs: the order kiln_model_run() passes buffers in. Halide compiles
// the pipeline ahead of time into a static library that also carries Halide's
// runtime (one object of its own, HalideRuntimeObject.h), so a user links
// only <name>.a and libkiln_runtime.a. Given several targets, the library
// holds one variant of the pipeline per target behind one entry point that
// picks among them on the CPU it runs on.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/Codegen.h"

#include "compiler/codegen/ArchiveMembers.h"
#include "compiler/codegen/ArenaPlan.h"
#include "compiler/codegen/CHeader.h"
#include "compiler/codegen/HalideLlvmOptions.h"
#include "compiler/codegen/HalideRuntimeObject.h"
#include "compiler/codegen/ParallelFor.h"
#include "compiler/codegen/StagedOutputs.h"
#include "compiler/codegen/WeightPrefetch.h"
#include "compiler/codegen/WeightsFile.h"
#include "compiler/codegen/WeightsObject.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "runtime/src/arena_format.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace kiln::codegen {

static std::string pipelineFunction(const lowering::LoweredNetwork &network) {
  return network.name + "_pipeline";
}

static std::vector<Halide::Argument>
pipelineArguments(lowering::LoweredNetwork &network) {
  std::vector<Halide::Argument> arguments;
  for (Halide::ImageParam &input : network.inputs)
    arguments.push_back(input);
  for (lowering::WeightParam &weight : network.weights)
    arguments.push_back(weight.param);
  return arguments;
}

// The runtime passes a per-call context to collect error messages.
static Halide::Target withUserContext(const Halide::Target &target) {
  return target.with_feature(Halide::Target::UserContext);
}

// What compiling a library collects from the functions it compiles, on
// several threads: the arena they need, and how many are compiled.
struct LibraryBuild {
  ArenaLayout arena;
  std::mutex mutex; // guards `arena`
  std::atomic<size_t> done{0};
  size_t total = 0;
  const EmitOptions *options = nullptr;

  void functionCompiled() {
    size_t now = ++done;
    if (options && options->onCompiled)
      options->onCompiled(now, total);
  }
};

// Whether each part of a network may store its output over its input
// (ArenaNeeds::outputOverInput), as the parts' lowerings, on several
// threads, find; the pipeline's plan waits for all of them. The pipeline
// is lowered last, so by then every part is being lowered on some thread.
class PartVerdicts {
public:
  explicit PartVerdicts(size_t parts) : overInput(parts, 0), pending(parts) {}

  void set(size_t part, bool outputOverInput) {
    std::lock_guard<std::mutex> lock(mutex);
    overInput[part] = outputOverInput;
    if (--pending == 0)
      allSet.notify_all();
  }

  std::vector<char> waitForAll() {
    std::unique_lock<std::mutex> lock(mutex);
    allSet.wait(lock, [&] { return pending == 0; });
    return overInput;
  }

private:
  std::mutex mutex;
  std::condition_variable allSet;
  std::vector<char> overInput;
  size_t pending;
};

// The weights the schedules stream (WeightPrefetch.h).
static std::vector<lowering::WeightStream>
weightStreams(const lowering::LoweredNetwork &network) {
  std::vector<lowering::WeightStream> streams;
  for (const lowering::LoweredLayer &layer : network.layers) {
    if (!layer.conv)
      continue;
    if (layer.conv->weightStream)
      streams.push_back(*layer.conv->weightStream);
    if (layer.conv->winograd && layer.conv->winograd->weightStream)
      streams.push_back(*layer.conv->winograd->weightStream);
  }
  return streams;
}

// The residual sums the schedules store once per element, which may take
// their shortcut's place (StoreOverShortcut.h), as function `index` of
// `network` (lowerFunction) sees them: a part's output over its input
// where the sum is both; in the pipeline, also each part's result over the
// previous part's where `partsOverInput` says that part's lowering showed
// it may.
static std::vector<lowering::StoredOverShortcut>
storedOverShortcuts(const lowering::LoweredNetwork &network, size_t index,
                    const std::vector<char> &partsOverInput) {
  using Buffers = lowering::StoredOverShortcut::Buffers;
  const lowering::LoweredPart *part =
      index > 0 ? &network.parts[index - 1] : nullptr;
  std::vector<lowering::StoredOverShortcut> pairs;
  for (const lowering::LoweredLayer &layer : network.layers) {
    if (!layer.conv || !layer.conv->storedOverShortcut)
      continue;
    lowering::StoredOverShortcut pair = *layer.conv->storedOverShortcut;
    if (part && pair.result == part->output.name() &&
        pair.shortcut == part->arguments.front().name)
      pair.buffers = Buffers::PartOutputAndInput;
    pairs.push_back(pair);
  }
  for (size_t k = 1; !part && k < partsOverInput.size(); ++k)
    if (partsOverInput[k])
      pairs.push_back({network.parts[k].result, network.parts[k - 1].result,
                       Buffers::PartResults});
  return pairs;
}

// Lowers function `index` of `network` for `target`: 0 is the pipeline,
// named `function`, k the part k - 1 (LoweredPart). On CPUs the pass of
// ArenaPlan.h places its heap allocations in the model's arena and adds
// what it needs to `build.arena` (a part's region is the parts' one); a
// part tells `verdicts` whether its output may take its input's place.
static Halide::Module lowerFunction(lowering::LoweredNetwork &network,
                                    size_t index, const std::string &function,
                                    const Halide::Target &target,
                                    LibraryBuild &build,
                                    PartVerdicts &verdicts) {
  bool isPart = index > 0;
  auto needs = std::make_shared<ArenaNeeds>();
  bool verdictGiven = false;
  try {
    Halide::Pipeline pipeline(
        isPart ? Halide::Pipeline(network.parts[index - 1].output)
               : Halide::Pipeline(network.outputs));
    if (!target.has_gpu_feature())
      planArena(pipeline, isPart ? KILN_ARENA_PARTS : KILN_ARENA_PIPELINE,
                needs, [&network, index, &verdicts, isPart] {
                  return storedOverShortcuts(network, index,
                                             isPart ? std::vector<char>()
                                                    : verdicts.waitForAll());
                });
    if (lowering::prefetchesWeightStreams(target))
      prefetchWeightStreams(pipeline, weightStreams(network));
    Halide::Module module =
        isPart ? pipeline.compile_to_module(network.parts[index - 1].arguments,
                                            network.parts[index - 1].function,
                                            target)
               : pipeline.compile_to_module(pipelineArguments(network),
                                            function, target);
    if (isPart)
      verdicts.set(index - 1, needs->outputOverInput);
    verdictGiven = true;
    if (lowering::prefetchesWeightStreams(target))
      addPrefetchFunction(module, target);
    std::lock_guard<std::mutex> lock(build.mutex);
    ArenaLayout &arena = build.arena;
    uint64_t &region = isPart ? arena.partBytes : arena.pipelineBytes;
    region = std::max(region, needs->serial);
    arena.threadBytes = std::max(arena.threadBytes, needs->perThread);
    arena.unplanned += needs->unplanned;
    return module;
  } catch (...) {
    if (isPart && !verdictGiven)
      verdicts.set(index - 1, false);
    throw;
  }
}

// Runs `job` for every function of `network` (lowerFunction's numbering)
// on all cores, the pipeline last.
static void forEachFunction(const lowering::LoweredNetwork &network,
                            const std::function<void(size_t)> &job) {
  size_t count = network.parts.size() + 1;
  forEachInParallel(count, [&](size_t i) { job((i + 1) % count); });
}

// The pipeline, named `function`, and the parts it calls (LoweredPart) as
// one Halide module for `target`. Halide lowers each part on its own
// (parts share no Func: a part reads what it needs as ImageParams), so the
// parts are lowered on all cores at once: lowering is most of kilnc's time.
// The pipeline comes last: its plan places each part's result over the
// previous one's where that part showed it may.
static Halide::Module compileToModule(lowering::LoweredNetwork &network,
                                      const std::string &function,
                                      const Halide::Target &target,
                                      LibraryBuild &build) {
  Halide::Target withContext = withUserContext(target);
  size_t count = network.parts.size() + 1;
  std::vector<std::optional<Halide::Module>> modules(count);
  PartVerdicts verdicts(network.parts.size());
  forEachFunction(network, [&](size_t index) {
    modules[index] =
        lowerFunction(network, index, function, withContext, build, verdicts);
    build.functionCompiled();
  });

  Halide::Module module = std::move(*modules[0]);
  for (size_t index = 1; index < count; ++index) {
    for (const Halide::Internal::LoweredFunc &f : modules[index]->functions())
      module.append(f);
    for (const Halide::Buffer<> &buffer : modules[index]->buffers())
      module.append(buffer);
  }
  return module;
}

// Compiles the pipeline into one Halide output file.
static llvm::Error compilePipeline(lowering::LoweredNetwork &network,
                                   const Halide::Target &target,
                                   Halide::OutputFileType type,
                                   const std::string &path) {
  try {
    LibraryBuild unused;
    compileToModule(network, pipelineFunction(network), target, unused)
        .compile({{type, path}});
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "Halide could not compile the pipeline: %s",
                                   error.what());
  }
  return llvm::Error::success();
}

// Compiles the pipeline and its parts into a static library: one object
// per Halide function, without Halide's runtime, and the runtime as one
// more object (HalideRuntimeObject.h), all on all cores at once.
static llvm::Error compileLibrary(lowering::LoweredNetwork &network,
                                  const Halide::Target &target,
                                  const std::string &path,
                                  const std::vector<std::string> &more,
                                  LibraryBuild &build) {
  size_t count = network.parts.size() + 1;
  std::vector<std::string> objects;
  for (size_t index = 0; index < count; ++index)
    objects.push_back(path + "." + std::to_string(index) + ".o");
  objects.push_back(path + ".runtime.o");
  PartVerdicts verdicts(network.parts.size());
  auto compileObject = [&](size_t index) {
    Halide::Target withContext =
        withUserContext(target).with_feature(Halide::Target::NoRuntime);
    lowerFunction(network, index, pipelineFunction(network), withContext, build,
                  verdicts)
        .compile({{Halide::OutputFileType::object, objects[index]}});
    build.functionCompiled();
  };
  llvm::Error error = llvm::Error::success();
  try {
    // The runtime first, then forEachFunction's order: the pipeline last.
    forEachInParallel(count + 1, [&](size_t job) {
      if (job == 0)
        writeHalideRuntimeObject(withUserContext(target), objects.back());
      else
        compileObject(job % count);
    });
    std::vector<std::string> members = objects;
    members.insert(members.end(), more.begin(), more.end());
    Halide::create_static_library(members, target, path);
  } catch (const Halide::Error &halideError) {
    error = llvm::createStringError(std::errc::invalid_argument,
                                    "Halide could not compile the pipeline: %s",
                                    halideError.what());
  }
  for (const std::string &object : objects)
    llvm::sys::fs::remove(object);
  return error;
}

llvm::Error emitStatement(lowering::LoweredNetwork &network,
                          const Halide::Target &target, bool html,
                          llvm::raw_ostream &out) {
  return printThroughTemporaryFile(
      network.name, html,
      [&](const std::string &path) {
        return compilePipeline(network, target,
                               html ? Halide::OutputFileType::stmt_html
                                    : Halide::OutputFileType::stmt,
                               path);
      },
      out);
}

// Adds the objects `more` to the library at `path` that Halide wrote: its
// members are read back to "<memberPrefix>..." and the library written
// again. Halide wants every member in one directory: the members' and
// `more`'s.
static llvm::Error addToLibrary(const std::string &path,
                                const Halide::Target &target,
                                const std::vector<std::string> &more,
                                const std::string &memberPrefix) {
  if (more.empty())
    return llvm::Error::success();
  auto members = extractArchiveMembers(path, memberPrefix);
  if (!members)
    return members.takeError();
  members->insert(members->end(), more.begin(), more.end());
  try {
    Halide::create_static_library(*members, target, path);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "cannot write the library '%s': %s",
                                   path.c_str(), error.what());
  }
  return llvm::Error::success();
}

// Compiles one variant per target into one static library whose entry
// point, named like a single-target library's, runs the first variant the
// CPU can run (Halide's multitarget wrapper; the last target unchecked).
static llvm::Error compileMultitarget(std::vector<ScheduledVariant> &variants,
                                      const std::string &path,
                                      LibraryBuild &build) {
  std::vector<Halide::Target> halideTargets;
  for (const ScheduledVariant &variant : variants)
    halideTargets.push_back(withUserContext(variant.target));
  size_t next = 0;
  try {
    // Halide calls the factory once per target, in order.
    Halide::compile_multitarget(
        pipelineFunction(variants.front().network),
        {{Halide::OutputFileType::static_library, path}}, halideTargets,
        /*suffixes=*/{},
        [&](const std::string &function, const Halide::Target &target) {
          return compileToModule(variants.at(next++).network, function, target,
                                 build);
        });
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "Halide could not compile the pipeline: %s",
                                   error.what());
  }
  return llvm::Error::success();
}

// The function of Halide's runtime (in the library) that names the GPU API
// the pipeline runs on; empty for CPU targets. Target lists hold CPU targets
// only (TargetList.cpp), so the first target decides.
static std::string deviceInterfaceSymbol(const Halide::Target &target) {
  return target.has_feature(Halide::Target::CUDA)
             ? "halide_cuda_device_interface"
             : "";
}

llvm::Error emitWeights(const lowering::LoweredNetwork &network,
                        const EmitOptions &options) {
  StagedOutputs outputs(options.outputDir);
  if (llvm::Error error = outputs.prepare())
    return error;
  if (llvm::Error error =
          writeWeightsFile(outputs.stage(network.name + ".weights"),
                           network.weights, layOutWeights(network.weights)))
    return error;
  return outputs.commit();
}

llvm::Error emitModel(std::vector<ScheduledVariant> &variants,
                      const EmitOptions &options) {
  // The header and the weights file come from the fallback's network and
  // serve every variant: every variant is lowered with the same options
  // (Driver.cpp), and so must stay the weights layout (any repacking a schedule
  // wants is done the same way for every target), or one .weights file could
  // not feed all variants.
  lowering::LoweredNetwork &network = variants.back().network;
  const Halide::Target &firstTarget = variants.front().target;

  StagedOutputs outputs(options.outputDir);
  if (llvm::Error error = outputs.prepare())
    return error;
  setHalideLlvmOptions();

  auto stage = [&](llvm::StringRef name) {
    if (options.onStage)
      options.onStage(name);
  };
  // The weights first: an embedded image goes into the library as one more
  // object.
  stage("write the weights");
  WeightsLayout layout = layOutWeights(network.weights);
  std::string weightsFile = network.name + ".weights";
  std::string weightsPath = options.embedWeights ? outputs.scratch(weightsFile)
                                                 : outputs.stage(weightsFile);
  if (llvm::Error error =
          writeWeightsFile(weightsPath, network.weights, layout))
    return error;
  std::vector<std::string> moreObjects;
  std::string weightsSymbol = network.name + "_weights";
  if (options.embedWeights) {
    moreObjects.push_back(outputs.scratch(weightsSymbol + ".o"));
    if (llvm::Error error = writeWeightsObject(firstTarget, weightsSymbol,
                                               weightsPath, moreObjects[0]))
      return error;
  }

  std::string library = outputs.stage(network.name + ".a");
  LibraryBuild build;
  build.options = &options;
  for (const ScheduledVariant &variant : variants)
    build.total += variant.network.parts.size() + 1;
  stage("compile (Halide)");
  if (llvm::Error error = variants.size() == 1
                              ? compileLibrary(network, firstTarget, library,
                                               moreObjects, build)
                              : compileMultitarget(variants, library, build))
    return error;
  if (variants.size() > 1)
    if (llvm::Error error =
            addToLibrary(library, variants.back().target, moreObjects,
                         outputs.scratch("member")))
      return error;
  std::string function = pipelineFunction(network);

  std::vector<std::string> partFunctions;
  for (const ScheduledVariant &variant : variants)
    for (const lowering::LoweredPart &part : variant.network.parts)
      partFunctions.push_back(part.function);
  if (llvm::Error error = writeTextFile(
          outputs.stage(network.name + ".h"),
          generateCHeader(network, layout, function + "_argv",
                          deviceInterfaceSymbol(firstTarget), partFunctions,
                          options.sourceFile,
                          options.embedWeights ? weightsSymbol : std::string(),
                          build.arena)))
    return error;
  if (options.stageMore) {
    stage("compile the augmentation");
    if (llvm::Error error = options.stageMore(outputs))
      return error;
  }
  return outputs.commit();
}

} // namespace kiln::codegen
