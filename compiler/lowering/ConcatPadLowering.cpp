//===- ConcatPadLowering.cpp - concat, constant pad and slice -------------===//
//
// Each builds a tensor out of regions of others. Concat copies each input
// into its range of the axis, one update definition per input, so that a
// vectorized copy reads whole vectors of one input (a select between the
// inputs would read every input at clamped, hence gathered, positions). Pad
// surrounds the input with a constant, chosen with a select; its reads are
// clamped into the input so that Halide's bounds inference (which looks at
// every branch of a select) never asks for elements outside the input's
// fixed bounds. Slice reads a strided window, always inside its input
// (nn.slice's type inference checks that).
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include "dialects/nn/NNShapes.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerConcat(nn::ConcatOp op, LoweringState &state) {
  Shape out = shapeOf(op.getOutput());
  size_t rank = out.size();
  size_t axis =
      rank - 1 -
      static_cast<size_t>(cantFail(nn::normalizeAxis(op.getAxis(), rank)));
  LoweredLayer layer{LayerKind::Concat, Func(state.nameFor(op)), out};
  ConcatParts &parts = layer.concat.emplace();
  parts.dim = static_cast<int>(axis);
  std::vector<Halide::Var> v = makeVars(rank);
  layer.func(v) = Halide::undef<float>();
  int begin = 0;
  for (Value input : op.getInputs()) {
    int size = static_cast<int>(shapeOf(input)[rank - 1 - axis]);
    Halide::RDom r(0, size, state.nameFor(op, "r"));
    std::vector<Expr> from = asExprs(v), to = asExprs(v);
    from[axis] = r;
    to[axis] = r + begin;
    layer.func(to) = state.lookup(input)(from);
    parts.copies.push_back(r);
    begin += size;
  }
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerSlice(nn::SliceOp op, LoweringState &state) {
  Shape out = shapeOf(op.getOutput());
  size_t rank = out.size();
  LoweredLayer layer{LayerKind::Slice, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(rank);
  std::vector<Expr> coords(rank);
  for (size_t d = 0; d < rank; ++d) {
    size_t dim = rank - 1 - d; // nn dimension of Halide dimension d
    coords[d] = static_cast<int>(op.getStarts()[dim]) +
                v[d] * static_cast<int>(op.getSteps()[dim]);
  }
  layer.func(v) = state.lookup(op.getInput())(coords);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerPad(nn::PadOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  size_t rank = in.size();
  ArrayRef<int64_t> pads = op.getPads();
  LoweredLayer layer{LayerKind::Pad, Func(state.nameFor(op)), out};
  std::vector<Halide::Var> v = makeVars(rank);

  std::vector<Expr> coords(rank);
  Expr inside = Halide::Internal::const_true();
  for (size_t d = 0; d < rank; ++d) {
    size_t dim = rank - 1 - d; // nn dimension of Halide dimension d
    int size = static_cast<int>(in[dim]);
    Expr position = v[d] - static_cast<int>(pads[dim]);
    inside = inside && position >= 0 && position < size;
    coords[d] = Halide::clamp(position, 0, size - 1);
  }
  float value = op.getValue().convertToFloat();
  layer.func(v) =
      Halide::select(inside, state.lookup(op.getInput())(coords), value);
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
