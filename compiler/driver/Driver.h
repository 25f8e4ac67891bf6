//===- Driver.h - the whole compile, for kilnc and kiln-run -----*- C++ -*-===//
//
// The stages every Kiln tool runs, in one place: import by file extension,
// verify, run the nn pipeline, then lower to Halide, schedule for the target
// and emit the library. Errors are reported through the MLIRContext's
// diagnostic handler (install a LayerDiagnosticHandler) or, for the Halide
// half, returned as an llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_DRIVER_H
#define KILN_COMPILER_DRIVER_DRIVER_H

#include "compiler/driver/CompileReport.h"
#include "compiler/schedules/ScheduleChoice.h"
#include "dialects/nn/NNInputContract.h"
#include "frontends/common/AugmentSpec.h"
#include "frontends/common/InputShapes.h"
#include "frontends/json/JsonImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace kiln::driver {

/// A compile, decided: what the flags said, parsed and checked once
/// (CompileFlags::plan) before the model is read.
struct CompilePlan {
  std::string inputFile;   // .json or .onnx network
  std::string modelName;   // --name: replaces the network's own when set
  std::string weightsFile; // overrides a .json network's weights when set
  InputShapes inputShapes; // --batch, --input-shape
  /// --input-type, --input-layout, --channel-order, --scale, --mean, --std:
  /// the first input's pixels (InputContracts.h).
  nn::InputContractFields pixels;
  std::string outputDir;
  bool embedWeights = false; // kilnc --embed-weights
  /// Told of every stage and of the functions compiled; may be null.
  CompileReport *report = nullptr;
  bool quiet = false;      // --quiet: no progress line
  bool timeStages = false; // --time-stages
  /// One target, or several (best first, the fallback last) for one library
  /// that picks a variant on the CPU it runs on (codegen/TargetList.h).
  std::vector<Halide::Target> targets;
  std::string targetSpelling = "host"; // the --target text, for messages
  schedules::ScheduleChoice schedule;
  unsigned optLevel = 1; // 0 turns the nn optimizations off
  bool remarks = false;  // report each optimization candidate
  /// Networks with more layers are compiled as several Halide pipelines of
  /// about this many layers (lowering/PipelineParts.h); 0: always one.
  unsigned layersPerPipeline = kDefaultLayersPerPipeline;
  /// Winograd's algorithm for the 3x3 convolutions that suit it, where the
  /// schedule is Kiln's own for a CPU (lowering/Winograd.h).
  bool winograd = true;
  /// Parts of 6 layers keep the two cores of a small machine busy to the
  /// end (GoogLeNet 18.5 s against 22.7 s in parts of 12 on a 2-core Xeon)
  /// with no change in run time: a cut falls only where one result flows
  /// on, so no fusion crosses it (docs/benchmarks.md, 2026-12-03).
  static constexpr unsigned kDefaultLayersPerPipeline = 6;
};

/// The augmentation block of plan.inputFile when it is a .json file holding
/// one (docs/augment.md), alone or next to a network; nothing otherwise;
/// failure after reporting errors through the context's diagnostic handler.
mlir::FailureOr<std::optional<jsonimport::ImportedAugmentation>>
importAugmentation(mlir::MLIRContext &context, const CompilePlan &plan);

/// Writes an augmentation alone in its file: its library into
/// plan.outputDir, or (with `statement`: html or not) its lowered statement
/// to `out`.
llvm::Error emitAugmentation(const AugmentSpec &spec, const CompilePlan &plan,
                             std::optional<bool> statement,
                             llvm::raw_ostream &out);

/// Loads the dialects the tools need into `context`.
void loadDialects(mlir::MLIRContext &context);

/// Imports, verifies and runs the nn pipeline; null after reporting errors.
mlir::OwningOpRef<mlir::ModuleOp> importAndOptimize(mlir::MLIRContext &context,
                                                    const CompilePlan &plan);

/// Lowers `module` to Halide, schedules it for each target and writes the
/// library, header and weights into plan.outputDir, with the library and
/// header of `augmentation` (from the same file) when there is one.
llvm::Error emitLibrary(mlir::ModuleOp module, const CompilePlan &plan,
                        const AugmentSpec *augmentation = nullptr);

/// Lowers `module` as emitLibrary does and writes only <name>.weights into
/// plan.outputDir: retrained weights for a library compiled with the same
/// flags.
llvm::Error emitWeights(mlir::ModuleOp module, const CompilePlan &plan);

/// Lowers and schedules `module` like emitLibrary and writes Halide's lowered
/// statement (text or HTML) to `out` instead of a library.
llvm::Error emitStatement(mlir::ModuleOp module, const CompilePlan &plan,
                          bool html, llvm::raw_ostream &out);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_DRIVER_H
