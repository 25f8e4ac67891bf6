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

// Defines the op's result as `activation` applied to each input element.
template <typename Op>
static LogicalResult lowerUnary(Op op, LayerKind kind, LoweringState &state,
                                const Activation &activation) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{kind, Func(state.nameFor(op)), shape};
  std::vector<Expr> v = asExprs(makeVars(shape.size()));
  layer.func(v) = applyActivation(activation, state.lookup(op.getInput())(v));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

Expr applyActivation(const Activation &activation, Expr x) {
  const std::string &kind = activation.kind;
  if (kind == "relu")
    return Halide::max(x, 0.0f);
  if (kind == "sigmoid")
    return 1.0f / (1.0f + Halide::exp(-x));
  if (kind == "tanh")
    return Halide::tanh(x);
  if (kind == "leaky_relu")
    return Halide::select(x >= 0.0f, x, activation.alpha * x);
  if (kind == "clip")
    return Halide::clamp(x, activation.min, activation.max);
  assert(kind == "none" && "unknown activation");
  return x;
}

LogicalResult lowerRelu(nn::ReluOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Relu, state, {"relu"});
}

LogicalResult lowerSigmoid(nn::SigmoidOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Sigmoid, state, {"sigmoid"});
}

LogicalResult lowerTanh(nn::TanhOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Tanh, state, {"tanh"});
}

LogicalResult lowerLeakyRelu(nn::LeakyReluOp op, LoweringState &state) {
  Activation leaky{"leaky_relu"};
  leaky.alpha = op.getAlpha().convertToFloat();
  return lowerUnary(op, LayerKind::LeakyRelu, state, leaky);
}

LogicalResult lowerClip(nn::ClipOp op, LoweringState &state) {
  Activation clip{"clip", op.getMin().convertToFloat(),
                  op.getMax().convertToFloat()};
  return lowerUnary(op, LayerKind::Clip, state, clip);
}

LogicalResult lowerPassThrough(Operation *op, LoweringState &state) {
  state.define(op->getResult(0), state.lookup(op->getOperand(0)));
  return success();
}

} // namespace kiln::lowering
