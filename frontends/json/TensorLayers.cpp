//===- TensorLayers.cpp - concat, reshape, transpose, pad, ... layers -----===//
//
// Layers that rearrange, join or reduce tensors. Their fields are the ONNX
// attributes of the same ops (a reshape's "shape" may hold one -1 and
// zeros; pad's "pads" lists every dimension's begin, then every end), so a
// graph exported from ONNX or numpy code translates field for field.
//
//===----------------------------------------------------------------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::jsonimport {

FailureOr<Value> buildConcat(LayerContext &layer) {
  auto axis = layer.fields.getInt("axis", 1);
  if (failed(axis))
    return failure();
  if (layer.inputs.empty()) {
    layer.emitError() << "takes at least one input";
    return failure();
  }
  SmallVector<ArrayRef<int64_t>> shapes;
  for (size_t i = 0; i < layer.inputs.size(); ++i)
    shapes.push_back(layer.inputShape(i));
  auto type = layer.resultType(nn::inferConcatShape(shapes, *axis));
  if (failed(type))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::ConcatOp::create(b, layer.loc, *type, layer.inputs,
                              b.getI64IntegerAttr(*axis))
      .getResult();
}

FailureOr<Value> buildReshape(LayerContext &layer) {
  auto shape = layer.fields.getIntList("shape");
  if (failed(shape) || failed(layer.expectInputs(1)))
    return failure();
  auto type =
      layer.resultType(nn::resolveReshapeShape(layer.inputShape(0), *shape));
  if (failed(type))
    return failure();
  return nn::ReshapeOp::create(layer.builder, layer.loc, *type, layer.inputs[0])
      .getResult();
}

FailureOr<Value> buildTranspose(LayerContext &layer) {
  auto permutation = layer.fields.getIntList("permutation");
  if (failed(permutation) || failed(layer.expectInputs(1)))
    return failure();
  auto type = layer.resultType(
      nn::inferTransposeShape(layer.inputShape(0), *permutation));
  if (failed(type))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::TransposeOp::create(b, layer.loc, *type, layer.inputs[0],
                                 b.getDenseI64ArrayAttr(*permutation))
      .getResult();
}

FailureOr<Value> buildPad(LayerContext &layer) {
  auto pads = layer.fields.getIntList("pads");
  auto value = layer.fields.getNumber("value", 0.0);
  if (failed(pads) || failed(value) || failed(layer.expectInputs(1)))
    return failure();
  auto type = layer.resultType(nn::inferPadShape(layer.inputShape(0), *pads));
  if (failed(type))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::PadOp::create(b, layer.loc, *type, layer.inputs[0],
                           b.getDenseI64ArrayAttr(*pads),
                           b.getF32FloatAttr(*value))
      .getResult();
}

FailureOr<Value> buildReduceMean(LayerContext &layer) {
  auto axes = layer.fields.getIntList("axes");
  auto keepDims = layer.fields.getBool("keepdims", true);
  if (failed(axes) || failed(keepDims) || failed(layer.expectInputs(1)))
    return failure();
  auto type = layer.resultType(
      nn::inferReduceShape(layer.inputShape(0), *axes, *keepDims));
  if (failed(type))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::ReduceMeanOp::create(b, layer.loc, *type, layer.inputs[0],
                                  b.getDenseI64ArrayAttr(*axes),
                                  b.getBoolAttr(*keepDims))
      .getResult();
}

FailureOr<Value> buildMatmul(LayerContext &layer) {
  if (failed(layer.expectInputs(2)))
    return failure();
  auto type = layer.resultType(
      nn::inferMatmulShape(layer.inputShape(0), layer.inputShape(1)));
  if (failed(type))
    return failure();
  return nn::MatmulOp::create(layer.builder, layer.loc, *type, layer.inputs[0],
                              layer.inputs[1])
      .getResult();
}

} // namespace kiln::jsonimport
