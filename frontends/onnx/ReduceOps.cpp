//===- ReduceOps.cpp - ReduceMean, ReduceMax ------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

// Up to opset 17 (what Kiln reads) the axes are an attribute.
template <typename ReduceOp>
static FailureOr<SmallVector<Value>> importReduce(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  // Without axes ONNX reduces over every dimension.
  SmallVector<int64_t> all;
  for (int64_t d = 0, e = NodeContext::shapeOf(*input).size(); d < e; ++d)
    all.push_back(d);
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<ReduceOp>(
      b, node.getLoc(), *input,
      b.getDenseI64ArrayAttr(node.intsAttr("axes").value_or(all)),
      b.getBoolAttr(node.intAttr("keepdims", 1) != 0)));
}

FailureOr<SmallVector<Value>> importReduceMean(NodeContext &node) {
  return importReduce<nn::ReduceMeanOp>(node);
}

FailureOr<SmallVector<Value>> importReduceMax(NodeContext &node) {
  return importReduce<nn::ReduceMaxOp>(node);
}

} // namespace kiln::onnximport
