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

/// Checks that `axis` names a dimension of a tensor of rank `rank`
/// (negative values count from the end) and returns it as a positive index.
llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Number of elements of a shape.
int64_t elementCount(llvm::ArrayRef<int64_t> shape);

/// The largest tensor Kiln compiles: Halide indexes buffers with int32.
constexpr int64_t kMaxTensorElements = 2147483647;

/// Number of elements, or an error naming the shape when it is larger than
/// kMaxTensorElements (computed without overflowing).
llvm::Expected<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> shape);

/// "1x6x28x28", for messages.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_NNSHAPES_H
