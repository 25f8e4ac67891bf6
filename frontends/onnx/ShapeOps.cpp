//===- ShapeOps.cpp - Identity, Dropout and Flatten -----------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

// Identity, and Dropout at inference: the output is the input. Dropout's
// optional mask output is refused by the graph importer if anything uses it.
FailureOr<SmallVector<Value>> importIdentity(NodeContext &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  return SmallVector<Value>{*input};
}

FailureOr<SmallVector<Value>> importFlatten(NodeContext &node) {
  if (failed(node.expectInputs(1, 1)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  OpBuilder &b = node.getBuilder();
  auto flat = nn::createInferred<nn::FlattenOp>(
      b, node.getLoc(), *input, b.getI64IntegerAttr(node.intAttr("axis", 1)));
  if (failed(flat))
    return failure();
  return SmallVector<Value>{*flat};
}

} // namespace kiln::onnximport
