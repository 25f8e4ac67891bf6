//===- NNShapes.cpp - shape rules of the nn ops ---------------------------===//
//
// Output sizes follow PyTorch's formulas (floor division, or ceil division
// with ceil_mode), since PyTorch and ONNX are what users check Kiln against.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNShapes.h"
#include "dialects/nn/NNShapeChecks.h"

using llvm::ArrayRef;
using llvm::Expected;

namespace kiln::nn {
using namespace detail;

namespace {

// Output extent of a sliding window, or an error when the window does not fit.
Expected<int64_t> windowOutputSize(llvm::StringRef what, int64_t inputSize,
                                   int64_t padBefore, int64_t padAfter,
                                   int64_t effectiveKernel, int64_t stride,
                                   bool ceilMode) {
  int64_t padded = inputSize + padBefore + padAfter;
  if (effectiveKernel > padded)
    return fail(llvm::formatv("{0}: window of {1} does not fit the padded "
                              "input of {2} ({3} + padding {4} + {5})",
                              what, effectiveKernel, padded, inputSize,
                              padBefore, padAfter));
  int64_t span = padded - effectiveKernel;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // As in PyTorch: with ceil_mode the last window must start inside the
  // input or its leading padding.
  if (ceilMode && (out - 1) * stride >= inputSize + padBefore)
    --out;
  return out;
}

} // namespace

int64_t elementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

Expected<int64_t> checkedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return fail(llvm::formatv("a tensor of shape {0} has a negative size",
                                formatShape(shape)));
    // A size beyond the limit is refused even where another size is 0, so
    // that no rule computes with it.
    if (d > kMaxTensorElements || (d > 0 && count > kMaxTensorElements / d))
      return fail(llvm::formatv("a tensor of shape {0} has more than {1} "
                                "elements, the most Kiln supports",
                                formatShape(shape), kMaxTensorElements));
    count *= d;
  }
  return count;
}

Expected<Shape> checkedOutputShape(Expected<Shape> shape) {
  if (!shape)
    return shape.takeError();
  if (auto count = checkedElementCount(*shape); !count)
    return fail("output: " + llvm::toString(count.takeError()));
  return shape;
}

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text.empty() ? "scalar" : text;
}

Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return fail(
        llvm::formatv("axis {0} is out of range for rank {1}", axis, rank));
  return axis < 0 ? axis + rank : axis;
}

Expected<Shape> inferConv2dShape(ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> weight,
                                 const int64_t *biasLength,
                                 const Conv2dParams &p) {
  if (auto err = checkRank("input (NCHW)", input, 4))
    return std::move(err);
  if (auto err = checkRank("weight (OIHW)", weight, 4))
    return std::move(err);
  if (auto err = checkAllSizes("input sizes", input, 1))
    return std::move(err);
  if (auto err = checkCount("strides", p.strides, 2))
    return std::move(err);
  if (auto err = checkCount("dilation", p.dilation, 2))
    return std::move(err);
  if (auto err = checkCount("padding [top, left, bottom, right]", p.padding, 4))
    return std::move(err);
  if (auto err = checkAllSizes("strides", p.strides, 1))
    return std::move(err);
  if (auto err = checkAllSizes("dilation", p.dilation, 1))
    return std::move(err);
  if (auto err = checkAllSizes("padding", p.padding, 0))
    return std::move(err);
  if (p.groups < 1)
    return fail(llvm::formatv("groups must be >= 1, got {0}", p.groups));
  if (auto err = checkAllSizes("weight sizes", weight, 1))
    return std::move(err);

  int64_t channels = input[1], outChannels = weight[0];
  if (channels % p.groups != 0 || outChannels % p.groups != 0)
    return fail(llvm::formatv("groups = {0} must divide both the input "
                              "channels ({1}) and the output channels ({2})",
                              p.groups, channels, outChannels));
  if (weight[1] * p.groups != channels)
    return fail(llvm::formatv(
        "weight {0} expects {1} input channels per group, but the input "
        "{2} has {3} channels in {4} group(s)",
        formatShape(weight), weight[1], formatShape(input), channels,
        p.groups));
  if (biasLength && *biasLength != outChannels)
    return fail(llvm::formatv("bias has {0} values but the weight has {1} "
                              "output channels",
                              *biasLength, outChannels));

  int64_t kh = (weight[2] - 1) * p.dilation[0] + 1;
  int64_t kw = (weight[3] - 1) * p.dilation[1] + 1;
  auto reportFit = [&]() {
    return fail(llvm::formatv(
        "kernel {0}x{1} (dilation {2}x{3}) with padding [{4}, {5}, {6}, {7}] "
        "does not fit input {8}x{9}",
        weight[2], weight[3], p.dilation[0], p.dilation[1], p.padding[0],
        p.padding[1], p.padding[2], p.padding[3], input[2], input[3]));
  };
  if (kh > input[2] + p.padding[0] + p.padding[2] ||
      kw > input[3] + p.padding[1] + p.padding[3])
    return reportFit();
  auto oh = windowOutputSize("height", input[2], p.padding[0], p.padding[2], kh,
                             p.strides[0], false);
  auto ow = windowOutputSize("width", input[3], p.padding[1], p.padding[3], kw,
                             p.strides[1], false);
  if (!oh)
    return oh.takeError();
  if (!ow)
    return ow.takeError();
  return Shape{input[0], outChannels, *oh, *ow};
}

Expected<Shape> inferDenseShape(ArrayRef<int64_t> input,
                                ArrayRef<int64_t> weight,
                                const int64_t *biasLength) {
  if (auto err = checkRank("input [N, K]", input, 2))
    return std::move(err);
  if (auto err = checkRank("weight [M, K]", weight, 2))
    return std::move(err);
  if (weight[1] != input[1])
    return fail(llvm::formatv("weight {0} expects {1} input features, but "
                              "the input {2} has {3}",
                              formatShape(weight), weight[1],
                              formatShape(input), input[1]));
  if (biasLength && *biasLength != weight[0])
    return fail(llvm::formatv("bias has {0} values but the weight has {1} "
                              "outputs",
                              *biasLength, weight[0]));
  return Shape{input[0], weight[0]};
}

Expected<Shape> inferPool2dShape(ArrayRef<int64_t> input,
                                 const Pool2dParams &p) {
  if (auto err = checkRank("input (NCHW)", input, 4))
    return std::move(err);
  if (auto err = checkCount("kernel", p.kernel, 2))
    return std::move(err);
  if (auto err = checkCount("strides", p.strides, 2))
    return std::move(err);
  if (auto err = checkCount("padding [top, left, bottom, right]", p.padding, 4))
    return std::move(err);
  if (auto err = checkAllSizes("input sizes", input, 1))
    return std::move(err);
  if (auto err = checkAllSizes("kernel", p.kernel, 1))
    return std::move(err);
  if (auto err = checkAllSizes("strides", p.strides, 1))
    return std::move(err);
  if (auto err = checkAllSizes("padding", p.padding, 0))
    return std::move(err);
  static const int64_t noDilation[] = {1, 1};
  ArrayRef<int64_t> dilation = p.dilation.empty() ? noDilation : p.dilation;
  if (auto err = checkCount("dilation", dilation, 2))
    return std::move(err);
  if (auto err = checkAllSizes("dilation", dilation, 1))
    return std::move(err);
  // The window's extent in the input.
  int64_t extent[2] = {(p.kernel[0] - 1) * dilation[0] + 1,
                       (p.kernel[1] - 1) * dilation[1] + 1};
  // A window made only of padding has no value to take the max or mean of.
  for (int i = 0; i < 4; ++i)
    if (p.padding[i] >= extent[i % 2])
      return fail(llvm::formatv("padding {0} must be smaller than the kernel "
                                "{1}x{2}",
                                p.padding[i], extent[0], extent[1]));
  auto oh = windowOutputSize("height", input[2], p.padding[0], p.padding[2],
                             extent[0], p.strides[0], p.ceilMode);
  if (!oh)
    return oh.takeError();
  auto ow = windowOutputSize("width", input[3], p.padding[1], p.padding[3],
                             extent[1], p.strides[1], p.ceilMode);
  if (!ow)
    return ow.takeError();
  return Shape{input[0], input[1], *oh, *ow};
}

Expected<Shape> inferFlattenShape(ArrayRef<int64_t> input, int64_t axis) {
  // Unlike other axes, flatten's axis may equal the rank (ONNX semantics).
  int64_t rank = input.size();
  if (axis < -rank || axis > rank)
    return fail(
        llvm::formatv("axis {0} is out of range for rank {1}", axis, rank));
  if (axis < 0)
    axis += rank;
  return Shape{elementCount(input.take_front(axis)),
               elementCount(input.drop_front(axis))};
}

Expected<Shape> inferBatchNormShape(ArrayRef<int64_t> input,
                                    ArrayRef<ArrayRef<int64_t>> params,
                                    double epsilon) {
  static const char *names[] = {"scale", "bias", "mean", "variance"};
  if (auto err = checkRank("input (NCHW)", input, 4))
    return std::move(err);
  if (params.size() != 4)
    return fail(llvm::formatv("needs 4 parameter tensors (scale, bias, mean, "
                              "variance), got {0}",
                              params.size()));
  for (auto [name, shape] : llvm::zip(names, params)) {
    if (shape.size() != 1 || shape[0] != input[1])
      return fail(llvm::formatv("{0} must have shape {1} (one value per "
                                "channel of the input {2}), got {3}",
                                name, input[1], formatShape(input),
                                formatShape(shape)));
  }
  // Not `epsilon < 0`: a NaN epsilon must be rejected too.
  if (!(epsilon >= 0))
    return fail(
        llvm::formatv("epsilon must be >= 0, got {0}", formatNumber(epsilon)));
  return Shape(input.begin(), input.end());
}

Expected<Shape> inferLrnShape(ArrayRef<int64_t> input, int64_t size) {
  if (auto err = checkMinRank("input (channels in dimension 1)", input, 3))
    return std::move(err);
  if (auto err = checkAllSizes("size", size, 1))
    return std::move(err);
  return Shape(input.begin(), input.end());
}

LrnWindow lrnWindow(int64_t size) {
  // PyTorch pads size // 2 channels before and (size - 1) // 2 after. ONNX's
  // LRN centres an even window the other way (floor((size - 1) / 2) before);
  // both agree for odd sizes, the ones networks use.
  return {size / 2, (size - 1) / 2};
}

Expected<Shape> inferGlobalPool2dShape(ArrayRef<int64_t> input) {
  if (auto err = checkRank("input (NCHW)", input, 4))
    return std::move(err);
  return Shape{input[0], input[1], 1, 1};
}

llvm::Error checkClipBounds(double min, double max) {
  if (min <= max)
    return llvm::Error::success();
  return fail(llvm::formatv("min ({0}) must not be greater than max ({1})",
                            formatNumber(min), formatNumber(max)));
}

llvm::Error checkDropoutRatio(double ratio, llvm::StringRef what) {
  // Written so that NaN fails too.
  if (ratio >= 0.0 && ratio < 1.0)
    return llvm::Error::success();
  return fail(llvm::formatv("{0} must be in [0, 1), got {1}", what,
                            formatNumber(ratio)));
}

} // namespace kiln::nn
