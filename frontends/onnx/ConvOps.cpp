//===- ConvOps.cpp - Conv and Gemm ----------------------------------------===//
//
// ONNX's Conv pads are [x1_begin, x2_begin, x1_end, x2_end], which for 2-D is
// nn.conv2d's [top, left, bottom, right]. auto_pad SAME_* is resolved here
// into explicit pads, since the input size is known.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

/// Explicit [begins..., ends...] pads for `autoPad`, or the node's pads.
static FailureOr<SmallVector<int64_t>>
resolvePads(NodeContext &node, ArrayRef<int64_t> inputSpatial,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> dilations) {
  size_t rank = inputSpatial.size();
  std::string autoPad = node.stringAttr("auto_pad").value_or("NOTSET");
  if (autoPad == "NOTSET")
    return node.intsAttr("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  SmallVector<int64_t> pads(2 * rank, 0);
  if (autoPad == "VALID")
    return pads;
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER") {
    node.emitError() << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }
  for (size_t i = 0; i < rank; ++i) {
    int64_t out = (inputSpatial[i] + strides[i] - 1) / strides[i];
    int64_t effective = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + effective -
                                             inputSpatial[i]);
    // SAME_UPPER puts the odd padding at the end, SAME_LOWER at the start.
    int64_t small = total / 2, large = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : large;
    pads[i + rank] = autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

/// Shared by Conv and the pools: the node's 2-D window attributes.
FailureOr<Window2d> readWindow2d(NodeContext &node, Value input,
                                 ArrayRef<int64_t> kernel) {
  ArrayRef<int64_t> shape = NodeContext::shapeOf(input);
  if (shape.size() != 4) {
    node.emitError() << "only 2-D windows (NCHW input) are supported, got a "
                     << "rank-" << shape.size() << " input";
    return failure();
  }
  Window2d window;
  window.kernel.assign(kernel.begin(), kernel.end());
  window.strides =
      node.intsAttr("strides").value_or(SmallVector<int64_t>{1, 1});
  window.dilations =
      node.intsAttr("dilations").value_or(SmallVector<int64_t>{1, 1});
  if (window.kernel.size() != 2 || window.strides.size() != 2 ||
      window.dilations.size() != 2) {
    node.emitError() << "kernel_shape, strides and dilations must have 2 "
                     << "values for a 2-D window";
    return failure();
  }
  auto pads = resolvePads(node, shape.drop_front(2), window.kernel,
                          window.strides, window.dilations);
  if (failed(pads))
    return failure();
  if (pads->size() != 4) {
    node.emitError() << "pads must have 4 values for a 2-D window, got "
                     << pads->size();
    return failure();
  }
  window.pads = *pads;
  return window;
}

FailureOr<SmallVector<Value>> importConv(NodeContext &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  auto input = node.input(0), weight = node.input(1);
  if (failed(input) || failed(weight))
    return failure();
  Value bias;
  if (node.hasInput(2)) {
    auto b = node.input(2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  ArrayRef<int64_t> weightShape = NodeContext::shapeOf(*weight);
  if (weightShape.size() != 4) {
    node.emitError() << "only 2-D convolutions are supported (the weight has "
                     << "rank " << weightShape.size() << ")";
    return failure();
  }
  auto window = readWindow2d(
      node, *input,
      node.intsAttr("kernel_shape")
          .value_or(SmallVector<int64_t>(weightShape.drop_front(2).begin(),
                                         weightShape.end())));
  if (failed(window))
    return failure();

  OpBuilder &b = node.getBuilder();
  auto conv = nn::createInferred<nn::Conv2dOp>(
      b, node.getLoc(), *input, *weight, bias,
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations),
      b.getI64IntegerAttr(node.intAttr("group", 1)));
  if (failed(conv))
    return failure();
  return SmallVector<Value>{*conv};
}

FailureOr<SmallVector<Value>> importGemm(NodeContext &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  auto a = node.input(0), bMatrix = node.input(1);
  if (failed(a) || failed(bMatrix))
    return failure();
  if (node.intAttr("transA", 0) != 0 || node.intAttr("transB", 0) != 1 ||
      node.floatAttr("alpha", 1.0f) != 1.0f ||
      node.floatAttr("beta", 1.0f) != 1.0f) {
    node.emitError() << "only the fully connected form (transA = 0, "
                     << "transB = 1, alpha = beta = 1) is supported";
    return failure();
  }
  Value bias;
  if (node.hasInput(2)) {
    auto c = node.input(2);
    if (failed(c))
      return failure();
    if (NodeContext::shapeOf(*c).size() != 1) {
      node.emitError() << "only a 1-D C (a bias per output) is supported";
      return failure();
    }
    bias = *c;
  }
  auto dense = nn::createInferred<nn::DenseOp>(node.getBuilder(), node.getLoc(),
                                               *a, *bMatrix, bias);
  if (failed(dense))
    return failure();
  return SmallVector<Value>{*dense};
}

} // namespace kiln::onnximport
