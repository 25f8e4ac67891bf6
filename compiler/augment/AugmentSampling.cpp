//===- AugmentSampling.cpp - scipy's order-1 affine sampling --------------===//

#include "compiler/augment/AugmentSampling.h"

namespace kiln::augment {

using Halide::Expr;
using Halide::select;
using Halide::trunc;

namespace {

// scipy's extension modes as map_coordinate distinguishes them.
enum class Fold { Nearest, Constant, Reflect, Mirror, Wrap };

// map_coordinate(x, len, mode): `x` folded into [0, len - 1] (or -1 for
// 'constant' outside it), in the C code's arithmetic order.
Expr foldCoordinate(Expr x, int64_t len, Fold fold) {
  // Halide has no double literals: every constant is made an Expr.
  Expr n = Expr(static_cast<double>(len)), zero = Expr(0.0), one = Expr(1.0);
  Expr below = x<zero, above = x> n - one;
  if (len <= 1 && fold != Fold::Nearest && fold != Fold::Constant)
    return select(below || above, zero, x);
  Expr lower, upper;
  switch (fold) {
  case Fold::Nearest:
    lower = zero;
    upper = n - one;
    break;
  case Fold::Constant:
    lower = upper = -one;
    break;
  case Fold::Mirror: {
    Expr sz2 = Expr(2.0 * static_cast<double>(len) - 2.0);
    Expr v = sz2 * trunc(-x / sz2) + x;
    lower = select(v <= one - n, v + sz2, -v);
    Expr w = x - sz2 * trunc(x / sz2);
    upper = select(w >= n, sz2 - w, w);
    break;
  }
  case Fold::Reflect: {
    Expr sz2 = Expr(2.0 * static_cast<double>(len)), tiny = Expr(1e-15);
    Expr v = select(x < -sz2, sz2 * trunc(-x / sz2) + x, x);
    lower = select(v < -n, v + sz2, select(v > -tiny, tiny, -v) - one);
    Expr w = x - sz2 * trunc(x / sz2);
    upper = select(w >= n, (sz2 - w) - one, w);
    break;
  }
  case Fold::Wrap: {
    Expr sz = n - one;
    lower = x + sz * (trunc(-x / sz) + one);
    upper = x - sz * trunc(x / sz);
    break;
  }
  }
  return select(below, lower, select(above, upper, x));
}

// The fold of the coordinate itself, and that of the taps
// (_get_spline_boundary_mode).
Fold coordinateFold(FillMode mode) {
  switch (mode) {
  case FillMode::Nearest:
    return Fold::Nearest; // not applied: see Axis
  case FillMode::Constant:
    return Fold::Constant;
  case FillMode::Reflect:
    return Fold::Reflect;
  case FillMode::Wrap:
    return Fold::Wrap;
  }
  return Fold::Nearest;
}

Fold tapFold(FillMode mode) {
  switch (mode) {
  case FillMode::Constant:
  case FillMode::Wrap:
    return Fold::Mirror;
  case FillMode::Reflect:
    return Fold::Reflect;
  case FillMode::Nearest:
    return Fold::Nearest;
  }
  return Fold::Nearest;
}

// One axis of the sampling: whether it makes the value cval, its two taps
// and their weights.
struct Axis {
  Expr outside;
  Expr taps[2];
  Expr weights[2];
};

Axis axisAt(Expr coordinate, int64_t len, FillMode mode) {
  Axis axis;
  Expr c = coordinate;
  if (mode != FillMode::Nearest)
    c = foldCoordinate(c, len, coordinateFold(mode));
  Expr zero = Expr(0.0), one = Expr(1.0);
  axis.outside =
      mode == FillMode::Nearest ? Halide::Internal::const_false() : !(c > -one);
  Expr inside = select(axis.outside, zero, c);
  Expr floored = Halide::floor(inside);
  axis.weights[0] = one - (inside - floored);
  axis.weights[1] = one - axis.weights[0];
  for (int k = 0; k < 2; ++k) {
    Expr tap = foldCoordinate(floored + Expr(static_cast<double>(k)), len,
                              tapFold(mode));
    // The fold keeps taps within the image; the clamp only tells Halide so.
    axis.taps[k] = Halide::clamp(Halide::cast<int>(trunc(tap)), 0,
                                 static_cast<int>(len - 1));
  }
  return axis;
}

} // namespace

Halide::Tuple order1Taps(Expr row, Expr col, int64_t height, int64_t width,
                         FillMode mode) {
  Axis rows = axisAt(row, height, mode), cols = axisAt(col, width, mode);
  return Halide::Tuple(std::vector<Expr>{
      Halide::cast<uint8_t>(rows.outside || cols.outside), rows.taps[0],
      rows.taps[1], cols.taps[0], cols.taps[1], rows.weights[0],
      rows.weights[1], cols.weights[0], cols.weights[1]});
}

Expr interpolateTaps(const std::function<Expr(int r, int k)> &corner,
                     Halide::Func taps, Expr x, Expr y, Expr n, double cval) {
  auto tap = [&](int k) { return taps(x, y, n)[k]; };
  Expr sum = Expr(0.0);
  for (int r = 0; r < 2; ++r)
    for (int k = 0; k < 2; ++k)
      sum = sum + corner(r, k) * tap(5 + r) * tap(7 + k);
  return select(tap(0) != 0, Expr(cval), sum);
}

Expr sampleTaps(Halide::Func image, Halide::Func taps, Expr c, Expr x, Expr y,
                Expr n, double cval) {
  auto tap = [&](int k) { return taps(x, y, n)[k]; };
  return interpolateTaps(
      [&](int r, int k) { return image(c, tap(3 + k), tap(1 + r), n); }, taps,
      x, y, n, cval);
}

} // namespace kiln::augment
