//===- ActivationOps.cpp - Relu, LeakyRelu, Sigmoid, Tanh, Clip, Hard* ----===//
//
// Clip's bounds are attributes before opset 11 and optional constant inputs
// from 11 on; either way they become nn.clip's attributes (ReLU6 is
// Clip(0, 6)). HardSigmoid and HardSwish (MobileNetV3) are built from
// nn.mul, nn.add and nn.clip, exactly as ONNX defines them.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include <limits>

using namespace mlir;

namespace kiln::onnximport {

template <typename OpTy>
static FailureOr<SmallVector<Value>> importUnary(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  return SmallVector<Value>{
      OpTy::create(node.getBuilder(), node.getLoc(), *input)};
}

FailureOr<SmallVector<Value>> importRelu(NodeContext &node) {
  return importUnary<nn::ReluOp>(node);
}
FailureOr<SmallVector<Value>> importSigmoid(NodeContext &node) {
  return importUnary<nn::SigmoidOp>(node);
}
FailureOr<SmallVector<Value>> importTanh(NodeContext &node) {
  return importUnary<nn::TanhOp>(node);
}

FailureOr<SmallVector<Value>> importLeakyRelu(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  OpBuilder &b = node.getBuilder();
  return SmallVector<Value>{nn::LeakyReluOp::create(
      b, node.getLoc(), *input,
      b.getF32FloatAttr(node.floatAttr("alpha", 0.01f)))};
}

FailureOr<SmallVector<Value>> importClip(NodeContext &node) {
  if (failed(node.expectInputs(1, 3)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  float min = std::numeric_limits<float>::lowest();
  float max = std::numeric_limits<float>::max();
  if (node.getOpset() < 11) {
    min = node.floatAttr("min", min);
    max = node.floatAttr("max", max);
  } else {
    for (int i : {1, 2}) {
      if (!node.hasInput(i))
        continue;
      auto bound = node.constantFloat(i);
      if (failed(bound))
        return failure();
      (i == 1 ? min : max) = *bound;
    }
  }
  if (auto error = nn::checkClipBounds(min, max)) {
    node.emitError() << llvm::toString(std::move(error));
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  return SmallVector<Value>{nn::ClipOp::create(b, node.getLoc(), *input,
                                               b.getF32FloatAttr(min),
                                               b.getF32FloatAttr(max))};
}

// max(0, min(1, alpha * x + beta)).
static Value hardSigmoid(NodeContext &node, Value x, float alpha, float beta) {
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  Value scaled =
      nn::createInferred<nn::MulOp>(b, loc, x, node.scalar(alpha)).value();
  Value shifted =
      nn::createInferred<nn::AddOp>(b, loc, scaled, node.scalar(beta)).value();
  return nn::ClipOp::create(b, loc, shifted, b.getF32FloatAttr(0.0f),
                            b.getF32FloatAttr(1.0f));
}

FailureOr<SmallVector<Value>> importHardSigmoid(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  return SmallVector<Value>{hardSigmoid(node, *input,
                                        node.floatAttr("alpha", 0.2f),
                                        node.floatAttr("beta", 0.5f))};
}

// x * HardSigmoid(x) with alpha 1/6, beta 0.5.
FailureOr<SmallVector<Value>> importHardSwish(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  Value gate = hardSigmoid(node, *input, 1.0f / 6.0f, 0.5f);
  return oneResult(nn::createInferred<nn::MulOp>(node.getBuilder(),
                                                 node.getLoc(), *input, gate));
}

} // namespace kiln::onnximport
