//===- Driver.cpp - the whole compile, for kilnc and kiln-run -------------===//

#include "compiler/driver/Driver.h"

#include "compiler/codegen/Codegen.h"
#include "compiler/lowering/LowerToHalide.h"
#include "compiler/schedules/ScheduleChoice.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"
#include "frontends/json/JsonImporter.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/Path.h"

using namespace mlir;

namespace kiln::driver {

void loadDialects(MLIRContext &context) {
  context.loadDialect<nn::NNDialect, func::FuncDialect>();
}

static OwningOpRef<ModuleOp> importNetwork(MLIRContext &context,
                                           const CompileOptions &options) {
  llvm::StringRef extension = llvm::sys::path::extension(options.inputFile);
  if (extension == ".json") {
    jsonimport::ImportOptions importOptions;
    importOptions.weightsFile = options.weightsFile;
    return jsonimport::importJsonFile(context, options.inputFile,
                                      importOptions);
  }
  if (extension == ".onnx") {
    if (!options.weightsFile.empty()) {
      emitError(FileLineColLoc::get(&context, options.inputFile, 0, 0))
          << "--weights applies to .json networks; an ONNX model carries "
          << "its weights";
      return nullptr;
    }
    return onnximport::importOnnxFile(context, options.inputFile);
  }
  emitError(FileLineColLoc::get(&context, options.inputFile, 0, 0))
      << "unknown network format '" << extension
      << "' (Kiln reads .json and .onnx networks)";
  return nullptr;
}

OwningOpRef<ModuleOp> importAndOptimize(MLIRContext &context,
                                        const CompileOptions &options) {
  OwningOpRef<ModuleOp> module = importNetwork(context, options);
  if (!module || failed(verify(*module)))
    return nullptr;

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return nullptr;
  PipelineOptions pipelineOptions;
  pipelineOptions.optLevel = options.optLevel;
  pipelineOptions.remarks = options.remarks;
  buildKilnPipeline(pm, pipelineOptions);
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

static schedules::ScheduleOptions
scheduleOptions(const CompileOptions &options) {
  return {options.schedule, options.machineParams, options.target == "host"};
}

llvm::Error validateOptions(const CompileOptions &options) {
  auto targets = codegen::parseTargetList(options.target);
  if (!targets)
    return targets.takeError();
  // A list's entries are all CPU targets (TargetList.cpp): the first one
  // stands for them all.
  return schedules::validateScheduleOptions(scheduleOptions(options),
                                            targets->front());
}

// Lowers `module` to Halide and schedules it for `target` (one entry of
// options.target).
static llvm::Expected<lowering::LoweredNetwork>
lowerAndSchedule(ModuleOp module, const CompileOptions &options,
                 const Halide::Target &target) {
  try {
    auto network = lowering::lowerToHalide(module);
    if (failed(network))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "the network could not be lowered");
    if (llvm::Error error = schedules::scheduleNetwork(
            *network, target, scheduleOptions(options)))
      return std::move(error);
    return std::move(*network);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "internal error in Halide: %s",
                                   error.what());
  }
}

llvm::Error emitLibrary(ModuleOp module, const CompileOptions &options) {
  auto targets = codegen::parseTargetList(options.target);
  if (!targets)
    return targets.takeError();
  llvm::Error error = codegen::emitModel(
      [&](const Halide::Target &target) {
        return lowerAndSchedule(module, options, target);
      },
      {options.outputDir, *targets, options.inputFile});
  // Halide may accept an autoscheduler's schedule and then fail to compile
  // it: say which schedule it was.
  if (error && options.schedule != "manual")
    return llvm::createStringError(
        std::errc::invalid_argument, "with --schedule=%s: %s",
        options.schedule.c_str(), llvm::toString(std::move(error)).c_str());
  return error;
}

llvm::Error emitStatement(ModuleOp module, const CompileOptions &options,
                          bool html, llvm::raw_ostream &out) {
  auto targets = codegen::parseTargetList(options.target);
  if (!targets)
    return targets.takeError();
  if (targets->size() != 1)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "the lowered statement is per target: give --target one target, not "
        "the list '%s'",
        options.target.c_str());
  auto network = lowerAndSchedule(module, options, targets->front());
  if (!network)
    return network.takeError();
  try {
    return codegen::emitStatement(*network, targets->front(), html, out);
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "internal error in Halide: %s",
                                   error.what());
  }
}

} // namespace kiln::driver
