//===- NNOps.cpp - type inference, verifiers and folders of nn ops --------===//
//
// Type inference delegates to the shape rules in NNShapes.cpp and turns their
// message into a diagnostic at the op, prefixed with the op name, e.g.
//   nn.conv2d: kernel 5x5 (dilation 1x1) with padding [0, 0, 0, 0] does not
//   fit input 3x3
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace kiln::nn;

namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

// Stores the inferred tensor type, or reports the rule's message at the op.
LogicalResult setInferredType(MLIRContext *context,
                              std::optional<Location> location,
                              StringRef opName, llvm::Expected<Shape> shape,
                              SmallVectorImpl<Type> &inferred) {
  if (!shape) {
    std::string message = llvm::toString(shape.takeError());
    return emitOptionalError(location, opName, ": ", message);
  }
  inferred.push_back(RankedTensorType::get(*shape, Float32Type::get(context)));
  return success();
}

std::optional<int64_t> biasLength(Value bias) {
  if (!bias)
    return std::nullopt;
  ArrayRef<int64_t> shape = shapeOf(bias);
  // A bias must be 1-D; any other rank is reported as a length mismatch.
  return shape.size() == 1 ? shape[0] : -1;
}

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  std::optional<int64_t> bias = biasLength(adaptor.getBias());
  Conv2dParams params{adaptor.getStrides(), adaptor.getPadding(),
                      adaptor.getDilation(),
                      static_cast<int64_t>(adaptor.getGroups())};
  return setInferredType(context, location, getOperationName(),
                         inferConv2dShape(shapeOf(adaptor.getInput()),
                                          shapeOf(adaptor.getWeight()),
                                          bias ? &*bias : nullptr, params),
                         inferred);
}

LogicalResult DenseOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  std::optional<int64_t> bias = biasLength(adaptor.getBias());
  return setInferredType(context, location, getOperationName(),
                         inferDenseShape(shapeOf(adaptor.getInput()),
                                         shapeOf(adaptor.getWeight()),
                                         bias ? &*bias : nullptr),
                         inferred);
}

template <typename PoolOp>
static LogicalResult inferPoolType(MLIRContext *context,
                                   std::optional<Location> location,
                                   typename PoolOp::Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  Pool2dParams params{adaptor.getKernel(), adaptor.getStrides(),
                      adaptor.getPadding(), adaptor.getCeilMode()};
  return setInferredType(context, location, PoolOp::getOperationName(),
                         inferPool2dShape(shapeOf(adaptor.getInput()), params),
                         inferred);
}

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

#define GET_OP_CLASSES
#include "dialects/nn/NNOps.cpp.inc"
