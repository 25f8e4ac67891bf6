//===- SoftmaxOps.cpp - Softmax -------------------------------------------===//
//
// Before opset 13, Softmax(axis) normalizes over all dimensions from `axis`
// on (the input is seen as 2-D); from 13 on, over `axis` alone. The two agree
// when `axis` is the last dimension, the only old form imported here.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::onnximport {

FailureOr<SmallVector<Value>> importSoftmax(NodeContext &node) {
  if (failed(node.expectInputs(1, 1)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  int64_t rank = NodeContext::shapeOf(*input).size();
  bool coerced = node.getOpset() < 13;
  int64_t axis = node.intAttr("axis", coerced ? 1 : -1);
  auto normalized = nn::normalizeAxis(axis, rank);
  if (!normalized) {
    node.emitError() << llvm::toString(normalized.takeError());
    return failure();
  }
  if (coerced && *normalized != rank - 1) {
    node.emitError() << "before opset 13, Softmax over axis " << axis
                     << " of a rank-" << rank
                     << " input spans several dimensions; only the last axis "
                     << "is supported";
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  return SmallVector<Value>{nn::SoftmaxOp::create(
      b, node.getLoc(), *input, b.getI64IntegerAttr(*normalized))};
}

} // namespace kiln::onnximport
