//===- NNShapeChecks.h - checks shared by the shape rules -------*- C++ -*-===//
//
// Small building blocks of the shape rules in NNShapes.cpp and
// NNTensorShapes.cpp: each returns an llvm::Error whose message names the
// value that is wrong, so every rule words the same mistake the same way.
// Private to the dialect library; users include NNShapes.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNSHAPECHECKS_H
#define KILN_DIALECTS_NN_NNSHAPECHECKS_H

#include "dialects/nn/NNShapes.h"

#include "llvm/Support/FormatVariadic.h"

#include <cstdio>

namespace kiln::nn::detail {

inline llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

inline llvm::Error checkCount(llvm::StringRef what,
                              llvm::ArrayRef<int64_t> values, size_t expected) {
  if (values.size() == expected)
    return llvm::Error::success();
  return fail(llvm::formatv("{0} needs {1} values, got {2}", what, expected,
                            values.size()));
}

/// Every value at least `minimum` and at most kMaxTensorElements: sizes,
/// strides, dilations and paddings, so that the rules' window arithmetic
/// ((kernel - 1) * dilation + padding, ...) cannot overflow int64.
inline llvm::Error checkAllSizes(llvm::StringRef what,
                                 llvm::ArrayRef<int64_t> values,
                                 int64_t minimum) {
  for (int64_t v : values) {
    if (v < minimum)
      return fail(
          llvm::formatv("{0} must be >= {1}, got {2}", what, minimum, v));
    if (v > kMaxTensorElements)
      return fail(llvm::formatv("{0} must be at most {1}, Kiln's size limit, "
                                "got {2}",
                                what, kMaxTensorElements, v));
  }
  return llvm::Error::success();
}

inline llvm::Error checkRank(llvm::StringRef what,
                             llvm::ArrayRef<int64_t> shape, size_t rank) {
  if (shape.size() == rank)
    return llvm::Error::success();
  return fail(llvm::formatv("{0} must have rank {1}, got shape {2}", what, rank,
                            formatShape(shape)));
}

inline llvm::Error checkMinRank(llvm::StringRef what,
                                llvm::ArrayRef<int64_t> shape, size_t rank) {
  if (shape.size() >= rank)
    return llvm::Error::success();
  return fail(llvm::formatv("{0} must have rank >= {1}, got shape {2}", what,
                            rank, formatShape(shape)));
}

/// "[0, 2, 1]", for messages.
inline std::string formatList(llvm::ArrayRef<int64_t> values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + "]";
}

/// "6", "0.001", "1e-05": shortest readable form of an attribute value.
inline std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

} // namespace kiln::nn::detail

#endif // KILN_DIALECTS_NN_NNSHAPECHECKS_H
