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
#include "dialects/nn/NNShapes.h"

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
  // kernel_shape only repeats the weight's sizes; a model where it differs
  // is inconsistent, whichever of the two was meant.
  SmallVector<int64_t> weightKernel(weightShape.drop_front(2));
  auto kernel = node.intsAttr("kernel_shape").value_or(weightKernel);
  if (kernel != weightKernel) {
    node.emitError() << "kernel_shape " << nn::formatShape(kernel)
                     << " differs from the weight's kernel "
                     << nn::formatShape(weightKernel);
    return failure();
  }
  auto window = readWindow2d(node, *input, kernel);
  if (failed(window))
    return failure();

  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::Conv2dOp>(
      b, node.getLoc(), *input, *weight, bias,
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations),
      b.getI64IntegerAttr(node.intAttr("group", 1))));
}

// A 2-D transpose, for Gemm's transA / transB.
static FailureOr<Value> transpose2d(NodeContext &node, Value value) {
  OpBuilder &b = node.getBuilder();
  return nn::createInferred<nn::TransposeOp>(b, node.getLoc(), value,
                                             b.getDenseI64ArrayAttr({1, 0}));
}

// Y = alpha * A' * B' + beta * C. The common fully connected form
// (transB = 1, alpha = beta = 1, 1-D C) is one nn.dense with its bias; other
// forms add transposes, scalings and a broadcasting add around it.
FailureOr<SmallVector<Value>> importGemm(NodeContext &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  auto a = node.input(0), bMatrix = node.input(1);
  if (failed(a) || failed(bMatrix))
    return failure();
  Value lhs = *a, weight = *bMatrix, c;
  if (node.hasInput(2)) {
    auto input = node.input(2);
    if (failed(input))
      return failure();
    c = *input;
  }
  float alpha = node.floatAttr("alpha", 1.0f);
  float beta = node.floatAttr("beta", 1.0f);
  if (node.intAttr("transA", 0) != 0) {
    auto transposed = transpose2d(node, lhs);
    if (failed(transposed))
      return failure();
    lhs = *transposed;
  }
  // nn.dense wants the weight as [outputs, inputs], i.e. B transposed.
  if (node.intAttr("transB", 0) == 0) {
    auto transposed = transpose2d(node, weight);
    if (failed(transposed))
      return failure();
    weight = *transposed;
  }

  ArrayRef<int64_t> weightShape = NodeContext::shapeOf(weight);
  bool cIsBias = c && alpha == 1.0f && beta == 1.0f &&
                 NodeContext::shapeOf(c).size() == 1 &&
                 weightShape.size() == 2 &&
                 NodeContext::shapeOf(c)[0] == weightShape[0];
  OpBuilder &b = node.getBuilder();
  auto product = nn::createInferred<nn::DenseOp>(b, node.getLoc(), lhs, weight,
                                                 cIsBias ? c : Value());
  if (failed(product))
    return failure();
  Value result = *product;
  if (alpha != 1.0f) {
    auto scaled = nn::createInferred<nn::MulOp>(b, node.getLoc(), result,
                                                node.scalar(alpha));
    if (failed(scaled))
      return failure();
    result = *scaled;
  }
  if (c && !cIsBias) {
    Value addend = c;
    if (beta != 1.0f) {
      auto scaled =
          nn::createInferred<nn::MulOp>(b, node.getLoc(), c, node.scalar(beta));
      if (failed(scaled))
        return failure();
      addend = *scaled;
    }
    auto sum = nn::createInferred<nn::AddOp>(b, node.getLoc(), result, addend);
    if (failed(sum))
      return failure();
    result = *sum;
  }
  return SmallVector<Value>{result};
}

FailureOr<SmallVector<Value>> importMatMul(NodeContext &node) {
  if (failed(node.expectInputs(2, 2)))
    return failure();
  auto lhs = node.input(0), rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  // A fully connected layer written as MatMul (Keras's Dense, through
  // tf2onnx): [M, K] x constant [K, N] is nn.dense with the weight
  // transposed (folded at compile time), so the dense layers' schedules and
  // fusions apply.
  if (NodeContext::shapeOf(*lhs).size() == 2 &&
      NodeContext::shapeOf(*rhs).size() == 2 && node.constantInput(1)) {
    auto weight = transpose2d(node, *rhs);
    if (failed(weight))
      return failure();
    return oneResult(nn::createInferred<nn::DenseOp>(
        node.getBuilder(), node.getLoc(), *lhs, *weight, Value()));
  }
  return oneResult(nn::createInferred<nn::MatmulOp>(node.getBuilder(),
                                                    node.getLoc(), *lhs, *rhs));
}

} // namespace kiln::onnximport
