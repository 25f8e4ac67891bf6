//===- ReshapeLowering.cpp - flatten, reshape and transpose ---------------===//
//
// Ops that only move elements, so each is one pure definition reading the
// input at remapped coordinates. Flatten and reshape keep the row-major
// element order: output element (i, m) of a flatten is the input element
// whose linear index is m * inner + i, and a reshape goes through the
// linear index of the output element; the index arithmetic recovers the
// input's coordinates. Transpose reads with its dimensions permuted.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerFlatten(nn::FlattenOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Flatten, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(2);

  // Halide dimension d of the input is nn dimension rank-1-d; the first
  // `inner` Halide dimensions come from the output's i, the rest from n.
  size_t rank = in.size();
  // The axis attribute is signed; count negative values from the end.
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += static_cast<int64_t>(rank);
  size_t innerDims = rank - static_cast<size_t>(axis);
  std::vector<Expr> coords(rank);
  Expr inner = v[0], outer = v[1];
  for (size_t d = 0; d < rank; ++d) {
    Expr &linear = d < innerDims ? inner : outer;
    int size = static_cast<int>(in[rank - 1 - d]);
    coords[d] = linear % size;
    linear = linear / size;
  }
  layer.func(v[0], v[1]) = state.lookup(op.getInput())(coords);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerReshape(nn::ReshapeOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Reshape, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(out.size());

  // Row-major linear index of the output element; Halide dimension 0 is the
  // innermost (last nn dimension).
  Expr linear = 0;
  for (size_t d = out.size(); d-- > 0;)
    linear = linear * static_cast<int>(out[out.size() - 1 - d]) + v[d];
  std::vector<Expr> coords(in.size());
  for (size_t d = 0; d < in.size(); ++d) {
    int size = static_cast<int>(in[in.size() - 1 - d]);
    coords[d] = linear % size;
    linear = linear / size;
  }
  layer.func(v) = state.lookup(op.getInput())(coords);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerTranspose(nn::TransposeOp op, LoweringState &state) {
  Shape out = shapeOf(op.getOutput());
  size_t rank = out.size();
  LoweredLayer layer{LayerKind::Transpose, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(rank);
  // nn output dimension i is nn input dimension permutation[i]; Halide
  // numbers both from the other end.
  std::vector<Expr> coords(rank);
  for (auto [i, p] : llvm::enumerate(op.getPermutation()))
    coords[rank - 1 - static_cast<size_t>(p)] = v[rank - 1 - i];
  layer.func(v) = state.lookup(op.getInput())(coords);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
