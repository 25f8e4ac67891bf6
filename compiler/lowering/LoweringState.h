//===- LoweringState.h - what per-op lowerings share ------------*- C++ -*-===//
//
// Maps each nn value to the Halide Func computing it, names Funcs after the
// layer (the MLIR location) so stmt dumps read like the model, and creates the
// ImageParam of each weight. Each op family's lowering lives in its own file
// and is declared here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_LOWERINGSTATE_H
#define KILN_COMPILER_LOWERING_LOWERINGSTATE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "dialects/nn/NNDialect.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

namespace kiln::lowering {

class LoweringState {
public:
  explicit LoweringState(LoweredNetwork &network) : network(network) {}

  /// The Func computing `value` (an input, a weight or a layer's result).
  Halide::Func lookup(mlir::Value value) const;
  void define(mlir::Value value, Halide::Func func) { funcs[value] = func; }

  /// A unique Halide name for a Func of the op's layer: "conv1", or
  /// "conv1_padded" with a suffix.
  std::string nameFor(mlir::Operation *op, llvm::StringRef suffix = "");
  std::string uniqueName(llvm::StringRef base);

  /// Makes the weight an ImageParam of the pipeline.
  void addWeight(mlir::Value result, mlir::ElementsAttr data,
                 llvm::StringRef name);

  void addLayer(LoweredLayer layer) {
    network.layers.push_back(std::move(layer));
  }

private:
  LoweredNetwork &network;
  llvm::DenseMap<mlir::Value, Halide::Func> funcs;
  llvm::StringSet<> usedNames;
};

/// Halide's pure Vars for a tensor of `rank`, dimension 0 first (x, y, c, n
/// for images; i, n for matrices).
std::vector<Halide::Var> makeVars(size_t rank);
std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars);
Shape shapeOf(mlir::Value value);

/// Extent of nn dimension `dim` as a Halide Expr.
inline Halide::Expr extent(const Shape &shape, size_t dim) {
  return Halide::Expr(static_cast<int>(shape[dim]));
}

// Per-family lowerings; each defines the op's result Func in the state.
mlir::LogicalResult lowerConv2d(kiln::nn::Conv2dOp op, LoweringState &state);
mlir::LogicalResult lowerDense(kiln::nn::DenseOp op, LoweringState &state);
mlir::LogicalResult lowerMaxPool2d(kiln::nn::MaxPool2dOp op,
                                   LoweringState &state);
mlir::LogicalResult lowerAvgPool2d(kiln::nn::AvgPool2dOp op,
                                   LoweringState &state);
mlir::LogicalResult lowerRelu(kiln::nn::ReluOp op, LoweringState &state);
mlir::LogicalResult lowerAdd(kiln::nn::AddOp op, LoweringState &state);
mlir::LogicalResult lowerFlatten(kiln::nn::FlattenOp op, LoweringState &state);
mlir::LogicalResult lowerSoftmax(kiln::nn::SoftmaxOp op, LoweringState &state);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWERINGSTATE_H
