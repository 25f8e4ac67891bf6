//===- ElementwiseOps.cpp - Relu and Add ----------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::onnximport {

FailureOr<SmallVector<Value>> importRelu(NodeContext &node) {
  if (failed(node.expectInputs(1, 1)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  return SmallVector<Value>{
      nn::ReluOp::create(node.getBuilder(), node.getLoc(), *input)};
}

FailureOr<SmallVector<Value>> importAdd(NodeContext &node) {
  if (failed(node.expectInputs(2, 2)))
    return failure();
  auto lhs = node.input(0), rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (lhs->getType() != rhs->getType()) {
    node.emitError() << "broadcasting is not supported yet: "
                     << nn::formatShape(NodeContext::shapeOf(*lhs)) << " + "
                     << nn::formatShape(NodeContext::shapeOf(*rhs));
    return failure();
  }
  return SmallVector<Value>{
      nn::AddOp::create(node.getBuilder(), node.getLoc(), *lhs, *rhs)};
}

} // namespace kiln::onnximport
