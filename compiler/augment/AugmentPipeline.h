//===- AugmentPipeline.h - ImageDataGenerator as a Halide pipeline -*- C++ -*-//
//
// The algorithm of Keras 3's ImageDataGenerator.apply_transform followed by
// its rescale (keras.src.legacy.preprocessing.image), for a batch, each
// image with its own parameters (KILN_AUGMENT_* in kiln/runtime.h):
//
//   0. images of another size are resized to the target size, as Keras's
//      load_img resizes them with PIL (AugmentResize.h);
//   1. one affine warp about the image centre: Keras's matrix
//      rotation . shift . shear . zoom, offset to the centre
//      ((size / 2 - 0.5) per axis) and with rows and columns swapped, as
//      scipy.ndimage.affine_transform(order=1, mode=fill_mode, cval) reads
//      it: bilinear, coordinates in double precision (AugmentSampling.h);
//   2. the channel shift: every value plus the intensity, clipped to the
//      warped image's own minimum and maximum;
//   3. the flips; 4. PIL's brightness, as Keras applies it: each value
//      truncated to 8 bits, times the factor in float32, truncated again
//      (ImageEnhance.Brightness, Image.blend with black), an image whose
//      values leave 0..255 mapped onto it first and back after;
//   5. the rescale.
// Values are float32 between the steps, as numpy keeps them, and the
// arithmetic is strict IEEE (compiled with Target::StrictFloat by
// AugmentCodegen.cpp): a warp coordinate one rounding off an image's edge
// is cval, or the far side of a 'wrap', so the operations follow numpy's
// and scipy's order.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_AUGMENT_AUGMENTPIPELINE_H
#define KILN_COMPILER_AUGMENT_AUGMENTPIPELINE_H

#include "compiler/schedules/GpuLoops.h"
#include "frontends/common/AugmentSpec.h"

#include <Halide.h>

namespace kiln::augment {

/// The per-image parameters, in the order of the params buffer's first
/// dimension (and of kiln_augment_params in kiln/runtime.h).
enum AugmentParam : int {
  kTheta,          // rotation, degrees
  kTx,             // shift along the rows (Keras's tx: the height axis)
  kTy,             // shift along the columns
  kShear,          // degrees
  kZx,             // zoom along the rows
  kZy,             // zoom along the columns
  kFlipHorizontal, // nonzero: flip the columns
  kFlipVertical,   // nonzero: flip the rows
  kChannelShift,   // added to every value (clipped)
  kBrightness,     // PIL's brightness factor
  kParamCount
};

struct AugmentPipeline {
  /// (c, x, y, n): the caller's NHWC batch, uint8 or float32.
  Halide::ImageParam images;
  /// A filtered resize's passes over each image, columns then rows (each
  /// undefined where there is none).
  Halide::Func resizedColumns, resizedRows;
  /// (k, n): kParamCount float64 parameters per image.
  Halide::ImageParam params;
  /// (c, x, y, n): the augmented batch, float32, NHWC.
  Halide::Func output;
  /// Stages the schedule places.
  Halide::Func affine;   // (i, n): the six coefficients of each image's warp
  Halide::Func taps;     // (x, y, n): where each output pixel samples
  Halide::Func pixels;   // (c, x, y, n): the images as float32, or
  Halide::Func packed;   // (x, y, n): 8-bit pixels' channels in a uint32
  Halide::Func corners;  // (x, y, n): with packed, the four at the taps
  Halide::Func warped;   // (c, x, y, n), flipped
  /// The channel shift's clipping range (undefined without one): each
  /// row's (y, n), then each image's (n), as (minimum, maximum) Tuples of
  /// the warped image.
  Halide::Func rowExtremes, extremes;
};

/// The algorithm for `spec` (unscheduled).
AugmentPipeline defineAugmentPipeline(const AugmentSpec &spec);

/// Computes it on the CPU of `target`: images in parallel, rows in
/// parallel within each, vectors along each row (AugmentSchedule.cpp).
void scheduleAugmentPipeline(AugmentPipeline &pipeline, const AugmentSpec &spec,
                             const Halide::Target &target);

/// Computes it on a GPU (AugmentGpuSchedule.cpp): a thread per output
/// pixel, or the same tiling as CPU loops (GpuLoopPlacement::Cpu).
void scheduleAugmentPipelineForGpu(AugmentPipeline &pipeline,
                                   const AugmentSpec &spec,
                                   schedules::GpuLoopPlacement placement);

/// The layouts every schedule assumes: dense NHWC images and output, and
/// the parameters' kParamCount values per image.
void constrainAugmentBuffers(AugmentPipeline &pipeline,
                             const AugmentSpec &spec);

} // namespace kiln::augment

#endif // KILN_COMPILER_AUGMENT_AUGMENTPIPELINE_H
