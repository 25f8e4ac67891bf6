//===- PoolLowering.cpp - windowed and global pooling ---------------------===//
//
// Windows are read with a guard instead of a padded copy: positions outside
// the input never win a max and count as zero in an average. The average's
// divisor follows PyTorch: with count_include_pad the window is clipped to
// the padded input, without it to the input itself. The window code
// (maxPoolValue, avgPoolValue) also pools nn.fused_conv2d's convolution. The
// global pools reduce each whole H x W plane to one value.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

#include <limits>

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {
namespace {

struct Window {
  Halide::RDom r;
  Expr ix, iy; // input position of the window element
  Expr inside; // whether it lies inside the input
  Expr clampedValue;
};

// `p.dilation` spaces the window's elements ([h, w], max pooling only;
// empty means 1x1).
Window makeWindow(Func input, const Shape &in, const nn::Pool2dParams &p,
                  const std::vector<Halide::Var> &v, const std::string &rName) {
  static const int64_t noDilation[] = {1, 1};
  ArrayRef<int64_t> dilation = p.dilation.empty() ? noDilation : p.dilation;
  Window w;
  w.r = Halide::RDom(0, static_cast<int>(p.kernel[1]), 0,
                     static_cast<int>(p.kernel[0]), rName);
  w.ix = v[0] * static_cast<int>(p.strides[1]) -
         static_cast<int>(p.padding[1]) + w.r.x * static_cast<int>(dilation[1]);
  w.iy = v[1] * static_cast<int>(p.strides[0]) -
         static_cast<int>(p.padding[0]) + w.r.y * static_cast<int>(dilation[0]);
  Expr width = extent(in, 3), height = extent(in, 2);
  w.inside = w.ix >= 0 && w.ix < width && w.iy >= 0 && w.iy < height;
  w.clampedValue = input(Halide::clamp(w.ix, 0, width - 1),
                         Halide::clamp(w.iy, 0, height - 1), v[2], v[3]);
  return w;
}

// Number of positions of the window [start, start + kernel) that lie inside
// [-padBefore, size + padAfter).
Expr windowCount(Expr start, int kernel, int size, int padBefore,
                 int padAfter) {
  Expr begin = Halide::max(start, -padBefore);
  Expr end = Halide::min(start + kernel, size + padAfter);
  return end - begin;
}

} // namespace

Expr maxPoolValue(Func input, const Shape &in, const nn::Pool2dParams &params,
                  const std::vector<Halide::Var> &v, const std::string &rName) {
  Window w = makeWindow(input, in, params, v, rName);
  Expr lowest = Expr(-std::numeric_limits<float>::infinity());
  return Halide::maximum(Halide::select(w.inside, w.clampedValue, lowest));
}

Expr avgPoolValue(Func input, const Shape &in, const nn::Pool2dParams &params,
                  bool countIncludePad, const std::vector<Halide::Var> &v,
                  const std::string &rName) {
  Window w = makeWindow(input, in, params, v, rName);
  auto count = [&](Halide::Var pos, int axis) {
    int stride = static_cast<int>(params.strides[axis]);
    int before = static_cast<int>(params.padding[axis]);
    int after = static_cast<int>(params.padding[axis + 2]);
    int size = static_cast<int>(in[2 + axis]);
    int kernel = static_cast<int>(params.kernel[axis]);
    Expr start = pos * stride - before;
    return countIncludePad ? windowCount(start, kernel, size, before, after)
                           : windowCount(start, kernel, size, 0, 0);
  };
  Expr divisor = Halide::cast<float>(count(v[1], 0) * count(v[0], 1));
  Expr sum = Halide::sum(Halide::select(w.inside, w.clampedValue, 0.0f));
  return sum / divisor;
}

LogicalResult lowerMaxPool2d(nn::MaxPool2dOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::MaxPool2d, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  std::vector<Halide::Var> v = makeVars(4);
  nn::Pool2dParams params{op.getKernel(), op.getStrides(), op.getPadding(),
                          op.getCeilMode(), op.getDilation()};
  layer.func(v[0], v[1], v[2], v[3]) =
      maxPoolValue(state.lookup(op.getInput()), shapeOf(op.getInput()), params,
                   v, state.nameFor(op, "r"));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerAvgPool2d(nn::AvgPool2dOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::AvgPool2d, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  std::vector<Halide::Var> v = makeVars(4);
  nn::Pool2dParams params{op.getKernel(), op.getStrides(), op.getPadding(),
                          op.getCeilMode()};
  layer.func(v[0], v[1], v[2], v[3]) =
      avgPoolValue(state.lookup(op.getInput()), shapeOf(op.getInput()), params,
                   op.getCountIncludePad(), v, state.nameFor(op, "r"));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

// An [N, C, 1, 1] result reducing each H x W plane of the input with
// `reduce` (Halide::sum or Halide::maximum) over `r`.
template <typename GlobalPoolOp, typename Reduce>
static LogicalResult lowerGlobalPool(GlobalPoolOp op, LayerKind kind,
                                     LoweringState &state, Reduce reduce) {
  Shape in = shapeOf(op.getInput());
  LoweredLayer layer{kind, Func(state.nameFor(op)), shapeOf(op.getOutput())};
  std::vector<Halide::Var> v = makeVars(4);
  Halide::RDom r(0, static_cast<int>(in[3]), 0, static_cast<int>(in[2]),
                 state.nameFor(op, "r"));
  Func input = state.lookup(op.getInput());
  layer.func(v[0], v[1], v[2], v[3]) = reduce(input(r.x, r.y, v[2], v[3]));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerGlobalAvgPool2d(nn::GlobalAvgPool2dOp op,
                                   LoweringState &state) {
  Shape in = shapeOf(op.getInput());
  float count = static_cast<float>(in[2] * in[3]);
  return lowerGlobalPool(op, LayerKind::GlobalAvgPool2d, state,
                         [count](Expr x) { return Halide::sum(x) / count; });
}

LogicalResult lowerGlobalMaxPool2d(nn::GlobalMaxPool2dOp op,
                                   LoweringState &state) {
  return lowerGlobalPool(op, LayerKind::GlobalMaxPool2d, state,
                         [](Expr x) { return Halide::maximum(x); });
}

} // namespace kiln::lowering
