//===- ReduceLowering.cpp - reduce_mean, reduce_max -----------------------===//
//
// An inline sum (divided by the number of elements summed) or maximum over
// an RDom spanning the reduced dimensions. Kept dimensions read the output's
// Var; reduced ones read the RDom, whether or not they stay in the result as
// size 1.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

template <typename ReduceOp, typename Reduction>
static LogicalResult lowerReduce(ReduceOp op, LayerKind kind,
                                 LoweringState &state, Reduction reduce) {
  Shape in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  size_t rank = in.size();
  LoweredLayer layer{kind, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(out.size());

  llvm::SmallBitVector reduced(rank); // by nn dimension
  for (int64_t axis : op.getAxes())
    reduced.set(cantFail(nn::normalizeAxis(axis, rank)));
  // The RDom's dimensions, innermost first, like Halide's.
  std::vector<Halide::Range> ranges;
  for (size_t d = rank; d-- > 0;)
    if (reduced.test(d))
      ranges.emplace_back(0, static_cast<int>(in[d]));
  Halide::RDom r(ranges, state.nameFor(op, "r"));

  // Walk the input from the innermost dimension, taking the next RDom
  // dimension for reduced ones and the next output Var otherwise (skipping
  // the size-1 output dimension a reduced one leaves with keepdims).
  std::vector<Expr> coords;
  size_t nextR = 0, nextVar = 0;
  int64_t count = 1;
  for (size_t d = rank; d-- > 0;) {
    if (reduced.test(d)) {
      coords.push_back(r[static_cast<int>(nextR++)]);
      count *= in[d];
      if (op.getKeepdims())
        ++nextVar;
    } else {
      coords.push_back(v[nextVar++]);
    }
  }
  layer.func(v) = reduce(state.lookup(op.getInput())(coords), count);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerReduceMean(nn::ReduceMeanOp op, LoweringState &state) {
  return lowerReduce(op, LayerKind::ReduceMean, state,
                     [](Expr value, int64_t count) {
                       return Halide::sum(value) / static_cast<float>(count);
                     });
}

LogicalResult lowerReduceMax(nn::ReduceMaxOp op, LoweringState &state) {
  return lowerReduce(op, LayerKind::ReduceMax, state, [](Expr value, int64_t) {
    return Halide::maximum(value);
  });
}

} // namespace kiln::lowering
