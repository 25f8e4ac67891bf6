//===- NNOps.cpp - type inference, verifiers and folders of nn layers -----===//
//
// Type inference delegates to the shape rules in NNShapes.cpp and turns their
// message into a diagnostic at the op, prefixed with the op name, e.g.
//   nn.conv2d: kernel 5x5 (dilation 1x1) with padding [0, 0, 0, 0] does not
//   fit input 3x3
// The tensor-manipulation ops (concat, reshape, binary arithmetic, ...) are
// in NNTensorOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNOpsSupport.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

namespace {

// Sets `length` to the bias's length (null without a bias); reports an
// error when the bias is not 1-D.
LogicalResult getBiasLength(std::optional<Location> location, StringRef opName,
                            Value bias, std::optional<int64_t> &length) {
  if (!bias)
    return success();
  ArrayRef<int64_t> shape = shapeOf(bias);
  if (shape.size() != 1)
    return emitOptionalError(location, opName, ": bias must have rank 1, got ",
                             "shape ", formatShape(shape));
  length = shape[0];
  return success();
}

const int64_t *orNull(const std::optional<int64_t> &value) {
  return value ? &*value : nullptr;
}

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  std::optional<int64_t> bias;
  if (failed(
          getBiasLength(location, getOperationName(), adaptor.getBias(), bias)))
    return failure();
  Conv2dParams params{adaptor.getStrides(), adaptor.getPadding(),
                      adaptor.getDilation(),
                      static_cast<int64_t>(adaptor.getGroups())};
  return setInferredType(context, location, getOperationName(),
                         inferConv2dShape(shapeOf(adaptor.getInput()),
                                          shapeOf(adaptor.getWeight()),
                                          orNull(bias), params),
                         inferred);
}

LogicalResult DenseOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  std::optional<int64_t> bias;
  if (failed(
          getBiasLength(location, getOperationName(), adaptor.getBias(), bias)))
    return failure();
  return setInferredType(context, location, getOperationName(),
                         inferDenseShape(shapeOf(adaptor.getInput()),
                                         shapeOf(adaptor.getWeight()),
                                         orNull(bias)),
                         inferred);
}

template <typename PoolOp>
static LogicalResult inferPoolType(MLIRContext *context,
                                   std::optional<Location> location,
                                   typename PoolOp::Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  Pool2dParams params{adaptor.getKernel(), adaptor.getStrides(),
                      adaptor.getPadding(), adaptor.getCeilMode()};
  if constexpr (std::is_same_v<PoolOp, MaxPool2dOp>)
    params.dilation = adaptor.getDilation();
  return setInferredType(context, location, PoolOp::getOperationName(),
                         inferPool2dShape(shapeOf(adaptor.getInput()), params),
                         inferred);
}

// A 1x1 window moved one step at a time over an unpadded input reads each
// element once, alone: the pool is its input. ONNX exports the adaptive
// average pools of VGG and AlexNet, on inputs already of their output size,
// as such pools.
template <typename PoolOp> static OpFoldResult foldUnitPool(PoolOp op) {
  auto isOne = [](int64_t v) { return v == 1; };
  if (llvm::all_of(op.getKernel(), isOne) &&
      llvm::all_of(op.getStrides(), isOne) &&
      llvm::all_of(op.getPadding(), [](int64_t p) { return p == 0; }) &&
      op.getInput().getType() == op.getType())
    return op.getInput();
  return {};
}

OpFoldResult MaxPool2dOp::fold(FoldAdaptor) { return foldUnitPool(*this); }

OpFoldResult AvgPool2dOp::fold(FoldAdaptor) { return foldUnitPool(*this); }

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferPoolType<MaxPool2dOp>(context, location, adaptor, inferred);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferPoolType<AvgPool2dOp>(context, location, adaptor, inferred);
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return setInferredType(
      context, location, getOperationName(),
      inferFlattenShape(shapeOf(adaptor.getInput()), adaptor.getAxis()),
      inferred);
}

LogicalResult SoftmaxOp::verify() {
  auto axis = normalizeAxis(getAxis(), getType().getRank());
  if (!axis)
    return emitOpError() << llvm::toString(axis.takeError());
  return success();
}

LogicalResult GlobalAvgPool2dOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferGlobalPool2dShape(shapeOf(adaptor.getInput())),
                         inferred);
}

LogicalResult GlobalMaxPool2dOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferGlobalPool2dShape(shapeOf(adaptor.getInput())),
                         inferred);
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  ArrayRef<int64_t> params[] = {
      shapeOf(adaptor.getScale()), shapeOf(adaptor.getBias()),
      shapeOf(adaptor.getMean()), shapeOf(adaptor.getVariance())};
  return setInferredType(
      context, location, getOperationName(),
      inferBatchNormShape(shapeOf(adaptor.getInput()), params,
                          adaptor.getEpsilon().convertToDouble()),
      inferred);
}

LogicalResult LrnOp::verify() {
  auto shape = inferLrnShape(getType().getShape(), getSize());
  if (!shape)
    return emitOpError() << llvm::toString(shape.takeError());
  return success();
}

LogicalResult ClipOp::verify() {
  if (auto err = checkClipBounds(getMin().convertToDouble(),
                                 getMax().convertToDouble()))
    return emitOpError() << llvm::toString(std::move(err));
  return success();
}

LogicalResult DropoutOp::verify() {
  if (std::optional<APFloat> ratio = getRatio())
    if (auto err = checkDropoutRatio(ratio->convertToDouble()))
      return emitOpError() << llvm::toString(std::move(err));
  return success();
}

LogicalResult LogSoftmaxOp::verify() {
  auto axis = normalizeAxis(getAxis(), getType().getRank());
  if (!axis)
    return emitOpError() << llvm::toString(axis.takeError());
  return success();
}

#define GET_OP_CLASSES
#include "dialects/nn/NNOps.cpp.inc"
