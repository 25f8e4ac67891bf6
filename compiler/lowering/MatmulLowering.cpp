//===- MatmulLowering.cpp - matmul, batched like numpy --------------------===//
//
// Like dense, a pure definition (zero) plus an update summing over K, so the
// schedules treat both the same way (reduction outside the vectorized
// columns). Batch dimensions broadcast with broadcastCoords.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerMatmul(nn::MatmulOp op, LoweringState &state) {
  Shape lhsShape = shapeOf(op.getLhs()), rhsShape = shapeOf(op.getRhs()),
        out = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Matmul, Func(state.nameFor(op)), out};
  // Halide order: column (N), row (M), then the batch dimensions.
  std::vector<Halide::Var> v = makeVars(out.size());
  Halide::RDom k(0, static_cast<int>(lhsShape.back()), state.nameFor(op, "k"));

  std::vector<Expr> lhs = broadcastCoords(v, lhsShape, out);
  lhs[0] = k;
  lhs[1] = v[1];
  std::vector<Expr> rhs = broadcastCoords(v, rhsShape, out);
  rhs[0] = v[0];
  rhs[1] = k;
  Func &matmul = layer.func;
  matmul(v) = 0.0f;
  matmul(v) += state.lookup(op.getLhs())(lhs) * state.lookup(op.getRhs())(rhs);
  layer.reduction = k;
  state.define(op.getOutput(), matmul);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
