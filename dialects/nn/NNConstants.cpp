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

} // namespace kiln::nn
