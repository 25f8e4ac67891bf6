//===- AugmentPipeline.cpp - ImageDataGenerator as a Halide pipeline ------===//

#include "compiler/augment/AugmentPipeline.h"

#include "compiler/augment/AugmentResize.h"
#include "compiler/augment/AugmentSampling.h"

#include <array>
#include <cmath>
#include <optional>

namespace kiln::augment {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// The top two rows of a 3x3 affine matrix, row-major: [a b c; d e f].
using Affine = std::array<Expr, 6>;

Affine multiply(const Affine &m, const Affine &n) {
  return {m[0] * n[0] + m[1] * n[3],        m[0] * n[1] + m[1] * n[4],
          m[0] * n[2] + m[1] * n[5] + m[2], m[3] * n[0] + m[4] * n[3],
          m[3] * n[1] + m[4] * n[4],        m[3] * n[2] + m[4] * n[5] + m[5]};
}

// numpy's deg2rad: degrees * (pi / 180).
Expr radians(Expr degrees) { return degrees * Expr(M_PI / 180.0); }

// Keras's transform matrix for one image's parameters, in its own (x, y)
// order: rotation . shift . shear . zoom (apply_affine_transform).
Affine kerasMatrix(const std::function<Expr(int)> &param) {
  Expr theta = radians(param(kTheta)), shear = radians(param(kShear));
  Expr zero = Expr(0.0), one = Expr(1.0);
  Affine rotation = {Halide::cos(theta), -Halide::sin(theta), zero,
                     Halide::sin(theta), Halide::cos(theta),  zero};
  Affine shift = {one, zero, param(kTx), zero, one, param(kTy)};
  Affine shearing = {one,  -Halide::sin(shear), zero,
                     zero, Halide::cos(shear),  zero};
  Affine zoom = {param(kZx), zero, zero, zero, param(kZy), zero};
  return multiply(multiply(multiply(rotation, shift), shearing), zoom);
}

// Keras's apply_brightness_shift(x, brightness, scale=False) on one value
// of channel `c`: PIL's ImageEnhance.Brightness on the image as 8 bits
// (Image.blend with black: (UINT8)(factor * value) in float, clipped at
// 255; an RGBA image's alpha keeps its value). Where the image's range
// `extremes` (given when it may leave 0..255) does leave 0..255, Keras
// first maps it onto 0..255 (array_to_img(scale=True)) and back after.
Expr brightened(Expr value, Expr factor, Expr c, int64_t channels,
                std::optional<std::array<Expr, 2>> extremes) {
  Expr scaled = value, rescales = Halide::Internal::const_false();
  Expr low, span;
  if (extremes) {
    low = (*extremes)[0];
    span = (*extremes)[1] - low;
    rescales = low < 0.0f || (*extremes)[1] > 255.0f;
    // x - min, divided by the new max unless it is 0, times 255.
    Expr shifted = value - low;
    Expr unit = Halide::select(span != 0.0f, shifted / span, shifted);
    scaled = Halide::select(rescales, unit * 255.0f, value);
  }
  Expr pixel = Halide::cast<float>(Halide::cast<uint8_t>(scaled));
  Expr bright = Halide::min(Halide::floor(factor * pixel), 255.0f);
  Expr result = channels == 4 ? Halide::select(c == 3, pixel, bright) : bright;
  if (!extremes)
    return result;
  // img_to_array, then x / 255 * (x_max - x_min) + x_min.
  return Halide::select(rescales, result / 255.0f * span + low, result);
}

} // namespace

AugmentPipeline defineAugmentPipeline(const AugmentSpec &spec) {
  AugmentPipeline p;
  Halide::Type type =
      spec.type == nn::PixelType::UInt8 ? Halide::UInt(8) : Halide::Float(32);
  p.images = Halide::ImageParam(type, 4, "images");
  p.params = Halide::ImageParam(Halide::Float(64), 2, "params");
  Var c("c"), x("x"), y("y"), n("n"), i("i");

  // The images at the size they are augmented: resized first where they
  // come in at another.
  Func source("source");
  source(c, x, y, n) = p.images(c, x, y, n);
  if (spec.resize) {
    ResizeStages resize =
        resizeLikePil(source, *spec.resize, spec.height, spec.width);
    p.resizedColumns = resize.columns;
    p.resizedRows = resize.rows;
    source = resize.resized;
  }

  // The warp: Keras's matrix offset to the image centre, then its rows and
  // columns swapped (scipy indexes [row, col]): the input row and column
  // each output row and column reads.
  auto param = [&](int k) { return p.params(k, n); };
  Affine m = kerasMatrix(param);
  // transform_matrix_offset_center: (offset . m) . reset, in numpy's order.
  Expr zero = Expr(0.0), one = Expr(1.0);
  Expr ox = Expr(spec.height / 2.0 - 0.5), oy = Expr(spec.width / 2.0 - 0.5);
  Affine centred = multiply(multiply({one, zero, ox, zero, one, oy}, m),
                            {one, zero, -ox, zero, one, -oy});
  // Rows and columns swapped: the input (row, col) = A (row, col) + b.
  p.affine = Func("affine");
  p.affine(i, n) = Halide::mux(i, {centred[4], centred[3], centred[5],
                                   centred[1], centred[0], centred[2]});
  // NI_GeometricTransform's order: 0 + row * a + col * b, then + offset.
  auto inputPosition = [&](Expr outRow, Expr outCol, int first) {
    Expr row = Halide::cast<double>(outRow), col = Halide::cast<double>(outCol);
    return ((Expr(0.0) + row * p.affine(first, n)) +
            col * p.affine(first + 1, n)) +
           p.affine(first + 2, n);
  };
  // The flips come after the warp in Keras; an output pixel's value is the
  // warped image's at the mirrored position, so the output samples where
  // the warp sends that position: each output pixel needs its own taps
  // only (a schedule can keep them in registers).
  int lastColumn = static_cast<int>(spec.width - 1);
  int lastRow = static_cast<int>(spec.height - 1);
  Expr flipX = spec.horizontalFlip ? param(kFlipHorizontal) != Expr(0.0)
                                   : Halide::Internal::const_false();
  Expr flipY = spec.verticalFlip ? param(kFlipVertical) != Expr(0.0)
                                 : Halide::Internal::const_false();
  Expr mirroredRow = Halide::select(flipY, lastRow - y, y);
  Expr mirroredColumn = Halide::select(flipX, lastColumn - x, x);
  // Where output pixel (outRow, outCol) samples (AugmentSampling.h).
  auto sampling = [&](const std::string &name, Expr outRow, Expr outCol) {
    Func taps(name);
    taps(x, y, n) = order1Taps(inputPosition(outRow, outCol, 0),
                               inputPosition(outRow, outCol, 3), spec.height,
                               spec.width, spec.fillMode);
    return taps;
  };
  // The warp: the image as float32 (exact for uint8 and float32 inputs),
  // sampled where a Func of the taps says, each tap widened to double. One
  // for the output (flipped), and one of its own for the channel shift's
  // range (below), which the schedule computes in another loop nest.
  auto warp = [&](const std::string &name, Expr outRow, Expr outCol, Func &taps,
                  Func &pixels) {
    pixels = Func(name + "_pixels");
    pixels(c, x, y, n) = Halide::cast<float>(source(c, x, y, n));
    Func widened(name + "_widened");
    widened(c, x, y, n) = Halide::cast<double>(pixels(c, x, y, n));
    taps = sampling(name + "_taps", outRow, outCol);
    Func warped(name);
    warped(c, x, y, n) =
        Halide::cast<float>(sampleTaps(widened, taps, c, x, y, n, spec.cval));
    return warped;
  };
  if (spec.type == nn::PixelType::UInt8 && spec.channels > 1) {
    // 8-bit pixels of 2 to 4 channels packed into one uint32 each (per
    // image, like the float pixels otherwise): an output pixel gathers
    // its four corners once for all its channels. The values are the same
    // integers, widened to double as exactly.
    p.taps = sampling("warped_taps", mirroredRow, mirroredColumn);
    Expr word = Halide::cast<uint32_t>(0);
    for (int channel = 0; channel < spec.channels; ++channel)
      word = word | (Halide::cast<uint32_t>(source(channel, x, y, n))
                     << static_cast<uint32_t>(8 * channel));
    p.packed = Func("packed");
    p.packed(x, y, n) = word;
    auto tap = [&](int k) { return p.taps(x, y, n)[k]; };
    std::vector<Expr> corners;
    for (int r = 0; r < 2; ++r)
      for (int k = 0; k < 2; ++k)
        corners.push_back(p.packed(tap(3 + k), tap(1 + r), n));
    p.corners = Func("corners");
    p.corners(x, y, n) = Halide::Tuple(corners);
    p.warped = Func("warped");
    p.warped(c, x, y, n) = Halide::cast<float>(interpolateTaps(
        [&](int r, int k) {
          Expr packed = p.corners(x, y, n)[2 * r + k];
          return Halide::cast<double>(
              (packed >> Halide::cast<uint32_t>(c * 8)) & 255u);
        },
        p.taps, x, y, n, spec.cval));
  } else {
    p.warped = warp("warped", mirroredRow, mirroredColumn, p.taps, p.pixels);
  }

  // The warped image's range: for the channel shift's clip, and for the
  // brightness where the values may leave 0..255 (below).
  bool brightnessMayRescale =
      spec.brightnessRange &&
      (spec.type != nn::PixelType::UInt8 || spec.cval < 0 || spec.cval > 255);
  if (spec.channelShiftRange > 0 || brightnessMayRescale) {
    Func rangeTaps, rangePixels;
    Func ranged = warp("range_warped", y, x, rangeTaps, rangePixels);
    // The range of each row, then of the image: (min, max) pairs, exact in
    // any order.
    Expr highest = Halide::Float(32).max(), lowest = -highest;
    Halide::RDom row(0, static_cast<int>(spec.channels), 0,
                     static_cast<int>(spec.width), "row");
    p.rowExtremes = Func("row_extremes");
    p.rowExtremes(y, n) = Halide::Tuple(highest, lowest);
    Expr value = ranged(row.x, row.y, y, n);
    p.rowExtremes(y, n) =
        Halide::Tuple(Halide::min(p.rowExtremes(y, n)[0], value),
                      Halide::max(p.rowExtremes(y, n)[1], value));
    Halide::RDom rows(0, static_cast<int>(spec.height), "rows");
    p.extremes = Func("extremes");
    p.extremes(n) = Halide::Tuple(highest, lowest);
    p.extremes(n) =
        Halide::Tuple(Halide::min(p.extremes(n)[0], p.rowExtremes(rows, n)[0]),
                      Halide::max(p.extremes(n)[1], p.rowExtremes(rows, n)[1]));
  }

  // The channel shift, clipped to the warped image's range, which moves
  // the range itself the same way (float addition and the clip are
  // monotonic).
  Expr value = p.warped(c, x, y, n);
  Expr low, high;
  if (p.extremes.defined()) {
    low = p.extremes(n)[0];
    high = p.extremes(n)[1];
  }
  if (spec.channelShiftRange > 0) {
    Expr intensity = Halide::cast<float>(param(kChannelShift));
    Expr warpedLow = low, warpedHigh = high;
    value = Halide::clamp(value + intensity, warpedLow, warpedHigh);
    low = Halide::clamp(warpedLow + intensity, warpedLow, warpedHigh);
    high = Halide::clamp(warpedHigh + intensity, warpedLow, warpedHigh);
  }
  // The flips are in the warp's positions; then the brightness, the
  // rescale.
  if (spec.brightnessRange)
    value = brightened(
        value, Halide::cast<float>(param(kBrightness)), c, spec.channels,
        brightnessMayRescale ? std::optional<std::array<Expr, 2>>({low, high})
                             : std::nullopt);
  p.output = Func("augmented");
  p.output(c, x, y, n) = value * static_cast<float>(spec.rescale);
  return p;
}

} // namespace kiln::augment
