//===- SoftmaxOps.cpp - Softmax and LogSoftmax ----------------------------===//
//
// Before opset 13, Softmax(axis) and LogSoftmax(axis) normalize over all
// dimensions from `axis` on, the input being seen as 2-D
// [prod(dims before axis), prod(dims from axis)]; from 13 on, over `axis`
// alone. The old form becomes reshape -> normalize over the last axis ->
// reshape back (no reshape when `axis` is already the last dimension).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::onnximport {

template <typename OpTy>
static FailureOr<SmallVector<Value>> importNormalize(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = NodeContext::shapeOf(*input);
  int64_t rank = shape.size();
  bool coerced = node.getOpset() < 13;
  int64_t axis = node.intAttr("axis", coerced ? 1 : -1);
  auto normalized = nn::normalizeAxis(axis, rank);
  if (!normalized) {
    node.emitError() << llvm::toString(normalized.takeError());
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  if (!coerced || *normalized == rank - 1)
    return SmallVector<Value>{OpTy::create(b, node.getLoc(), *input,
                                           b.getI64IntegerAttr(*normalized))};

  SmallVector<int64_t> flat = {nn::elementCount(shape.take_front(*normalized)),
                               nn::elementCount(shape.drop_front(*normalized))};
  auto flattened = node.reshape(*input, flat);
  if (failed(flattened))
    return failure();
  Value result =
      OpTy::create(b, node.getLoc(), *flattened, b.getI64IntegerAttr(1));
  return oneResult(node.reshape(result, shape));
}

FailureOr<SmallVector<Value>> importSoftmax(NodeContext &node) {
  return importNormalize<nn::SoftmaxOp>(node);
}

FailureOr<SmallVector<Value>> importLogSoftmax(NodeContext &node) {
  return importNormalize<nn::LogSoftmaxOp>(node);
}

} // namespace kiln::onnximport
