//===- ConvLayers.cpp - conv2d and dense layers ---------------------------===//
//
// The layers with weights. Weight layouts follow PyTorch (conv: OIHW with
// I = in_channels / groups; dense: [units, in_features]), so weights exported
// from PyTorch's state_dict can be written to the weights file as they are.
//
//===----------------------------------------------------------------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::jsonimport {

static Type tensorType(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

FailureOr<Value> buildConv2d(LayerContext &layer) {
  FieldReader &f = layer.fields;
  auto outChannels = f.getInt("out_channels");
  auto kernel = f.getPair("kernel");
  auto strides = f.getPair("stride", SmallVector<int64_t>{1, 1});
  auto padding = f.getPadding("padding");
  auto dilation = f.getPair("dilation", SmallVector<int64_t>{1, 1});
  auto groups = f.getInt("groups", 1);
  auto hasBias = f.getBool("bias", true);
  if (failed(outChannels) || failed(kernel) || failed(strides) ||
      failed(padding) || failed(dilation) || failed(groups) ||
      failed(hasBias) || failed(layer.expectInputs(1)) ||
      failed(layer.expectRank(layer.inputs[0], 4)))
    return failure();
  if (*outChannels < 1 || (*kernel)[0] < 1 || (*kernel)[1] < 1) {
    layer.emitError() << "out_channels and kernel must be >= 1";
    return failure();
  }

  Value input = layer.inputs[0];
  ArrayRef<int64_t> inShape =
      cast<RankedTensorType>(input.getType()).getShape();
  int64_t inPerGroup = *groups >= 1 ? inShape[1] / *groups : inShape[1];
  SmallVector<int64_t> weightShape = {*outChannels, inPerGroup, (*kernel)[0],
                                      (*kernel)[1]};
  nn::Conv2dParams params{*strides, *padding, *dilation, *groups};
  auto outShape = nn::inferConv2dShape(
      inShape, weightShape, *hasBias ? &*outChannels : nullptr, params);
  if (!outShape) {
    layer.emitError() << llvm::toString(outShape.takeError());
    return failure();
  }

  int64_t fanIn = inPerGroup * (*kernel)[0] * (*kernel)[1];
  auto weight = layer.takeWeight("weight", weightShape, fanIn);
  if (failed(weight))
    return failure();
  Value bias;
  if (*hasBias) {
    auto b = layer.takeWeight("bias", {*outChannels}, fanIn);
    if (failed(b))
      return failure();
    bias = *b;
  }
  OpBuilder &b = layer.builder;
  return nn::Conv2dOp::create(
             b, layer.loc, tensorType(b.getContext(), *outShape), input,
             *weight, bias, b.getDenseI64ArrayAttr(*strides),
             b.getDenseI64ArrayAttr(*padding),
             b.getDenseI64ArrayAttr(*dilation), b.getI64IntegerAttr(*groups))
      .getResult();
}

FailureOr<Value> buildDense(LayerContext &layer) {
  FieldReader &f = layer.fields;
  auto units = f.getInt("units");
  auto hasBias = f.getBool("bias", true);
  if (failed(units) || failed(hasBias) || failed(layer.expectInputs(1)) ||
      failed(layer.expectRank(layer.inputs[0], 2)))
    return failure();
  if (*units < 1) {
    layer.emitError() << "units must be >= 1, got " << *units;
    return failure();
  }

  Value input = layer.inputs[0];
  ArrayRef<int64_t> inShape =
      cast<RankedTensorType>(input.getType()).getShape();
  SmallVector<int64_t> weightShape = {*units, inShape[1]};
  auto outShape =
      nn::inferDenseShape(inShape, weightShape, *hasBias ? &*units : nullptr);
  if (!outShape) {
    layer.emitError() << llvm::toString(outShape.takeError());
    return failure();
  }
  auto weight = layer.takeWeight("weight", weightShape, inShape[1]);
  if (failed(weight))
    return failure();
  Value bias;
  if (*hasBias) {
    auto b = layer.takeWeight("bias", {*units}, inShape[1]);
    if (failed(b))
      return failure();
    bias = *b;
  }
  OpBuilder &b = layer.builder;
  return nn::DenseOp::create(b, layer.loc,
                             tensorType(b.getContext(), *outShape), input,
                             *weight, bias)
      .getResult();
}

} // namespace kiln::jsonimport
