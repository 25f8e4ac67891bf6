//===- AugmentSpec.h - an ImageDataGenerator, as kilnc compiles it -*- C++ -*-//
//
// Keras's ImageDataGenerator augments a training batch image by image: one
// affine warp (rotation, shift, shear, zoom about the image centre,
// bilinear, with a fill mode), a channel shift, flips, a brightness change,
// then a rescale. An augmentation block of a JSON file (docs/augment.md)
// describes one, with the batch it takes (frontends/json/AugmentBlock.h);
// compiler/augment builds it as a Halide pipeline of its own. The ranges
// are Keras's, in Keras's units (degrees; shifts as fractions of the size
// below 1, pixels from 1). Images of another size are first resized as
// Keras's load_img(target_size=...) resizes them, with PIL.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_COMMON_AUGMENTSPEC_H
#define KILN_FRONTENDS_COMMON_AUGMENTSPEC_H

#include "dialects/nn/NNInputContract.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kiln {

/// scipy.ndimage's modes for samples outside the image, as Keras names them.
enum class FillMode { Nearest, Constant, Reflect, Wrap };

/// PIL's resampling filters, as Keras's `interpolation` names them.
enum class ResizeFilter { Nearest, Box, Bilinear, Hamming, Bicubic, Lanczos };

/// Keras's names of the filters (load_img's `interpolation`).
inline constexpr std::array<std::pair<const char *, ResizeFilter>, 6>
    kResizeFilterNames = {{{"nearest", ResizeFilter::Nearest},
                           {"bilinear", ResizeFilter::Bilinear},
                           {"bicubic", ResizeFilter::Bicubic},
                           {"hamming", ResizeFilter::Hamming},
                           {"box", ResizeFilter::Box},
                           {"lanczos", ResizeFilter::Lanczos}}};

/// Resizing the caller's images to the size that is augmented (Keras's
/// target_size): the size they come in, and the filter.
struct ResizeSpec {
  int64_t height = 1, width = 1;
  ResizeFilter filter = ResizeFilter::Nearest;
};

struct AugmentSpec {
  std::string name; // prefixes the generated C API (<name>_augment)
  /// In a network's file: the network input the augmented batch feeds
  /// (empty: its only one).
  std::string feeds;
  /// The batch: N images of H x W x C, interleaved, as the caller hands
  /// them (before a resize) and as they are augmented and written.
  nn::PixelType type = nn::PixelType::UInt8;
  int64_t batch = 1, height = 1, width = 1, channels = 3;
  /// Absent: the images come in at height x width.
  std::optional<ResizeSpec> resize;
  int64_t inputHeight() const { return resize ? resize->height : height; }
  int64_t inputWidth() const { return resize ? resize->width : width; }

  double rotationRange = 0;    // degrees
  double widthShiftRange = 0;  // fraction of the width below 1, else pixels
  double heightShiftRange = 0; // fraction of the height below 1, else pixels
  /// A range written as an integer r draws whole pixels, as Keras draws
  /// from an int: one of 0 .. r - 1, with a random sign.
  bool widthShiftWhole = false, heightShiftWhole = false;
  double shearRange = 0;                    // degrees
  std::array<double, 2> zoomRange = {1, 1}; // x and y drawn apart
  bool horizontalFlip = false, verticalFlip = false;
  FillMode fillMode = FillMode::Nearest;
  double cval = 0;              // the value FillMode::Constant fills with
  double channelShiftRange = 0; // added to every channel, clipped
  /// PIL's brightness enhancement, its factor drawn in [lower, upper]
  /// (absent: none): uint8 images only (Keras rescales others first).
  std::optional<std::array<double, 2>> brightnessRange;
  double rescale = 1;           // the last multiply (Keras: 0 or None is 1)
};

} // namespace kiln

#endif // KILN_FRONTENDS_COMMON_AUGMENTSPEC_H
