//===- NormLayers.cpp - batch_norm and lrn layers -------------------------===//
//
// batch_norm reads four [C] tensors in the order of PyTorch's BatchNorm2d
// state_dict (weight, bias, running_mean, running_var); PyTorch's fifth
// entry, num_batches_tracked, is an int64 training counter that the weights
// file leaves out. With random weights they get PyTorch's initial values
// (1, 0, 0, 1), so the layer is well-defined. lrn has no weights.
//
//===----------------------------------------------------------------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::jsonimport {

FailureOr<Value> buildBatchNorm(LayerContext &layer) {
  auto epsilon = layer.fields.getNumber("epsilon", 1e-5);
  if (failed(epsilon) || failed(layer.expectInputs(1)) ||
      failed(layer.expectRank(layer.inputs[0], 4)))
    return failure();
  int64_t channels = layer.inputShape(0)[1];
  SmallVector<int64_t> param = {channels};
  ArrayRef<int64_t> params[] = {param, param, param, param};
  auto type = layer.resultType(
      nn::inferBatchNormShape(layer.inputShape(0), params, *epsilon));
  if (failed(type))
    return failure();

  auto scale = layer.takeWeight("weight", param, RandomInit::filled(1.0f));
  auto bias = layer.takeWeight("bias", param, RandomInit::filled(0.0f));
  auto mean = layer.takeWeight("running_mean", param, RandomInit::filled(0.0f));
  auto var = layer.takeWeight("running_var", param, RandomInit::filled(1.0f));
  if (failed(scale) || failed(bias) || failed(mean) || failed(var))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::BatchNormOp::create(b, layer.loc, *type, layer.inputs[0], *scale,
                                 *bias, *mean, *var,
                                 b.getF32FloatAttr(*epsilon))
      .getResult();
}

FailureOr<Value> buildLrn(LayerContext &layer) {
  FieldReader &f = layer.fields;
  auto size = f.getInt("size");
  auto alpha = f.getNumber("alpha", 1e-4);
  auto beta = f.getNumber("beta", 0.75);
  auto bias = f.getNumber("bias", 1.0);
  if (failed(size) || failed(alpha) || failed(beta) || failed(bias) ||
      failed(layer.expectInputs(1)))
    return failure();
  if (failed(layer.resultType(nn::inferLrnShape(layer.inputShape(0), *size))))
    return failure();
  OpBuilder &b = layer.builder;
  return nn::LrnOp::create(b, layer.loc, layer.inputs[0],
                           b.getI64IntegerAttr(*size),
                           b.getF32FloatAttr(*alpha), b.getF32FloatAttr(*beta),
                           b.getF32FloatAttr(*bias))
      .getResult();
}

} // namespace kiln::jsonimport
