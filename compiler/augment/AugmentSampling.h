//===- AugmentSampling.h - scipy's order-1 affine sampling ------*- C++ -*-===//
//
// What scipy.ndimage.affine_transform(order=1, mode, cval) computes at one
// input coordinate, operation by operation as scipy 1.10-1.15's
// ni_interpolation.c does it (NI_GeometricTransform, map_coordinate), so
// that Kiln's warp matches Keras's to float32 rounding, edges included:
//   - per axis, the coordinate is first folded into the image by the mode
//     (not for 'nearest'); 'constant' gives cval outright where it falls
//     outside [0, len - 1], the others where the fold leaves it at -1 or
//     below;
//   - the two taps floor(c) and floor(c) + 1, weighted 1 - f and
//     1 - (1 - f), are folded again, by 'mirror' for 'constant' and 'wrap'
//     and by the mode itself otherwise ('nearest' clamps);
//   - the four products value * row weight * column weight are summed in
//     double, row tap first.
// 'wrap' repeats with period len - 1 (the first and last pixels overlap),
// 'reflect' is half-sample symmetric (d c b a | a b c d | d c b a).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_AUGMENT_AUGMENTSAMPLING_H
#define KILN_COMPILER_AUGMENT_AUGMENTSAMPLING_H

#include "frontends/common/AugmentSpec.h"

#include <Halide.h>

#include <functional>

namespace kiln::augment {

/// The sampling at input row `row` and column `col` (double) of an image
/// of `height` x `width`, computed once per output pixel: whether it is
/// cval (uint8), the two row taps, the two column taps (int32), then the
/// row weights and the column weights (double).
Halide::Tuple order1Taps(Halide::Expr row, Halide::Expr col, int64_t height,
                         int64_t width, FillMode mode);

/// The sampled value (double) at output pixel (x, y) of image `n`, from
/// `taps` (x, y, n), a Func of order1Taps, and `corner(r, k)`: the value
/// (double) at row tap r and column tap k.
Halide::Expr
interpolateTaps(const std::function<Halide::Expr(int r, int k)> &corner,
                Halide::Func taps, Halide::Expr x, Halide::Expr y,
                Halide::Expr n, double cval);

/// The value at output pixel (x, y) of channel `c` of image `n` of `image`
/// (c, x, y, n; double): interpolateTaps with the corners read from it.
Halide::Expr sampleTaps(Halide::Func image, Halide::Func taps, Halide::Expr c,
                        Halide::Expr x, Halide::Expr y, Halide::Expr n,
                        double cval);

} // namespace kiln::augment

#endif // KILN_COMPILER_AUGMENT_AUGMENTSAMPLING_H
