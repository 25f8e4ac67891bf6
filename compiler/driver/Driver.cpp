//===- Driver.cpp - the whole compile, for kilnc and kiln-run -------------===//

#include "compiler/driver/Driver.h"

#include "compiler/codegen/AugmentCodegen.h"
#include "compiler/codegen/Codegen.h"
#include "compiler/codegen/WeightsObject.h"
#include "compiler/driver/InputContracts.h"
#include "compiler/lowering/LowerToHalide.h"
#include "compiler/schedules/ScheduleChoice.h"
#include "compiler/schedules/TiledConv.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"
#include "frontends/common/ModelName.h"
#include "frontends/json/JsonImporter.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/Path.h"

using namespace mlir;

namespace kiln::driver {

void loadDialects(MLIRContext &context) {
  context.loadDialect<nn::NNDialect, func::FuncDialect>();
}

static OwningOpRef<ModuleOp> importNetwork(MLIRContext &context,
                                           const CompilePlan &plan) {
  llvm::StringRef extension = llvm::sys::path::extension(plan.inputFile);
  if (extension == ".json") {
    jsonimport::ImportOptions importOptions;
    importOptions.weightsFile = plan.weightsFile;
    importOptions.inputShapes = plan.inputShapes;
    return jsonimport::importJsonFile(context, plan.inputFile, importOptions);
  }
  if (extension == ".onnx") {
    if (!plan.weightsFile.empty()) {
      emitError(FileLineColLoc::get(&context, plan.inputFile, 0, 0))
          << "--weights applies to .json networks; an ONNX model carries "
          << "its weights";
      return nullptr;
    }
    return onnximport::importOnnxFile(context, plan.inputFile,
                                      {plan.inputShapes, plan.remarks});
  }
  emitError(FileLineColLoc::get(&context, plan.inputFile, 0, 0))
      << "unknown network format '" << extension
      << "' (Kiln reads .json and .onnx networks)";
  return nullptr;
}

// Gives the network plan.modelName when set, and checks the name it ends
// with: an ONNX model is named after its file, which may be any length.
static LogicalResult nameNetwork(ModuleOp module, const CompilePlan &plan) {
  auto func = *module.getOps<func::FuncOp>().begin();
  if (!plan.modelName.empty())
    SymbolTable::setSymbolName(func, plan.modelName);
  std::string problem = modelNameProblem(func.getSymName());
  if (problem.empty())
    return success();
  return emitError(FileLineColLoc::get(module.getContext(), plan.inputFile,
                                       0, 0))
         << problem << "; give --name";
}

// Tells plan.report, if any, that `stage` starts.
static void startStage(const CompilePlan &plan, llvm::StringRef stage) {
  if (plan.report)
    plan.report->stage(stage);
}

OwningOpRef<ModuleOp> importAndOptimize(MLIRContext &context,
                                        const CompilePlan &plan) {
  startStage(plan, "import");
  OwningOpRef<ModuleOp> module = importNetwork(context, plan);
  if (!module || failed(verify(*module)) ||
      failed(nameNetwork(*module, plan)) ||
      failed(applyInputContracts(*module, plan.pixels)))
    return nullptr;

  startStage(plan, "nn passes");
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return nullptr;
  PipelineOptions pipelineOptions;
  pipelineOptions.optLevel = plan.optLevel;
  pipelineOptions.remarks = plan.remarks;
  buildKilnPipeline(pm, pipelineOptions);
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

// Lowers `module` to Halide and schedules it for `target`, entry `variant`
// of plan.targets.
static llvm::Expected<lowering::LoweredNetwork>
lowerAndSchedule(ModuleOp module, const CompilePlan &plan,
                 const Halide::Target &target, size_t variant) {
  lowering::LoweringOptions options;
  // Kiln's own schedules only (an autoscheduler sees one pipeline). A GPU
  // part is a device extern stage, so its result stays on the device; it
  // crosses in nn layout, which the GPU's threads along x read coalesced
  // (and so does the GPU schedule's CPU form, to check the same thing).
  schedules::ScheduleKind kind = plan.schedule.kind;
  if (kind != schedules::ScheduleKind::Autoscheduler)
    options.layersPerPart = plan.layersPerPipeline;
  if (target.has_gpu_feature())
    options.partDeviceApi = Halide::get_default_device_api_for_target(target);
  if (target.has_gpu_feature() || kind == schedules::ScheduleKind::GpuOnCpu)
    options.channelsInnermostCrossings = false;
  bool ownCpuSchedule =
      kind == schedules::ScheduleKind::Manual && !target.has_gpu_feature();
  // The tiled schedule knows Winograd's stages and merged-row GEMMs; the
  // baseline does not.
  bool tiledCpu = ownCpuSchedule && (target.arch == Halide::Target::X86 ||
                                     target.arch == Halide::Target::ARM);
  options.winograd = plan.winograd && tiledCpu;
  // A core computes about 4 x lanes floating-point operations per cycle
  // (two FMA units) and streams about 4 bytes of weights per cycle from
  // memory (15 GB/s on the AVX-512 Xeon of docs/benchmarks.md): its
  // balance is about the lanes of a vector of floats. The best target's
  // for every variant of a multi-target library: they share one weights
  // file, so they must choose the same Winograd variants.
  options.weightBalance = plan.targets.front().natural_vector_size<float>();
  options.mergedRowGemms = tiledCpu;
  // The narrowest of the variants' blocks: they share one weights file.
  for (const Halide::Target &variantTarget : plan.targets)
    options.convWeightBlock = std::min(
        options.convWeightBlock, schedules::weightBlockFor(variantTarget));
  options.mergesKernelRows = [&target, &plan, block = options.convWeightBlock](
                                 const lowering::Shape &output,
                                 const lowering::Shape &weight) {
    return schedules::mergedRowsGain(output, weight, block, target,
                                     plan.schedule.caches);
  };
  // The narrowest of the variants' blocks again, a layer at a time.
  if (tiledCpu)
    options.rowConvWeightBlock =
        [&plan, block = options.convWeightBlock](const lowering::Shape &output,
                                                 const lowering::Shape &weight,
                                                 bool strided, bool padded) {
          int64_t narrowest = block;
          for (const Halide::Target &variantTarget : plan.targets)
            narrowest =
                std::min(narrowest, schedules::rowTileWeightBlock(
                                        output, weight, strided, padded, block,
                                        variantTarget, plan.schedule.caches));
          return narrowest;
        };
  options.variant = variant;
  if (plan.targets.size() > 1)
    options.partTag = "_v" + std::to_string(variant);
  try {
    auto network = lowering::lowerToHalide(module, options);
    if (failed(network))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "the network could not be lowered");
    if (llvm::Error error =
            schedules::scheduleNetwork(*network, target, plan.schedule))
      return std::move(error);
    return std::move(*network);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "internal error in Halide: %s",
                                   error.what());
  }
}

FailureOr<std::optional<jsonimport::ImportedAugmentation>>
importAugmentation(MLIRContext &context, const CompilePlan &plan) {
  if (llvm::sys::path::extension(plan.inputFile) != ".json")
    return std::optional<jsonimport::ImportedAugmentation>();
  return jsonimport::importAugmentFile(context, plan.inputFile);
}

// What computes an augmentation, from the plan's target and schedule.
static llvm::Expected<codegen::AugmentTarget>
augmentTarget(const CompilePlan &plan) {
  auto invalid = [](const char *message) {
    return llvm::createStringError(std::errc::invalid_argument, "%s", message);
  };
  if (plan.targets.size() != 1)
    return invalid("an augmentation compiles for one target: give --target "
                   "one, not a list");
  bool gpuOnCpu = plan.schedule.kind == schedules::ScheduleKind::GpuOnCpu;
  if (plan.schedule.kind != schedules::ScheduleKind::Manual && !gpuOnCpu)
    return invalid("an augmentation has Kiln's schedules only: drop "
                   "--schedule, or give gpu-on-cpu");
  return codegen::AugmentTarget{plan.targets.front(), gpuOnCpu};
}

llvm::Error emitAugmentation(const AugmentSpec &spec, const CompilePlan &plan,
                             std::optional<bool> statement,
                             llvm::raw_ostream &out) {
  if (!plan.pixels.empty())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "the pixel flags (--input-type, --scale, ...) apply to networks; an "
        "augmentation's input is its \"input\" field");
  auto target = augmentTarget(plan);
  if (!target)
    return target.takeError();
  // AugmentCodegen reports Halide's errors itself.
  if (statement)
    return codegen::emitAugmentStatement(spec, *target, *statement, out);
  return codegen::emitAugmentLibrary(spec, *target, plan.outputDir,
                                     plan.inputFile);
}

llvm::Error emitLibrary(ModuleOp module, const CompilePlan &plan,
                        const AugmentSpec *augmentation) {
  codegen::EmitOptions options{
      plan.outputDir, plan.inputFile, plan.embedWeights, {}};
  if (plan.embedWeights) {
    std::string problem = codegen::embeddedWeightsProblem(plan.targets.front());
    if (!problem.empty())
      return llvm::createStringError(std::errc::invalid_argument, "%s",
                                     problem.c_str());
  }
  if (augmentation) {
    auto target = augmentTarget(plan);
    if (!target)
      return target.takeError();
    // AugmentCodegen reports Halide's errors itself.
    options.stageMore = [augmentation, target = *target,
                         &plan](codegen::StagedOutputs &outputs) {
      return codegen::stageAugmentLibrary(*augmentation, target, outputs,
                                          plan.inputFile);
    };
  }
  if (plan.report) {
    options.onStage = [&plan](llvm::StringRef stage) {
      plan.report->stage(stage);
    };
    options.onCompiled = [&plan](size_t done, size_t total) {
      plan.report->compiled(done, total);
    };
  }
  // Each variant is lowered afresh: a Func's schedule is set only once.
  startStage(plan, "lower and schedule");
  std::vector<codegen::ScheduledVariant> variants;
  for (auto [i, target] : llvm::enumerate(plan.targets)) {
    auto network = lowerAndSchedule(module, plan, target, i);
    if (!network)
      return network.takeError();
    variants.push_back({target, std::move(*network)});
  }
  llvm::Error error = codegen::emitModel(variants, options);
  // Halide may accept an autoscheduler's schedule and then fail to compile
  // it: say which schedule it was, when it was not Kiln's own.
  if (error && plan.schedule.kind != schedules::ScheduleKind::Manual)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "with --schedule=%s: %s",
                                   plan.schedule.spelling.c_str(),
                                   llvm::toString(std::move(error)).c_str());
  return error;
}

llvm::Error emitWeights(ModuleOp module, const CompilePlan &plan) {
  startStage(plan, "lower and schedule");
  // Every variant's weights are the fallback's (emitModel).
  size_t fallback = plan.targets.size() - 1;
  auto network =
      lowerAndSchedule(module, plan, plan.targets[fallback], fallback);
  if (!network)
    return network.takeError();
  return codegen::emitWeights(*network,
                              {plan.outputDir, plan.inputFile, false, {}});
}

llvm::Error emitStatement(ModuleOp module, const CompilePlan &plan, bool html,
                          llvm::raw_ostream &out) {
  if (plan.targets.size() != 1)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "the lowered statement is per target: give --target one target, not "
        "the list '%s'",
        plan.targetSpelling.c_str());
  const Halide::Target &target = plan.targets.front();
  auto network = lowerAndSchedule(module, plan, target, 0);
  if (!network)
    return network.takeError();
  try {
    return codegen::emitStatement(*network, target, html, out);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "internal error in Halide: %s",
                                   error.what());
  }
}

} // namespace kiln::driver
