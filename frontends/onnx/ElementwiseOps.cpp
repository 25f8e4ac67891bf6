//===- ElementwiseOps.cpp - Add, Sub, Mul, Div ----------------------------===//
//
// From opset 7 these broadcast like numpy, as the nn ops do. Opset 6's
// explicit `broadcast` attribute aligned the smaller operand at `axis`
// instead; that legacy form is imported only when it means the same thing.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

template <typename OpTy>
static FailureOr<SmallVector<Value>> importBinary(NodeContext &node) {
  if (failed(node.expectInputs(2, 2)))
    return failure();
  auto lhs = node.input(0), rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (node.getOpset() < 7 && node.intAttr("broadcast", 0) != 0 &&
      node.intAttr("axis")) {
    node.emitError() << "opset 6 broadcasting along an explicit axis is not "
                     << "supported";
    return failure();
  }
  return oneResult(
      nn::createInferred<OpTy>(node.getBuilder(), node.getLoc(), *lhs, *rhs));
}

FailureOr<SmallVector<Value>> importAdd(NodeContext &node) {
  return importBinary<nn::AddOp>(node);
}
FailureOr<SmallVector<Value>> importSub(NodeContext &node) {
  return importBinary<nn::SubOp>(node);
}
FailureOr<SmallVector<Value>> importMul(NodeContext &node) {
  return importBinary<nn::MulOp>(node);
}
FailureOr<SmallVector<Value>> importDiv(NodeContext &node) {
  return importBinary<nn::DivOp>(node);
}

} // namespace kiln::onnximport
