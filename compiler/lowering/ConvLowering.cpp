//===- ConvLowering.cpp - conv2d and dense as Halide reductions -----------===//
//
// Both are a pure definition (the bias, or zero) plus an update that sums
// over the reduction domain. Weights are read in their OIHW / [M, K] layout;
// repacking them for speed is the schedules' business, not the algorithm's.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

/// `input` with zeros around its two innermost (spatial) dimensions.
static Func zeroPadded(Func input, const Shape &shape,
                       const std::string &name) {
  std::vector<Halide::Var> v = makeVars(4);
  Expr width = extent(shape, 3), height = extent(shape, 2);
  Expr inside = v[0] >= 0 && v[0] < width && v[1] >= 0 && v[1] < height;
  Func padded(name);
  // The clamps keep Halide's bounds inference inside the input.
  padded(v[0], v[1], v[2], v[3]) =
      Halide::select(inside,
                     input(Halide::clamp(v[0], 0, width - 1),
                           Halide::clamp(v[1], 0, height - 1), v[2], v[3]),
                     0.0f);
  return padded;
}

LogicalResult lowerConv2d(nn::Conv2dOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
        out = shapeOf(op.getOutput());
  ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                    dilation = op.getDilation();
  int groups = static_cast<int>(op.getGroups());
  int inPerGroup = static_cast<int>(w[1]);
  int outPerGroup = static_cast<int>(out[1] / groups);

  LoweredLayer layer{LayerKind::Conv2d, Func(state.nameFor(op)), out};
  Func input = state.lookup(op.getInput());
  bool padded = llvm::any_of(padding, [](int64_t p) { return p != 0; });
  if (padded) {
    input = zeroPadded(input, in, state.nameFor(op, "padded"));
    layer.helpers.push_back(input);
  }
  Func weight = state.lookup(op.getWeight());

  std::vector<Halide::Var> v = makeVars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::RDom r(0, static_cast<int>(w[3]), 0, static_cast<int>(w[2]), 0,
                 inPerGroup, state.nameFor(op, "r"));
  Expr inChannel =
      groups == 1 ? Expr(r.z) : (c / outPerGroup) * inPerGroup + r.z;
  Expr ix = x * static_cast<int>(strides[1]) - static_cast<int>(padding[1]) +
            r.x * static_cast<int>(dilation[1]);
  Expr iy = y * static_cast<int>(strides[0]) - static_cast<int>(padding[0]) +
            r.y * static_cast<int>(dilation[0]);

  Func &conv = layer.func;
  conv(x, y, c, n) = op.getBias() ? state.lookup(op.getBias())(c) : Expr(0.0f);
  conv(x, y, c, n) += weight(r.x, r.y, r.z, c) * input(ix, iy, inChannel, n);
  layer.reduction = r;

  state.define(op.getOutput(), conv);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerDense(nn::DenseOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  LoweredLayer layer{LayerKind::Dense, Func(state.nameFor(op)), out};
  Func input = state.lookup(op.getInput());
  Func weight = state.lookup(op.getWeight());

  std::vector<Halide::Var> v = makeVars(2);
  Halide::Var i = v[0], n = v[1];
  Halide::RDom k(0, static_cast<int>(in[1]), state.nameFor(op, "k"));
  Func &dense = layer.func;
  dense(i, n) = op.getBias() ? state.lookup(op.getBias())(i) : Expr(0.0f);
  dense(i, n) += weight(k, i) * input(k, n);
  layer.reduction = k;

  state.define(op.getOutput(), dense);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
