//===- NNConstants.cpp - reading and making nn.constant weights -----------===//

#include "dialects/nn/NNConstants.h"

#include "dialects/nn/NNDialect.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace kiln::nn {

std::optional<std::vector<float>> constantValues(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  std::vector<float> result;
  withFloatValues(constant.getValue(), [&](ArrayRef<float> values) {
    result.assign(values.begin(), values.end());
  });
  return result;
}

Value makeConstant(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
                   ArrayRef<float> values, StringRef name) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto blob = DenseF32ResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  return ConstantOp::create(builder, loc, cast<ElementsAttr>(blob));
}

std::string constantName(Value value, StringRef fallback) {
  if (auto constant = value.getDefiningOp<ConstantOp>())
    if (auto blob = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
      return blob.getRawHandle().getKey().str();
  return fallback.str();
}

void forEachTransposedRow(ArrayRef<float> values, ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> permutation,
                          function_ref<void(ArrayRef<float>)> consume) {
  size_t rank = shape.size();
  if (rank == 0)
    return consume(values);
  // Row-major strides of the source; then the source stride of each result
  // dimension.
  SmallVector<int64_t> sourceStrides(rank, 1);
  for (size_t d = rank - 1; d > 0; --d)
    sourceStrides[d - 1] = sourceStrides[d] * shape[d];
  SmallVector<int64_t> extents(rank), strides(rank);
  for (size_t i = 0; i < rank; ++i) {
    extents[i] = shape[permutation[i]];
    strides[i] = sourceStrides[permutation[i]];
  }
  int64_t rowLength = extents.back();
  std::vector<float> row(rowLength);
  SmallVector<int64_t> index(rank - 1, 0);
  int64_t rows = static_cast<int64_t>(values.size()) /
                 std::max<int64_t>(rowLength, 1);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t base = 0;
    for (size_t i = 0; i + 1 < rank; ++i)
      base += index[i] * strides[i];
    for (int64_t j = 0; j < rowLength; ++j)
      row[j] = values[base + j * strides[rank - 1]];
    consume(row);
    for (size_t i = rank - 1; i-- > 0;) // next row index, odometer style
      if (++index[i] < extents[i])
        break;
      else
        index[i] = 0;
  }
}

} // namespace kiln::nn
