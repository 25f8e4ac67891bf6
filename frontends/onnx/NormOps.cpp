//===- NormOps.cpp - BatchNormalization and LRN ---------------------------===//
//
// Only inference forms are imported: BatchNormalization with its running
// statistics (no training_mode, no extra outputs, spatial = 1 before opset
// 9), and LRN with an odd size. ONNX and PyTorch centre an even-sized LRN
// window differently; nn.lrn follows PyTorch, so even sizes are refused.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

FailureOr<SmallVector<Value>> importBatchNormalization(NodeContext &node) {
  if (failed(node.expectInputs(5, 5)))
    return failure();
  if (node.intAttr("training_mode", 0) != 0 ||
      node.intAttr("spatial", 1) != 1) {
    node.emitError() << "only inference batch normalization (training_mode = "
                     << "0, spatial = 1) is supported";
    return failure();
  }
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    auto operand = node.input(i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::BatchNormOp>(
      b, node.getLoc(), operands[0], operands[1], operands[2], operands[3],
      operands[4], b.getF32FloatAttr(node.floatAttr("epsilon", 1e-5f))));
}

FailureOr<SmallVector<Value>> importLRN(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  auto size = node.intAttr("size");
  if (!size || *size < 1 || *size % 2 == 0) {
    node.emitError() << "size must be odd and positive (ONNX and PyTorch "
                     << "centre an even-sized window differently), got "
                     << (size ? std::to_string(*size) : "none");
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  return SmallVector<Value>{
      nn::LrnOp::create(b, node.getLoc(), *input, b.getI64IntegerAttr(*size),
                        b.getF32FloatAttr(node.floatAttr("alpha", 1e-4f)),
                        b.getF32FloatAttr(node.floatAttr("beta", 0.75f)),
                        b.getF32FloatAttr(node.floatAttr("bias", 1.0f)))};
}

} // namespace kiln::onnximport
