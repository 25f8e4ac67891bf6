//===- ElementwiseLowering.cpp - relu, sigmoid, tanh, leaky_relu, clip ----===//
//
// Unary activations: one pure definition each, applying a scalar function to
// the input element at the same position. They carry no state, so the
// schedules are free to inline them into their consumers.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

// Defines the op's result as `fn` applied to each input element.
template <typename Op, typename Fn>
static LogicalResult lowerUnary(Op op, LayerKind kind, LoweringState &state,
                                Fn fn) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{kind, Func(state.nameFor(op)), shape};
  std::vector<Expr> v = asExprs(makeVars(shape.size()));
  layer.func(v) = fn(state.lookup(op.getInput())(v));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerRelu(nn::ReluOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Relu, state,
                    [](Expr x) { return Halide::max(x, 0.0f); });
}

LogicalResult lowerSigmoid(nn::SigmoidOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Sigmoid, state,
                    [](Expr x) { return 1.0f / (1.0f + Halide::exp(-x)); });
}

LogicalResult lowerTanh(nn::TanhOp op, LoweringState &state) {
  return lowerUnary(op, LayerKind::Tanh, state,
                    [](Expr x) { return Halide::tanh(x); });
}

LogicalResult lowerLeakyRelu(nn::LeakyReluOp op, LoweringState &state) {
  float alpha = op.getAlpha().convertToFloat();
  return lowerUnary(op, LayerKind::LeakyRelu, state, [alpha](Expr x) {
    return Halide::select(x >= 0.0f, x, alpha * x);
  });
}

LogicalResult lowerClip(nn::ClipOp op, LoweringState &state) {
  float lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
  return lowerUnary(op, LayerKind::Clip, state,
                    [lo, hi](Expr x) { return Halide::clamp(x, lo, hi); });
}

} // namespace kiln::lowering
