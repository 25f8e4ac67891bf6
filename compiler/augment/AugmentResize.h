//===- AugmentResize.h - PIL's Image.resize on 8-bit images ------*- C++
//-*-===//
//
// Keras's flow_from_directory(target_size=...) loads each image with
// load_img, which resizes it with PIL's Image.resize before anything else
// (nearest by default). Kiln resizes the caller's batch the same way, to the
// value, as Pillow's C code does for 8-bit images:
//   - nearest (ImagingScaleAffine): input index floor(x * s + s / 2), the
//     position accumulated in double one step of s = in / out at a time;
//   - the filters (ImagingResample): separable, columns first then rows,
//     each output value a sum of taps around its centre with weights from
//     the filter widened by the downscale factor (antialiasing), normalized
//     and rounded to 22-bit fixed point, summed in int32 and rounded back
//     to 8 bits between the passes. A pass whose size does not change is
//     skipped, as Pillow skips it.
// The tables (which input index, which taps and weights) depend only on the
// sizes, so kilnc computes them with Pillow's arithmetic and embeds them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_AUGMENT_AUGMENTRESIZE_H
#define KILN_COMPILER_AUGMENT_AUGMENTRESIZE_H

#include "frontends/common/AugmentSpec.h"

#include <Halide.h>

#include <vector>

namespace kiln::augment {

/// The input index of each output index of a nearest resize from `in` to
/// `out` along one axis.
std::vector<int32_t> nearestIndices(int64_t in, int64_t out);

/// One axis of a filtered resize: output index o sums input indices
/// first[o] .. first[o] + taps - 1 (clamped to the image; the weights of
/// taps past the filter's support are zero) times weights[o * taps + t],
/// in Pillow's 22-bit fixed point.
struct ResampleAxis {
  int taps = 0;
  std::vector<int32_t> first;
  std::vector<int32_t> weights;
};

/// Pillow's precompute_coeffs and normalize_coeffs_8bpc for `filter` (not
/// Nearest).
ResampleAxis resampleAxis(int64_t in, int64_t out, ResizeFilter filter);

/// The stages of a resize, for the schedule: `columns` and `rows` are the
/// passes of a filtered resize (each undefined where there is none);
/// `resized` (c, x, y, n) is the uint8 result.
struct ResizeStages {
  Halide::Func columns, rows;
  Halide::Func resized;
};

/// `images` (c, x, y, n; uint8) of `resize.height` x `resize.width`, resized
/// to `height` x `width` as `resize.filter` says.
ResizeStages resizeLikePil(Halide::Func images, const ResizeSpec &resize,
                           int64_t height, int64_t width);

} // namespace kiln::augment

#endif // KILN_COMPILER_AUGMENT_AUGMENTRESIZE_H
