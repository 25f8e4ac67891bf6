//===- Passes.h - Kiln's nn-to-nn passes and pipeline -----------*- C++ -*-===//

#ifndef KILN_COMPILER_TRANSFORMS_PASSES_H
#define KILN_COMPILER_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace kiln {

#define GEN_PASS_DECL
#include "compiler/transforms/Passes.h.inc"

/// Options of the `kiln-pipeline` pass pipeline (kilnc builds it too).
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("0 turns the nn optimizations off"),
                            llvm::cl::init(1)};
  Option<bool> remarks{*this, "remarks",
                       llvm::cl::desc("Say for each optimization candidate "
                                      "whether it was applied, and why not"),
                       llvm::cl::init(false)};
};

/// Adds the nn passes for `options` to `pm`, ending with the check that the
/// module is ready for the Halide lowering.
void buildKilnPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers every Kiln pass and the `kiln-pipeline` pipeline (for kiln-opt).
void registerKilnPasses();

} // namespace kiln

#endif // KILN_COMPILER_TRANSFORMS_PASSES_H
