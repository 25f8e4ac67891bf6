//===- PoolLayers.cpp - windowed and global pooling layers ----------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;

namespace kiln::jsonimport {

namespace {

struct PoolFields {
  SmallVector<int64_t> kernel, strides, padding, dilation;
  bool ceilMode = false;
  Type resultType;
};

// Reads and checks the fields both pools share, and `dilation` when the pool
// has it; the stride defaults to the kernel, as in PyTorch.
FailureOr<PoolFields> readPoolFields(LayerContext &layer, bool hasDilation) {
  FieldReader &f = layer.fields;
  auto kernel = f.getPair("kernel");
  if (failed(kernel))
    return failure();
  auto strides = f.getPair("stride", *kernel);
  auto padding = f.getPadding("padding");
  auto ceilMode = f.getBool("ceil_mode", false);
  auto dilation =
      hasDilation ? f.getPair("dilation", SmallVector<int64_t>{1, 1})
                  : FailureOr<SmallVector<int64_t>>(SmallVector<int64_t>{1, 1});
  if (failed(strides) || failed(padding) || failed(ceilMode) ||
      failed(dilation) || failed(layer.expectInputs(1)) ||
      failed(layer.expectRank(layer.inputs[0], 4)))
    return failure();

  auto inType = cast<RankedTensorType>(layer.inputs[0].getType());
  nn::Pool2dParams params{*kernel, *strides, *padding, *ceilMode, *dilation};
  auto shape = nn::inferPool2dShape(inType.getShape(), params);
  if (!shape) {
    layer.emitError() << llvm::toString(shape.takeError());
    return failure();
  }
  return PoolFields{
      *kernel,   *strides,
      *padding,  *dilation,
      *ceilMode, RankedTensorType::get(*shape, inType.getElementType())};
}

} // namespace

FailureOr<Value> buildMaxPool2d(LayerContext &layer) {
  auto pool = readPoolFields(layer, /*hasDilation=*/true);
  if (failed(pool))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::MaxPool2dOp::create(b, layer.loc, pool->resultType,
                                 layer.inputs[0],
                                 b.getDenseI64ArrayAttr(pool->kernel),
                                 b.getDenseI64ArrayAttr(pool->strides),
                                 b.getDenseI64ArrayAttr(pool->padding),
                                 b.getBoolAttr(pool->ceilMode),
                                 b.getDenseI64ArrayAttr(pool->dilation))
      .getResult();
}

FailureOr<Value> buildAvgPool2d(LayerContext &layer) {
  auto countIncludePad = layer.fields.getBool("count_include_pad", true);
  auto pool = readPoolFields(layer, /*hasDilation=*/false);
  if (failed(countIncludePad) || failed(pool))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::AvgPool2dOp::create(
             b, layer.loc, pool->resultType, layer.inputs[0],
             b.getDenseI64ArrayAttr(pool->kernel),
             b.getDenseI64ArrayAttr(pool->strides),
             b.getDenseI64ArrayAttr(pool->padding),
             b.getBoolAttr(pool->ceilMode), b.getBoolAttr(*countIncludePad))
      .getResult();
}

template <typename GlobalPoolOp>
static FailureOr<Value> buildGlobalPool(LayerContext &layer) {
  if (failed(layer.expectInputs(1)) ||
      failed(layer.expectRank(layer.inputs[0], 4)))
    return failure();
  auto type = layer.resultType(nn::inferGlobalPool2dShape(layer.inputShape(0)));
  if (failed(type))
    return failure();
  return GlobalPoolOp::create(layer.builder, layer.loc, *type, layer.inputs[0])
      .getResult();
}

FailureOr<Value> buildGlobalAvgPool2d(LayerContext &layer) {
  return buildGlobalPool<nn::GlobalAvgPool2dOp>(layer);
}

FailureOr<Value> buildGlobalMaxPool2d(LayerContext &layer) {
  return buildGlobalPool<nn::GlobalMaxPool2dOp>(layer);
}

} // namespace kiln::jsonimport
