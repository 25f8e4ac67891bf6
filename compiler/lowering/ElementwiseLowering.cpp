//===- ElementwiseLowering.cpp - activations, dropout and identity -------===//
//
// Unary activations: one pure definition each, applying a scalar function to
// the input element at the same position. They carry no state, so the
// schedules are free to inline them into their consumers. applyActivation is
// shared with the fused ops, which apply the same functions. nn.dropout and
// nn.identity (kept at -O0) define no Func: their result is their input's.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

Expr applyActivation(const nn::Activation &activation, Expr x) {
  switch (activation.kind) {
  case nn::ActivationKind::None:
    return x;
  case nn::ActivationKind::Relu:
    return Halide::max(x, 0.0f);
  case nn::ActivationKind::Clip:
    return Halide::clamp(x, activation.min, activation.max);
  case nn::ActivationKind::LeakyRelu:
    return Halide::select(x >= 0.0f, x, activation.alpha * x);
  case nn::ActivationKind::Sigmoid:
    return 1.0f / (1.0f + Halide::exp(-x));
  case nn::ActivationKind::Tanh:
    return Halide::tanh(x);
  }
  llvm_unreachable("an ActivationKind without a definition");
}

// Defines the op's result as its activation applied to each input element.
LogicalResult lowerActivation(nn::ActivationOpInterface op,
                              LoweringState &state) {
  Value input = op->getOperand(0), output = op->getResult(0);
  markResidualActivation(input, state);
  Shape shape = shapeOf(output);
  LoweredLayer layer{LayerKind::Activation, Func(state.nameFor(op)), shape};
  std::vector<Expr> v = asExprs(makeVars(shape.size()));
  layer.func(v) =
      applyActivation(op.getActivationFunction(), state.lookup(input)(v));
  state.define(output, layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerPassThrough(Operation *op, LoweringState &state) {
  state.define(op->getResult(0), state.lookup(op->getOperand(0)));
  return success();
}

} // namespace kiln::lowering
