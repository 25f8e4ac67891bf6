//===- SimpleLayers.cpp - flatten, softmax and log_softmax layers ---------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::jsonimport {

FailureOr<Value> buildFlatten(LayerContext &layer) {
  auto axis = layer.fields.getInt("axis", 1);
  if (failed(axis) || failed(layer.expectInputs(1)))
    return failure();
  auto inType = cast<RankedTensorType>(layer.inputs[0].getType());
  auto shape = nn::inferFlattenShape(inType.getShape(), *axis);
  if (!shape) {
    layer.emitError() << llvm::toString(shape.takeError());
    return failure();
  }
  OpBuilder &b = layer.builder;
  return nn::FlattenOp::create(
             b, layer.loc,
             RankedTensorType::get(*shape, inType.getElementType()),
             layer.inputs[0], b.getI64IntegerAttr(*axis))
      .getResult();
}

// softmax and log_softmax: one input, an axis (default 1, the channels or
// classes) checked against its rank.
template <typename Op>
static FailureOr<Value> buildAxisNormalization(LayerContext &layer) {
  auto axis = layer.fields.getInt("axis", 1);
  if (failed(axis) || failed(layer.expectInputs(1)))
    return failure();
  auto rank = cast<RankedTensorType>(layer.inputs[0].getType()).getRank();
  auto normalized = nn::normalizeAxis(*axis, rank);
  if (!normalized) {
    layer.emitError() << llvm::toString(normalized.takeError());
    return failure();
  }
  OpBuilder &b = layer.builder;
  return Op::create(b, layer.loc, layer.inputs[0], b.getI64IntegerAttr(*axis))
      .getResult();
}

FailureOr<Value> buildSoftmax(LayerContext &layer) {
  return buildAxisNormalization<nn::SoftmaxOp>(layer);
}

FailureOr<Value> buildLogSoftmax(LayerContext &layer) {
  return buildAxisNormalization<nn::LogSoftmaxOp>(layer);
}

} // namespace kiln::jsonimport
