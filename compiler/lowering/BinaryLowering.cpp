//===- BinaryLowering.cpp - add, sub, mul and div with broadcasting -------===//
//
// numpy broadcasting without copies: each operand is read at the output's
// coordinates, aligned from the innermost dimension, with its size-1
// dimensions read at index 0 (broadcastCoords). Same-shape operands (residual
// adds) read both at the output position.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

template <typename Op, typename Fn>
static LogicalResult lowerBinary(Op op, LayerKind kind, LoweringState &state,
                                 Fn fn) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{kind, Func(state.nameFor(op)), shape};
  std::vector<Halide::Var> v = makeVars(shape.size());
  Expr lhs = state.lookup(op.getLhs())(
      broadcastCoords(v, shapeOf(op.getLhs()), shape));
  Expr rhs = state.lookup(op.getRhs())(
      broadcastCoords(v, shapeOf(op.getRhs()), shape));
  layer.func(v) = fn(lhs, rhs);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

// The convolution layer that computes `operand` for an add alone, unpooled.
static LoweredLayer *soleConvOperand(Value operand, LoweringState &state) {
  if (!operand.hasOneUse())
    return nullptr;
  LoweredLayer *conv = state.convLayerOf(operand);
  return conv && conv->conv && !conv->conv->pooled ? conv : nullptr;
}

// The buffer `func` reads: an ImageParam's own where it only wraps one (a
// part's input), else its own.
static std::string bufferOf(const Halide::Func &func) {
  if (func.defined() && func.outputs() == 1 &&
      func.num_update_definitions() == 0) {
    const auto *call = func.value().as<Halide::Internal::Call>();
    if (call && call->call_type == Halide::Internal::Call::Image &&
        call->param.defined())
      return call->name;
  }
  return func.name();
}

// Records on a convolution that the add `op` is its only reader, when both
// operands have the add's shape (LoweredLayer::residualAdd), and on the
// other operand, when that is such a convolution too, that it may be
// computed in the first one's tiles (LoweredLayer::residualPartner).
static void markResidualAdd(nn::AddOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  if (shapeOf(op.getLhs()) != shape || shapeOf(op.getRhs()) != shape)
    return;
  LoweredLayer *lhs = soleConvOperand(op.getLhs(), state);
  LoweredLayer *rhs = soleConvOperand(op.getRhs(), state);
  LoweredLayer *conv = lhs ? lhs : rhs;
  if (!conv)
    return;
  conv->residualAdd = state.nextLayerIndex();
  conv->conv->residualShortcut =
      bufferOf(state.lookup(conv == lhs ? op.getRhs() : op.getLhs()));
  LoweredLayer *partner = conv == lhs ? rhs : nullptr;
  if (partner) {
    conv->residualPartner = state.indexOf(*partner);
    partner->computedInResidual = state.indexOf(*conv);
  }
}

void markResidualActivation(Value input, LoweringState &state) {
  auto add = input.getDefiningOp<nn::AddOp>();
  if (!add || !input.hasOneUse())
    return;
  // Across a part's end the input is the next part's parameter, no layer.
  LoweredLayer *addLayer = state.layerStoring(state.lookup(input));
  if (!addLayer)
    return;
  for (Value operand : {add.getLhs(), add.getRhs()}) {
    LoweredLayer *conv = state.convLayerOf(operand);
    if (conv && conv->residualAdd &&
        state.layerAt(*conv->residualAdd) == addLayer) {
      conv->residualActivation = state.nextLayerIndex();
      return;
    }
  }
}

LogicalResult lowerAdd(nn::AddOp op, LoweringState &state) {
  markResidualAdd(op, state);
  return lowerBinary(op, LayerKind::Add, state,
                     [](Expr a, Expr b) { return a + b; });
}

LogicalResult lowerSub(nn::SubOp op, LoweringState &state) {
  return lowerBinary(op, LayerKind::Sub, state,
                     [](Expr a, Expr b) { return a - b; });
}

LogicalResult lowerMul(nn::MulOp op, LoweringState &state) {
  return lowerBinary(op, LayerKind::Mul, state,
                     [](Expr a, Expr b) { return a * b; });
}

LogicalResult lowerDiv(nn::DivOp op, LoweringState &state) {
  return lowerBinary(op, LayerKind::Div, state,
                     [](Expr a, Expr b) { return a / b; });
}

} // namespace kiln::lowering
