//===- SoftmaxLowering.cpp - softmax along one axis -----------------------===//
//
// exp(x - max) / sum(exp(x - max)): subtracting the maximum keeps exp from
// overflowing for large logits without changing the result.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include "dialects/nn/NNShapes.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerSoftmax(nn::SoftmaxOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  size_t rank = shape.size();
  size_t axis =
      rank - 1 -
      static_cast<size_t>(cantFail(nn::normalizeAxis(op.getAxis(), rank)));
  LoweredLayer layer{LayerKind::Softmax, Func(state.nameFor(op)), shape};
  Func input = state.lookup(op.getInput());

  std::vector<Halide::Var> vars = makeVars(rank);
  std::vector<Expr> all = asExprs(vars), others, alongR = all;
  for (size_t d = 0; d < rank; ++d)
    if (d != axis)
      others.push_back(vars[d]);
  Halide::RDom r(0, static_cast<int>(shape[rank - 1 - axis]),
                 state.nameFor(op, "r"));
  alongR[axis] = r;

  Func maximum(state.nameFor(op, "max")), exps(state.nameFor(op, "exp")),
      total(state.nameFor(op, "sum"));
  maximum(others) = Halide::maximum(input(alongR));
  exps(all) = Halide::exp(input(all) - maximum(others));
  total(others) = Halide::sum(exps(alongR));
  layer.func(all) = exps(all) / total(others);
  layer.helpers = {maximum, exps, total};

  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
