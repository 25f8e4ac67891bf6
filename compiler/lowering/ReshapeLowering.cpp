//===- ReshapeLowering.cpp - flatten --------------------------------------===//
//
// Flatten keeps the row-major element order, so output element (i, m) is the
// input element whose linear index is m * inner + i; the index arithmetic
// recovers its coordinates.
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
  size_t innerDims =
      rank - static_cast<size_t>(op.getAxis() < 0 ? op.getAxis() + rank
                                                  : op.getAxis());
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

} // namespace kiln::lowering
