//===- NNFusedOps.cpp - type inference of the fused ops -------------------===//
//
// A fused op is the ops it replaced, so its type is inferred by their rules
// in turn: the convolution's (inferConv2dShape), then the pooling's
// (inferPool2dShape) on the convolution's shape; the dense layer's
// (inferDenseShape) for nn.fused_dense. Checking the activation's and the
// pool's attributes here, with the shapes, reports a hand-written op with
// the same kind of message as the other ops; the fusion pass only builds
// valid ones.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNOpsSupport.h"
#include "dialects/nn/NNShapeChecks.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

namespace {

// The activation attributes (NN_FusedActivationArgs) of any fused op; the
// kind itself is an enum the parser already checked.
template <typename Adaptor> llvm::Error checkActivation(Adaptor &adaptor) {
  if (adaptor.getActivation() != ActivationKind::Clip)
    return llvm::Error::success();
  if (!adaptor.getMin() || !adaptor.getMax())
    return fail("activation 'clip' needs 'min' and 'max'");
  return checkClipBounds(adaptor.getMin()->convertToDouble(),
                         adaptor.getMax()->convertToDouble());
}

// The bias's length, null without a bias; an error unless it is 1-D.
llvm::Expected<std::optional<int64_t>> biasLengthOf(Value bias) {
  if (!bias)
    return std::nullopt;
  if (auto err = checkRank("bias", shapeOf(bias), 1))
    return std::move(err);
  return shapeOf(bias)[0];
}

llvm::Expected<Shape> inferFusedDenseShape(FusedDenseOp::Adaptor adaptor) {
  auto biasLength = biasLengthOf(adaptor.getBias());
  if (!biasLength)
    return biasLength.takeError();
  auto shape =
      inferDenseShape(shapeOf(adaptor.getInput()), shapeOf(adaptor.getWeight()),
                      *biasLength ? &**biasLength : nullptr);
  if (!shape)
    return shape.takeError();
  if (auto err = checkActivation(adaptor))
    return std::move(err);
  return shape;
}

llvm::Expected<Shape> inferFusedShape(FusedConv2dOp::Adaptor adaptor) {
  auto biasLength = biasLengthOf(adaptor.getBias());
  if (!biasLength)
    return biasLength.takeError();
  Conv2dParams conv{adaptor.getStrides(), adaptor.getPadding(),
                    adaptor.getDilation(),
                    static_cast<int64_t>(adaptor.getGroups())};
  auto shape = inferConv2dShape(shapeOf(adaptor.getInput()),
                                shapeOf(adaptor.getWeight()),
                                *biasLength ? &**biasLength : nullptr, conv);
  if (!shape)
    return shape.takeError();

  if (auto err = checkActivation(adaptor))
    return std::move(err);

  PoolKind pool = adaptor.getPool();
  if (pool == PoolKind::None)
    return shape;
  if (!adaptor.getPoolKernel() || !adaptor.getPoolStrides() ||
      !adaptor.getPoolPadding())
    return fail("pool '" + stringifyPoolKind(pool) +
                "' needs 'pool_kernel', 'pool_strides' and 'pool_padding'");
  Pool2dParams params{*adaptor.getPoolKernel(), *adaptor.getPoolStrides(),
                      *adaptor.getPoolPadding(), adaptor.getPoolCeilMode()};
  params.dilation = adaptor.getPoolDilation();
  if (pool == PoolKind::Avg &&
      llvm::any_of(params.dilation, [](int64_t d) { return d != 1; }))
    return fail("pool_dilation must be 1x1 for average pooling, got " +
                formatList(params.dilation));
  return inferPool2dShape(*shape, params);
}

} // namespace

LogicalResult FusedConv2dOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> location,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferFusedShape(adaptor), inferred);
}

LogicalResult FusedDenseOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferFusedDenseShape(adaptor), inferred);
}

SmallVector<int64_t, 4> FusedConv2dOp::getConvShape() {
  Conv2dParams conv{getStrides(), getPadding(), getDilation(),
                    static_cast<int64_t>(getGroups())};
  std::optional<int64_t> biasLength;
  if (getBias())
    biasLength = shapeOf(getBias())[0];
  // The op verified, so the rule holds.
  return llvm::cantFail(
      inferConv2dShape(shapeOf(getInput()), shapeOf(getWeight()),
                       biasLength ? &*biasLength : nullptr, conv));
}
