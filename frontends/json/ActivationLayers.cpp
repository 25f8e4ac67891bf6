//===- ActivationLayers.cpp - activation and dropout layers --------------===//
//
// Layers that map each element on its own and keep the input's shape.
// dropout is here too: nn.dropout, the identity at inference, which
// kiln-remove-identities removes (its "rate" is kept as the op's ratio).
//
//===----------------------------------------------------------------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::jsonimport {

template <typename Op>
static FailureOr<Value> buildPlainActivation(LayerContext &layer) {
  if (failed(layer.expectInputs(1)))
    return failure();
  return Op::create(layer.builder, layer.loc, layer.inputs[0]).getResult();
}

FailureOr<Value> buildRelu(LayerContext &layer) {
  return buildPlainActivation<nn::ReluOp>(layer);
}

FailureOr<Value> buildSigmoid(LayerContext &layer) {
  return buildPlainActivation<nn::SigmoidOp>(layer);
}

FailureOr<Value> buildTanh(LayerContext &layer) {
  return buildPlainActivation<nn::TanhOp>(layer);
}

FailureOr<Value> buildLeakyRelu(LayerContext &layer) {
  auto alpha = layer.fields.getNumber("alpha", 0.01);
  if (failed(alpha) || failed(layer.expectInputs(1)))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::LeakyReluOp::create(b, layer.loc, layer.inputs[0],
                                 b.getF32FloatAttr(*alpha))
      .getResult();
}

FailureOr<Value> buildClip(LayerContext &layer) {
  auto min = layer.fields.getNumber("min");
  auto max = layer.fields.getNumber("max");
  if (failed(min) || failed(max) || failed(layer.expectInputs(1)))
    return failure();
  if (auto err = nn::checkClipBounds(*min, *max)) {
    layer.emitError() << llvm::toString(std::move(err));
    return failure();
  }
  OpBuilder &b = layer.builder;
  return nn::ClipOp::create(b, layer.loc, layer.inputs[0],
                            b.getF32FloatAttr(*min), b.getF32FloatAttr(*max))
      .getResult();
}

FailureOr<Value> buildDropout(LayerContext &layer) {
  auto rate = layer.fields.getNumber("rate", 0.5);
  if (failed(rate) || failed(layer.expectInputs(1)))
    return failure();
  if (auto err = nn::checkDropoutRatio(*rate, "rate")) {
    layer.emitError() << llvm::toString(std::move(err));
    return failure();
  }
  OpBuilder &b = layer.builder;
  return nn::DropoutOp::create(b, layer.loc, layer.inputs[0],
                               b.getF32FloatAttr(*rate))
      .getResult();
}

} // namespace kiln::jsonimport
