//===- NNShapes.h - shape rules of the nn ops -------------------*- C++ -*-===//
//
// The result shape of every nn op whose shape depends on its attributes. The
// ops' type inference and the frontends share these functions, so a layer is
// checked by one rule and a bad one is reported with the same message
// wherever it is found. Messages name the shapes and attributes involved and
// do not repeat the op name: callers add the op or layer.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNSHAPES_H
#define KILN_DIALECTS_NN_NNSHAPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace kiln::nn {

using Shape = llvm::SmallVector<int64_t, 4>;

struct Conv2dParams {
  llvm::ArrayRef<int64_t> strides;  // [h, w]
  llvm::ArrayRef<int64_t> padding;  // [top, left, bottom, right]
  llvm::ArrayRef<int64_t> dilation; // [h, w]
  int64_t groups = 1;
};

struct Pool2dParams {
  llvm::ArrayRef<int64_t> kernel;  // [h, w]
  llvm::ArrayRef<int64_t> strides; // [h, w]
  llvm::ArrayRef<int64_t> padding; // [top, left, bottom, right]
  bool ceilMode = false;
  llvm::ArrayRef<int64_t> dilation = {}; // [h, w]; empty means 1x1
};

/// NCHW input, OIHW weight (I = C / groups), optional [O] bias.
llvm::Expected<Shape> inferConv2dShape(llvm::ArrayRef<int64_t> input,
                                       llvm::ArrayRef<int64_t> weight,
                                       const int64_t *biasLength,
                                       const Conv2dParams &params);

/// [N, K] input, [M, K] weight, optional [M] bias.
llvm::Expected<Shape> inferDenseShape(llvm::ArrayRef<int64_t> input,
                                      llvm::ArrayRef<int64_t> weight,
                                      const int64_t *biasLength);

llvm::Expected<Shape> inferPool2dShape(llvm::ArrayRef<int64_t> input,
                                       const Pool2dParams &params);

llvm::Expected<Shape> inferFlattenShape(llvm::ArrayRef<int64_t> input,
                                        int64_t axis);

/// NCHW input; `params` are the shapes of scale, bias, mean and variance,
/// each [C]. The result has the input's shape.
llvm::Expected<Shape>
inferBatchNormShape(llvm::ArrayRef<int64_t> input,
                    llvm::ArrayRef<llvm::ArrayRef<int64_t>> params,
                    double epsilon);

/// Across-channel LRN over dimension 1 of a rank >= 3 input.
llvm::Expected<Shape> inferLrnShape(llvm::ArrayRef<int64_t> input,
                                    int64_t size);

/// The channel window of LRN as in torch.nn.LocalResponseNorm: output channel
/// c sums channels [c - before, c + after], clipped to the input.
struct LrnWindow {
  int64_t before, after;
};
LrnWindow lrnWindow(int64_t size);

/// NCHW input to [N, C, 1, 1].
llvm::Expected<Shape> inferGlobalPool2dShape(llvm::ArrayRef<int64_t> input);

/// clip's bounds: min must not exceed max.
llvm::Error checkClipBounds(double min, double max);

/// dropout's ratio (`what` names it: "ratio", or the JSON field "rate"):
/// in [0, 1).
llvm::Error checkDropoutRatio(double ratio, llvm::StringRef what = "ratio");

//===----------------------------------------------------------------------===//
// Tensor manipulation (NNTensorShapes.cpp)
//===----------------------------------------------------------------------===//

/// numpy broadcasting: shapes aligned from the right, each dimension equal
/// or 1.
llvm::Expected<Shape> inferBroadcastShape(llvm::ArrayRef<int64_t> lhs,
                                          llvm::ArrayRef<int64_t> rhs);

/// Inputs of equal rank that agree in every dimension but `axis`.
llvm::Expected<Shape>
inferConcatShape(llvm::ArrayRef<llvm::ArrayRef<int64_t>> inputs, int64_t axis);

/// `requested` may hold one -1 (the size that keeps the element count) and
/// zeros (copy the input's size in that dimension), as in ONNX Reshape.
llvm::Expected<Shape> resolveReshapeShape(llvm::ArrayRef<int64_t> input,
                                          llvm::ArrayRef<int64_t> requested);
/// A reshape's result must hold as many elements as its input.
llvm::Error checkReshape(llvm::ArrayRef<int64_t> input,
                         llvm::ArrayRef<int64_t> output);

/// Output dimension i is input dimension permutation[i].
llvm::Expected<Shape> inferTransposeShape(llvm::ArrayRef<int64_t> input,
                                          llvm::ArrayRef<int64_t> permutation);

/// A window of `sizes` elements per dimension from `starts`, `steps` apart
/// (nn.slice): one entry per dimension each, every element inside `input`.
llvm::Expected<Shape> inferSliceShape(llvm::ArrayRef<int64_t> input,
                                      llvm::ArrayRef<int64_t> starts,
                                      llvm::ArrayRef<int64_t> sizes,
                                      llvm::ArrayRef<int64_t> steps);

/// `pads` is [begin of each dimension..., end of each dimension...] (ONNX).
llvm::Expected<Shape> inferPadShape(llvm::ArrayRef<int64_t> input,
                                    llvm::ArrayRef<int64_t> pads);

/// Reduction over `axes` (negative count from the end, no repeats); reduced
/// dimensions become 1 with `keepDims`, or disappear.
llvm::Expected<Shape> inferReduceShape(llvm::ArrayRef<int64_t> input,
                                       llvm::ArrayRef<int64_t> axes,
                                       bool keepDims);

/// numpy matmul of rank >= 2 operands: [..., M, K] x [..., K, N] with the
/// leading (batch) dimensions broadcast.
llvm::Expected<Shape> inferMatmulShape(llvm::ArrayRef<int64_t> lhs,
                                       llvm::ArrayRef<int64_t> rhs);

/// Checks that `axis` names a dimension of a tensor of rank `rank`
/// (negative values count from the end) and returns it as a positive index.
llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Number of elements of a shape.
int64_t elementCount(llvm::ArrayRef<int64_t> shape);

/// The largest tensor Kiln compiles: Halide indexes buffers with int32.
constexpr int64_t kMaxTensorElements = 2147483647;

/// Number of elements, or an error naming the shape when it is larger than
/// kMaxTensorElements or has a negative size (computed without
/// overflowing).
llvm::Expected<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> shape);

/// `shape` where it is a layer's output within kMaxTensorElements, else an
/// error ("output: a tensor of shape ... has more than ..."); passes a
/// rule's error through. Every nn op's inferred type goes through it.
llvm::Expected<Shape> checkedOutputShape(llvm::Expected<Shape> shape);

/// "1x6x28x28", for messages.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_NNSHAPES_H
