//===- PoolLowering.cpp - windowed and global pooling ---------------------===//
//
// Windows are read with a guard instead of a padded copy: positions outside
// the input never win a max and count as zero in an average. The average's
// divisor follows PyTorch: with count_include_pad the window is clipped to
// the padded input, without it to the input itself. The global pools reduce
// each whole H x W plane to one value.
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

// `dilation` spaces the window's elements ([h, w]; max pooling only).
template <typename PoolOp>
Window makeWindow(PoolOp op, LoweringState &state,
                  const std::vector<Halide::Var> &v,
                  ArrayRef<int64_t> dilation = {1, 1}) {
  Shape in = shapeOf(op.getInput());
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    padding = op.getPadding();
  Window w;
  w.r = Halide::RDom(0, static_cast<int>(kernel[1]), 0,
                     static_cast<int>(kernel[0]), state.nameFor(op, "r"));
  w.ix = v[0] * static_cast<int>(strides[1]) - static_cast<int>(padding[1]) +
         w.r.x * static_cast<int>(dilation[1]);
  w.iy = v[1] * static_cast<int>(strides[0]) - static_cast<int>(padding[0]) +
         w.r.y * static_cast<int>(dilation[0]);
  Expr width = extent(in, 3), height = extent(in, 2);
  w.inside = w.ix >= 0 && w.ix < width && w.iy >= 0 && w.iy < height;
  Func input = state.lookup(op.getInput());
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

LogicalResult lowerMaxPool2d(nn::MaxPool2dOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::MaxPool2d, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  std::vector<Halide::Var> v = makeVars(4);
  Window w = makeWindow(op, state, v, op.getDilation());
  Expr lowest = Expr(-std::numeric_limits<float>::infinity());
  layer.func(v[0], v[1], v[2], v[3]) =
      Halide::maximum(Halide::select(w.inside, w.clampedValue, lowest));
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

LogicalResult lowerAvgPool2d(nn::AvgPool2dOp op, LoweringState &state) {
  Shape in = shapeOf(op.getInput());
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    padding = op.getPadding();
  LoweredLayer layer{LayerKind::AvgPool2d, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  std::vector<Halide::Var> v = makeVars(4);
  Window w = makeWindow(op, state, v);

  bool includePad = op.getCountIncludePad();
  auto count = [&](Halide::Var pos, int axis) {
    int stride = static_cast<int>(strides[axis]);
    int before = static_cast<int>(padding[axis]);
    int after = static_cast<int>(padding[axis + 2]);
    int size = static_cast<int>(in[2 + axis]);
    Expr start = pos * stride - before;
    return includePad
               ? windowCount(start, static_cast<int>(kernel[axis]), size,
                             before, after)
               : windowCount(start, static_cast<int>(kernel[axis]), size, 0, 0);
  };
  Expr divisor = Halide::cast<float>(count(v[1], 0) * count(v[0], 1));
  Expr sum = Halide::sum(Halide::select(w.inside, w.clampedValue, 0.0f));
  layer.func(v[0], v[1], v[2], v[3]) = sum / divisor;
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
