//===- FusedDenseLowering.cpp - nn.fused_dense as one layer ---------------===//
//
// The dense layer is built by the code that builds an unfused one
// (defineDense), the activation by applyActivation, as a pure Func of its own
// over it: the arithmetic is exactly that of the unfused ops, so -O0 and -O1
// agree, and the schedule can inline the activation into whatever reads the
// layer.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerFusedDense(nn::FusedDenseOp op, LoweringState &state) {
  nn::Activation activation = nn::fusedActivation(op);
  bool activated = activation.kind != nn::ActivationKind::None;
  LoweredLayer layer{LayerKind::FusedDense, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  Func dense = activated ? Func(state.nameFor(op, "dense")) : layer.func;
  Halide::RDom k = defineDense(dense, op, op.getInput(), op.getWeight(),
                               op.getBias(), state);
  layer.dense = DenseParts{dense, k, activated};
  if (activated) {
    std::vector<Halide::Var> v = makeVars(2);
    layer.func(v[0], v[1]) = applyActivation(activation, dense(v[0], v[1]));
  }
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
