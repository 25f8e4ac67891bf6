//===- NNTensorOps.cpp - type inference of the tensor-manipulation ops ----===//
//
// Binary arithmetic, concat, reshape, transpose, pad, reduce_mean and
// matmul. As for the layers in NNOps.cpp, each op delegates to its shape
// rule (NNTensorShapes.cpp) so that the frontends check a node with the
// same rule and report it with the same words.
//
//===----------------------------------------------------------------------===//

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNOpsSupport.h"
#include "dialects/nn/NNShapes.h"

using namespace mlir;
using namespace kiln::nn;
using namespace kiln::nn::detail;

template <typename BinaryOp>
static LogicalResult inferBinaryType(MLIRContext *context,
                                     std::optional<Location> location,
                                     typename BinaryOp::Adaptor adaptor,
                                     SmallVectorImpl<Type> &inferred) {
  return setInferredType(
      context, location, BinaryOp::getOperationName(),
      inferBroadcastShape(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs())),
      inferred);
}

LogicalResult AddOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferBinaryType<AddOp>(context, location, adaptor, inferred);
}

LogicalResult SubOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferBinaryType<SubOp>(context, location, adaptor, inferred);
}

LogicalResult MulOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferBinaryType<MulOp>(context, location, adaptor, inferred);
}

LogicalResult DivOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferBinaryType<DivOp>(context, location, adaptor, inferred);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : adaptor.getInputs())
    shapes.push_back(shapeOf(input));
  return setInferredType(context, location, getOperationName(),
                         inferConcatShape(shapes, adaptor.getAxis()), inferred);
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

LogicalResult ReshapeOp::verify() {
  if (auto err = checkReshape(shapeOf(getInput()), getType().getShape()))
    return emitOpError() << llvm::toString(std::move(err));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  // transpose(transpose(x, inner), outer) reads x along inner[outer[i]]:
  // one transpose, updated in place.
  bool updated = false;
  if (auto producer = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> inner = producer.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t axis : getPermutation())
      composed.push_back(inner[axis]);
    getInputMutable().assign(producer.getInput());
    setPermutation(composed);
    updated = true;
  }
  bool identity = llvm::all_of(llvm::enumerate(getPermutation()), [](auto e) {
    return e.value() == static_cast<int64_t>(e.index());
  });
  if (identity)
    return getInput();
  return updated ? OpFoldResult(getResult()) : OpFoldResult();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferTransposeShape(shapeOf(adaptor.getInput()),
                                             adaptor.getPermutation()),
                         inferred);
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  return setInferredType(
      context, location, getOperationName(),
      inferSliceShape(shapeOf(adaptor.getInput()), adaptor.getStarts(),
                      adaptor.getSizes(), adaptor.getSteps()),
      inferred);
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return setInferredType(
      context, location, getOperationName(),
      inferPadShape(shapeOf(adaptor.getInput()), adaptor.getPads()), inferred);
}

template <typename ReduceOp>
static LogicalResult inferReduceType(MLIRContext *context,
                                     std::optional<Location> location,
                                     typename ReduceOp::Adaptor adaptor,
                                     SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, ReduceOp::getOperationName(),
                         inferReduceShape(shapeOf(adaptor.getInput()),
                                          adaptor.getAxes(),
                                          adaptor.getKeepdims()),
                         inferred);
}

LogicalResult ReduceMeanOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferReduceType<ReduceMeanOp>(context, location, adaptor, inferred);
}

LogicalResult ReduceMaxOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferReduceType<ReduceMaxOp>(context, location, adaptor, inferred);
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return setInferredType(
      context, location, getOperationName(),
      inferMatmulShape(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs())),
      inferred);
}
