//===- SimpleLayers.cpp - relu, add, flatten and softmax layers -----------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::jsonimport {

FailureOr<Value> buildRelu(LayerContext &layer) {
  if (failed(layer.expectInputs(1)))
    return failure();
  return nn::ReluOp::create(layer.builder, layer.loc, layer.inputs[0])
      .getResult();
}

FailureOr<Value> buildAdd(LayerContext &layer) {
  if (failed(layer.expectInputs(2)))
    return failure();
  Type lhs = layer.inputs[0].getType(), rhs = layer.inputs[1].getType();
  if (lhs != rhs) {
    layer.emitError() << "adds tensors of the same shape, got "
                      << nn::formatShape(cast<ShapedType>(lhs).getShape())
                      << " and "
                      << nn::formatShape(cast<ShapedType>(rhs).getShape());
    return failure();
  }
  return nn::AddOp::create(layer.builder, layer.loc, layer.inputs[0],
                           layer.inputs[1])
      .getResult();
}

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

FailureOr<Value> buildSoftmax(LayerContext &layer) {
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
  return nn::SoftmaxOp::create(b, layer.loc, layer.inputs[0],
                               b.getI64IntegerAttr(*axis))
      .getResult();
}

} // namespace kiln::jsonimport
