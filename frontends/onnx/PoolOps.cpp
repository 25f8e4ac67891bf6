//===- PoolOps.cpp - MaxPool and AveragePool ------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

// The window of a pooling node; only max pooling may be dilated.
static FailureOr<Window2d> readPoolWindow(NodeContext &node, Value input,
                                          bool dilationAllowed) {
  auto kernel = node.intsAttr("kernel_shape");
  if (!kernel) {
    node.emitError() << "kernel_shape is required";
    return failure();
  }
  auto window = readWindow2d(node, input, *kernel);
  if (failed(window))
    return failure();
  if (!dilationAllowed &&
      (window->dilations[0] != 1 || window->dilations[1] != 1)) {
    node.emitError() << "dilated average pooling is not supported";
    return failure();
  }
  return window;
}

FailureOr<SmallVector<Value>> importMaxPool(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  auto window = readPoolWindow(node, *input, /*dilationAllowed=*/true);
  if (failed(window))
    return failure();
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::MaxPool2dOp>(
      b, node.getLoc(), *input, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getBoolAttr(node.intAttr("ceil_mode", 0) != 0),
      b.getDenseI64ArrayAttr(window->dilations)));
}

FailureOr<SmallVector<Value>> importAveragePool(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  auto window = readPoolWindow(node, *input, /*dilationAllowed=*/false);
  if (failed(window))
    return failure();
  OpBuilder &b = node.getBuilder();
  // ONNX's default is count_include_pad = 0 (PyTorch's is 1).
  return oneResult(nn::createInferred<nn::AvgPool2dOp>(
      b, node.getLoc(), *input, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getBoolAttr(node.intAttr("ceil_mode", 0) != 0),
      b.getBoolAttr(node.intAttr("count_include_pad", 0) != 0)));
}

template <typename OpTy>
static FailureOr<SmallVector<Value>> importGlobalPool(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  return oneResult(
      nn::createInferred<OpTy>(node.getBuilder(), node.getLoc(), *input));
}

FailureOr<SmallVector<Value>> importGlobalAveragePool(NodeContext &node) {
  return importGlobalPool<nn::GlobalAvgPool2dOp>(node);
}

FailureOr<SmallVector<Value>> importGlobalMaxPool(NodeContext &node) {
  return importGlobalPool<nn::GlobalMaxPool2dOp>(node);
}

} // namespace kiln::onnximport
