//===- NNTensorShapes.cpp - shape rules of the tensor-manipulation ops ----===//
//
// Broadcasting, concatenation, reshape, transpose, pad, reductions and
// matmul. These follow numpy and ONNX rather than PyTorch's layer formulas:
// they are what ONNX models and the JSON format's element-wise layers use.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNShapeChecks.h"
#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/SmallBitVector.h"

using llvm::ArrayRef;
using llvm::Expected;

namespace kiln::nn {
using namespace detail;

Expected<Shape> inferBroadcastShape(ArrayRef<int64_t> lhs,
                                    ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank);
  // Walk from the innermost dimension, where numpy aligns the shapes.
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t b = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (a != b && a != 1 && b != 1)
      return fail(llvm::formatv(
          "shapes {0} and {1} do not broadcast: dimension {2} of the result "
          "would be {3} and {4} (sizes must be equal, or one of them 1)",
          formatShape(lhs), formatShape(rhs), rank - 1 - i, a, b));
    result[rank - 1 - i] = a == 1 ? b : a;
  }
  return result;
}

Expected<Shape> inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs,
                                 int64_t axis) {
  if (inputs.empty())
    return fail("needs at least one input");
  ArrayRef<int64_t> first = inputs.front();
  auto dim = normalizeAxis(axis, first.size());
  if (!dim)
    return dim.takeError();
  Shape result(first.begin(), first.end());
  result[*dim] = 0;
  for (auto [index, shape] : llvm::enumerate(inputs)) {
    if (shape.size() != first.size())
      return fail(llvm::formatv("input {0} has shape {1}, of rank {2}, but "
                                "input 0 has shape {3}, of rank {4}",
                                index, formatShape(shape), shape.size(),
                                formatShape(first), first.size()));
    for (size_t d = 0; d < shape.size(); ++d)
      if (d != static_cast<size_t>(*dim) && shape[d] != first[d])
        return fail(llvm::formatv(
            "input {0} has shape {1} and input 0 has shape {2}: they differ "
            "in dimension {3}, but only the axis ({4}) may differ",
            index, formatShape(shape), formatShape(first), d, *dim));
    result[*dim] += shape[*dim];
  }
  return result;
}

Expected<Shape> resolveReshapeShape(ArrayRef<int64_t> input,
                                    ArrayRef<int64_t> requested) {
  Shape result(requested.begin(), requested.end());
  std::optional<size_t> inferred;
  for (size_t d = 0; d < result.size(); ++d) {
    if (result[d] == -1) {
      if (inferred)
        return fail(llvm::formatv("shape {0} has more than one -1",
                                  formatList(requested)));
      inferred = d;
    } else if (result[d] == 0) {
      if (d >= input.size())
        return fail(llvm::formatv(
            "shape {0} copies dimension {1} (a 0) that the input {2} does not "
            "have",
            formatList(requested), d, formatShape(input)));
      result[d] = input[d];
    } else if (result[d] < 0) {
      return fail(llvm::formatv("shape {0} has a negative size other than -1",
                                formatList(requested)));
    } else if (result[d] > kMaxTensorElements) {
      return fail(llvm::formatv("shape {0} has a size above {1}, Kiln's size "
                                "limit",
                                formatList(requested), kMaxTensorElements));
    }
  }
  int64_t total = elementCount(input);
  if (inferred) {
    result[*inferred] = 1;
    int64_t known = elementCount(result);
    if (known == 0 || total % known != 0)
      return fail(llvm::formatv("cannot reshape {0} ({1} elements) to {2}: "
                                "{1} is not a multiple of {3}",
                                formatShape(input), total,
                                formatList(requested), known));
    result[*inferred] = total / known;
  }
  if (auto err = checkReshape(input, result))
    return std::move(err);
  return result;
}

llvm::Error checkReshape(ArrayRef<int64_t> input, ArrayRef<int64_t> output) {
  if (elementCount(input) == elementCount(output))
    return llvm::Error::success();
  return fail(llvm::formatv("cannot reshape {0} ({1} elements) to {2} ({3} "
                            "elements)",
                            formatShape(input), elementCount(input),
                            formatShape(output), elementCount(output)));
}

Expected<Shape> inferTransposeShape(ArrayRef<int64_t> input,
                                    ArrayRef<int64_t> permutation) {
  int64_t rank = input.size();
  llvm::SmallBitVector seen(rank);
  bool valid = static_cast<int64_t>(permutation.size()) == rank;
  for (int64_t p : permutation) {
    valid &= p >= 0 && p < rank && !seen.test(p);
    if (valid)
      seen.set(p);
  }
  if (!valid)
    return fail(llvm::formatv("permutation {0} must list each dimension of "
                              "the input {1} (0 to {2}) once",
                              formatList(permutation), formatShape(input),
                              rank - 1));
  Shape result;
  for (int64_t p : permutation)
    result.push_back(input[p]);
  return result;
}

Expected<Shape> inferSliceShape(ArrayRef<int64_t> input,
                                ArrayRef<int64_t> starts,
                                ArrayRef<int64_t> sizes,
                                ArrayRef<int64_t> steps) {
  size_t rank = input.size();
  if (starts.size() != rank || sizes.size() != rank || steps.size() != rank)
    return fail(llvm::formatv("starts, sizes and steps need {0} values each "
                              "(one per dimension), got {1}, {2} and {3}",
                              rank, starts.size(), sizes.size(), steps.size()));
  if (auto err = checkAllSizes("sizes", sizes, 1))
    return std::move(err);
  for (size_t d = 0; d < rank; ++d) {
    // Bounded first, so that the last element's index cannot overflow.
    bool bounded = steps[d] != 0 && steps[d] >= -kMaxTensorElements &&
                   steps[d] <= kMaxTensorElements && starts[d] >= 0 &&
                   starts[d] < input[d];
    int64_t last = bounded ? starts[d] + (sizes[d] - 1) * steps[d] : -1;
    if (!bounded || last < 0 || last >= input[d])
      return fail(llvm::formatv(
          "dimension {0}: {1} elements from {2}, {3} apart, do not fit the "
          "input {4}",
          d, sizes[d], starts[d], steps[d], formatShape(input)));
  }
  return Shape(sizes.begin(), sizes.end());
}

Expected<Shape> inferPadShape(ArrayRef<int64_t> input, ArrayRef<int64_t> pads) {
  size_t rank = input.size();
  if (pads.size() != 2 * rank)
    return fail(llvm::formatv("pads needs {0} values (the begin of each of the "
                              "{1} dimensions, then the end of each), got {2}",
                              2 * rank, rank, pads.size()));
  if (auto err = checkAllSizes("pads", pads, 0))
    return std::move(err);
  Shape result(input.begin(), input.end());
  for (size_t d = 0; d < rank; ++d)
    result[d] += pads[d] + pads[rank + d];
  return result;
}

Expected<Shape> inferReduceShape(ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> axes, bool keepDims) {
  if (axes.empty())
    return fail("axes must name at least one dimension");
  llvm::SmallBitVector reduced(input.size());
  for (int64_t axis : axes) {
    auto dim = normalizeAxis(axis, input.size());
    if (!dim)
      return dim.takeError();
    if (reduced.test(*dim))
      return fail(llvm::formatv("axes {0} name dimension {1} twice",
                                formatList(axes), *dim));
    reduced.set(*dim);
  }
  Shape result;
  for (size_t d = 0; d < input.size(); ++d) {
    if (!reduced.test(d))
      result.push_back(input[d]);
    else if (keepDims)
      result.push_back(1);
  }
  return result;
}

Expected<Shape> inferMatmulShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  if (auto err = checkMinRank("lhs [..., M, K]", lhs, 2))
    return std::move(err);
  if (auto err = checkMinRank("rhs [..., K, N]", rhs, 2))
    return std::move(err);
  int64_t k = lhs.back(), rhsRows = rhs[rhs.size() - 2];
  if (k != rhsRows)
    return fail(llvm::formatv("lhs {0} has {1} columns but rhs {2} has {3} "
                              "rows",
                              formatShape(lhs), k, formatShape(rhs), rhsRows));
  auto batch = inferBroadcastShape(lhs.drop_back(2), rhs.drop_back(2));
  if (!batch)
    return fail(llvm::formatv("the batch dimensions of {0} and {1} do not "
                              "broadcast: {2}",
                              formatShape(lhs), formatShape(rhs),
                              llvm::toString(batch.takeError())));
  Shape result = *batch;
  result.push_back(lhs[lhs.size() - 2]);
  result.push_back(rhs.back());
  return result;
}

} // namespace kiln::nn
