//===- ElementwiseLowering.cpp - relu and add -----------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerRelu(nn::ReluOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Relu, Func(state.nameFor(op)), shape};
  std::vector<Halide::Expr> v = asExprs(makeVars(shape.size()));
  layer.func(v) = Halide::max(state.lookup(op.getInput())(v), 0.0f);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerAdd(nn::AddOp op, LoweringState &state) {
  Shape shape = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Add, Func(state.nameFor(op)), shape};
  std::vector<Halide::Expr> v = asExprs(makeVars(shape.size()));
  layer.func(v) = state.lookup(op.getLhs())(v) + state.lookup(op.getRhs())(v);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
