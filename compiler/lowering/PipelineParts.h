//===- PipelineParts.h - where a network splits into pipelines --*- C++ -*-===//
//
// Halide 14 lowers one pipeline in time that grows faster than linearly
// with its stages (DenseNet-121 as one pipeline takes many minutes; its
// first 32 layers alone 73 s, 16 layers 15 s). A large network is therefore
// compiled as a chain of pipelines: each part but the last is a separate
// Halide function that the last part (the library's entry point) calls as
// an extern stage. A part ends only where exactly one value, a layer's
// result, flows on: there the next part takes it as its only input, and
// nothing else has to cross. It never ends between a value and the
// activation that alone reads it, which is applied where the value is stored.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_PIPELINEPARTS_H
#define KILN_COMPILER_LOWERING_PIPELINEPARTS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <vector>

namespace kiln::lowering {

/// Where a part ends: after the op `after`, with `crossing` the only value
/// computed so far that later ops read.
struct PartEnd {
  mlir::Operation *after;
  mlir::Value crossing;
};

/// How many layers an op counts as: 1, or more for one that lowers to
/// many Halide stages (a Winograd convolution has eight).
using LayerWeight = llvm::function_ref<unsigned(mlir::Operation &)>;

/// The cuts that split `func` into parts of at least `layersPerPart` layers
/// each (the last part may have fewer, but not under a quarter of that), in
/// program order, each layer counted `layerWeight` times. Empty when
/// `layersPerPart` is 0 or no cut qualifies.
std::vector<PartEnd> choosePartEnds(mlir::func::FuncOp func,
                                    unsigned layersPerPart,
                                    LayerWeight layerWeight);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_PIPELINEPARTS_H
