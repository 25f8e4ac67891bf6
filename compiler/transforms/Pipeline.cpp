//===- Pipeline.cpp - the kiln-pipeline pass pipeline ---------------------===//
//
// The nn-level optimization pipeline: identities removed, batch norms and
// constant arithmetic folded, clean-ups, then fusion; at -O0 only the closing
// form check runs, so the module reaches the lowering exactly as the frontend
// built it.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace kiln {
namespace {
#define GEN_PASS_REGISTRATION
#include "compiler/transforms/Passes.h.inc"
} // namespace

void buildKilnPipeline(mlir::OpPassManager &pm,
                       const PipelineOptions &options) {
  if (options.optLevel > 0) {
    // First, so that no dropout stands between ops that fold or fuse.
    RemoveIdentitiesOptions removeIdentities;
    removeIdentities.remarks = options.remarks;
    pm.addNestedPass<mlir::func::FuncOp>(
        createRemoveIdentities(removeIdentities));
    // Before constant folding, which would move a Keras Rescaling's
    // multiply into the first layer's weights.
    pm.addNestedPass<mlir::func::FuncOp>(createAbsorbInputScaling());
    FoldBatchNormOptions foldBatchNorm;
    foldBatchNorm.remarks = options.remarks;
    pm.addNestedPass<mlir::func::FuncOp>(createFoldBatchNorm(foldBatchNorm));
    pm.addNestedPass<mlir::func::FuncOp>(createFoldConstants());
    pm.addPass(mlir::createCanonicalizerPass());
    pm.addPass(mlir::createCSEPass());
    ShareConcatPrefixesOptions shareConcatPrefixes;
    shareConcatPrefixes.remarks = options.remarks;
    pm.addNestedPass<mlir::func::FuncOp>(
        createShareConcatPrefixes(shareConcatPrefixes));
    // After batch-norm folding and canonicalization, so that a folded batch
    // norm no longer stands between a convolution and its activation.
    FuseConvOptions fuseConv;
    fuseConv.remarks = options.remarks;
    pm.addNestedPass<mlir::func::FuncOp>(createFuseConv(fuseConv));
    FuseDenseOptions fuseDense;
    fuseDense.remarks = options.remarks;
    pm.addNestedPass<mlir::func::FuncOp>(createFuseDense(fuseDense));
  }
  pm.addPass(createVerifyLowerable());
}

void registerKilnPasses() {
  registerKilnTransformsPasses();
  mlir::PassPipelineRegistration<PipelineOptions>(
      "kiln-pipeline", "Kiln's nn optimizations and closing form check",
      buildKilnPipeline);
}

} // namespace kiln
