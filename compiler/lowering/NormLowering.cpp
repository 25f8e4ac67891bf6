//===- NormLowering.cpp - batch_norm and lrn ------------------------------===//
//
// batch_norm folds its four per-channel tensors into one multiplier per
// channel (a helper Func the schedule can compute once), so each element
// costs a subtract, a multiply and an add. lrn sums squares over a channel
// window read with a guard, like the pools: channels outside the tensor
// count as zero, and the divisor is always `size`, as in PyTorch.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include "dialects/nn/NNShapes.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerBatchNorm(nn::BatchNormOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::BatchNorm, Func(state.nameFor(op)), shape};
  std::vector<Halide::Var> v = makeVars(4);
  Halide::Var c = v[2];
  float epsilon = op.getEpsilon().convertToFloat();

  Func multiplier(state.nameFor(op, "multiplier"));
  multiplier(c) = state.lookup(op.getScale())(c) /
                  Halide::sqrt(state.lookup(op.getVariance())(c) + epsilon);
  Func input = state.lookup(op.getInput());
  layer.func(v) = (input(v) - state.lookup(op.getMean())(c)) * multiplier(c) +
                  state.lookup(op.getBias())(c);
  layer.computedOnce.push_back(multiplier);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerLrn(nn::LrnOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  size_t rank = shape.size();
  size_t channelDim = rank - 2; // nn dimension 1, in Halide order
  int channels = static_cast<int>(shape[1]);
  int size = static_cast<int>(op.getSize());
  nn::LrnWindow window = nn::lrnWindow(size);
  LoweredLayer layer{LayerKind::Lrn, Func(state.nameFor(op)), shape};
  Func input = state.lookup(op.getInput());

  std::vector<Halide::Var> vars = makeVars(rank);
  std::vector<Expr> all = asExprs(vars), neighbour = all;
  Halide::RDom r(0, size, state.nameFor(op, "r"));
  Expr channel = vars[channelDim] - static_cast<int>(window.before) + r;
  // The clamp keeps bounds inference inside the input; the guard drops
  // the clamped reads.
  neighbour[channelDim] = Halide::clamp(channel, 0, channels - 1);
  Expr inside = channel >= 0 && channel < channels;
  Expr value = input(neighbour);

  Func squares(state.nameFor(op, "sum_sq"));
  squares(all) = Halide::sum(Halide::select(inside, value * value, 0.0f));
  float alpha = op.getAlpha().convertToFloat();
  float beta = op.getBeta().convertToFloat();
  float bias = op.getBias().convertToFloat();
  Expr denominator = Halide::pow(bias + (alpha / size) * squares(all), beta);
  layer.func(all) = input(all) / denominator;
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
