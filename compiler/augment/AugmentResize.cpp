//===- AugmentResize.cpp - PIL's Image.resize on 8-bit images -------------===//

#include "compiler/augment/AugmentResize.h"

#include <cmath>

namespace kiln::augment {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// Pillow's filters (libImaging/Resample.c), with their supports.
double boxFilter(double x) { return x > -0.5 && x <= 0.5 ? 1.0 : 0.0; }

double bilinearFilter(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

double hammingFilter(double x) {
  x = std::fabs(x);
  if (x == 0.0)
    return 1.0;
  if (x >= 1.0)
    return 0.0;
  x = x * M_PI;
  // Pillow's constants are floats.
  return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));
}

double bicubicFilter(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0)
    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0)
    return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

double sincFilter(double x) {
  if (x == 0.0)
    return 1.0;
  x = x * M_PI;
  return std::sin(x) / x;
}

double lanczosFilter(double x) {
  return -3.0 <= x && x < 3.0 ? sincFilter(x) * sincFilter(x / 3) : 0.0;
}

struct Filter {
  double (*weight)(double);
  double support;
};

Filter filterOf(ResizeFilter filter) {
  switch (filter) {
  case ResizeFilter::Box:
    return {boxFilter, 0.5};
  case ResizeFilter::Bilinear:
    return {bilinearFilter, 1.0};
  case ResizeFilter::Hamming:
    return {hammingFilter, 1.0};
  case ResizeFilter::Bicubic:
    return {bicubicFilter, 2.0};
  case ResizeFilter::Lanczos:
  case ResizeFilter::Nearest:
    break;
  }
  return {lanczosFilter, 3.0};
}

// Pillow's fixed point: 8 bits of value, 2 of headroom.
constexpr int kPrecisionBits = 32 - 8 - 2;

template <typename T> Halide::Buffer<T> table(const std::vector<T> &values) {
  Halide::Buffer<T> buffer(static_cast<int>(values.size()));
  for (size_t i = 0; i < values.size(); ++i)
    buffer(static_cast<int>(i)) = values[i];
  return buffer;
}

// One filtered pass along the dimension `axis` (1: columns, 2: rows) of
// `input`, from `in` to `out` values:
// ImagingResample{Horizontal,Vertical}_8bpc.
Func resamplePass(Func input, int axis, int64_t in, int64_t out,
                  ResizeFilter filter, const std::string &name) {
  ResampleAxis plan = resampleAxis(in, out, filter);
  Halide::Buffer<int32_t> first = table(plan.first);
  Halide::Buffer<int32_t> weights = table(plan.weights);
  Var c("c"), x("x"), y("y"), n("n");
  Expr o = axis == 1 ? Expr(x) : Expr(y);
  // The taps unrolled into one expression (the count is a constant), so
  // that the pass vectorizes; int32 sums are exact in any order.
  Expr sum = Expr(1 << (kPrecisionBits - 1));
  for (int t = 0; t < plan.taps; ++t) {
    // Tables are opaque to bounds inference: the clamp tells it the range.
    Expr index = Halide::clamp(first(o) + t, 0, static_cast<int>(in - 1));
    Expr value = axis == 1 ? input(c, index, y, n) : input(c, x, index, n);
    sum += Halide::cast<int32_t>(value) * weights(o * plan.taps + t);
  }
  Func pass(name);
  pass(c, x, y, n) =
      Halide::cast<uint8_t>(Halide::clamp(sum >> kPrecisionBits, 0, 255));
  return pass;
}

} // namespace

std::vector<int32_t> nearestIndices(int64_t in, int64_t out) {
  // _imaging.c's resize: a[0] = (double)(box width, a float) / out; then
  // ImagingScaleAffine's table, the position accumulated step by step.
  double step = static_cast<double>(static_cast<float>(in)) / out;
  double position = 0.0 + step * 0.5;
  std::vector<int32_t> indices(out);
  for (int64_t x = 0; x < out; ++x) {
    // COORD(); a position never leaves the image for a shrinking or
    // growing box, and the clamp only makes that explicit.
    int index = position < 0.0 ? -1 : static_cast<int>(position);
    indices[x] = std::clamp<int32_t>(index, 0, static_cast<int32_t>(in - 1));
    position += step;
  }
  return indices;
}

ResampleAxis resampleAxis(int64_t in, int64_t out, ResizeFilter kind) {
  // precompute_coeffs, for the box (0, in) given as floats.
  Filter filter = filterOf(kind);
  double scale = static_cast<double>(static_cast<float>(in) - 0.0f) / out;
  double filterScale = std::max(scale, 1.0);
  double support = filter.support * filterScale;
  ResampleAxis axis;
  axis.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  axis.first.resize(out);
  axis.weights.assign(out * axis.taps, 0);
  std::vector<double> k(axis.taps);
  for (int64_t xx = 0; xx < out; ++xx) {
    double center = 0.0 + (xx + 0.5) * scale;
    double ww = 0.0, ss = 1.0 / filterScale;
    int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
    int xmax = std::min(static_cast<int>(center + support + 0.5),
                        static_cast<int>(in)) -
               xmin;
    std::fill(k.begin(), k.end(), 0.0);
    for (int x = 0; x < xmax; ++x) {
      k[x] = filter.weight((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (int x = 0; x < xmax; ++x)
      if (ww != 0.0)
        k[x] /= ww;
    axis.first[xx] = xmin;
    // normalize_coeffs_8bpc: rounded half away from zero.
    for (int x = 0; x < axis.taps; ++x)
      axis.weights[xx * axis.taps + x] =
          static_cast<int32_t>(k[x] < 0 ? -0.5 + k[x] * (1 << kPrecisionBits)
                                        : 0.5 + k[x] * (1 << kPrecisionBits));
  }
  return axis;
}

ResizeStages resizeLikePil(Func images, const ResizeSpec &resize,
                           int64_t height, int64_t width) {
  Var c("c"), x("x"), y("y"), n("n");
  ResizeStages stages;
  stages.resized = Func("resized");
  if (resize.filter == ResizeFilter::Nearest) {
    Halide::Buffer<int32_t> columns =
        table(nearestIndices(resize.width, width));
    Halide::Buffer<int32_t> rows = table(nearestIndices(resize.height, height));
    stages.resized(c, x, y, n) =
        images(c, Halide::clamp(columns(x), 0, int(resize.width - 1)),
               Halide::clamp(rows(y), 0, int(resize.height - 1)), n);
    return stages;
  }
  // Columns first, then rows; a pass whose size stays is skipped.
  Func source = images;
  if (width != resize.width) {
    stages.columns = resamplePass(images, 1, resize.width, width, resize.filter,
                                  "resized_columns");
    source = stages.columns;
  }
  if (height != resize.height) {
    stages.rows = resamplePass(source, 2, resize.height, height, resize.filter,
                               "resized_rows");
    source = stages.rows;
  }
  stages.resized(c, x, y, n) = source(c, x, y, n);
  return stages;
}

} // namespace kiln::augment
