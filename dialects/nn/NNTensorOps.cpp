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

LogicalResult ReduceMeanOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return setInferredType(context, location, getOperationName(),
                         inferReduceShape(shapeOf(adaptor.getInput()),
                                          adaptor.getAxes(),
                                          adaptor.getKeepdims()),
                         inferred);
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
