//===- SoftmaxLowering.cpp - softmax and log_softmax along one axis -------===//
//
// exp(x - max) / sum(exp(x - max)): subtracting the maximum keeps exp from
// overflowing for large logits without changing the result. log_softmax is
// x - max - log(sum(exp(x - max))), which stays accurate where the log of a
// tiny softmax value would not.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include "dialects/nn/NNShapes.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

namespace {

// The Funcs both ops share: the maximum and the sum of exp(x - max) along
// the axis, indexed by the other dimensions.
struct AxisReduction {
  std::vector<Halide::Var> vars;
  std::vector<Expr> all, others;
  Func maximum, exps, total;
};

template <typename Op>
AxisReduction reduceAlongAxis(Op op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  size_t rank = shape.size();
  size_t axis =
      rank - 1 -
      static_cast<size_t>(cantFail(nn::normalizeAxis(op.getAxis(), rank)));
  Func input = state.lookup(op.getInput());

  AxisReduction red;
  red.vars = makeVars(rank);
  red.all = asExprs(red.vars);
  std::vector<Expr> alongR = red.all;
  for (size_t d = 0; d < rank; ++d)
    if (d != axis)
      red.others.push_back(red.vars[d]);
  Halide::RDom r(0, static_cast<int>(shape[rank - 1 - axis]),
                 state.nameFor(op, "r"));
  alongR[axis] = r;

  red.maximum = Func(state.nameFor(op, "max"));
  red.exps = Func(state.nameFor(op, "exp"));
  red.total = Func(state.nameFor(op, "sum"));
  red.maximum(red.others) = Halide::maximum(input(alongR));
  red.exps(red.all) = Halide::exp(input(red.all) - red.maximum(red.others));
  red.total(red.others) = Halide::sum(red.exps(alongR));
  return red;
}

} // namespace

LogicalResult lowerSoftmax(nn::SoftmaxOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::Softmax, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  AxisReduction red = reduceAlongAxis(op, state);
  layer.func(red.all) = red.exps(red.all) / red.total(red.others);
  layer.computedOnce = {red.maximum, red.exps, red.total};
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerLogSoftmax(nn::LogSoftmaxOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::LogSoftmax, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  AxisReduction red = reduceAlongAxis(op, state);
  Func input = state.lookup(op.getInput());
  layer.func(red.all) = input(red.all) - red.maximum(red.others) -
                        Halide::log(red.total(red.others));
  // exp(x - max) has one use, the sum: computed inline there.
  layer.computedOnce = {red.maximum, red.total};
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
