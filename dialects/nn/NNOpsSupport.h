//===- NNOpsSupport.h - helpers of the nn ops' type inference ---*- C++ -*-===//
//
// Shared by NNOps.cpp and NNTensorOps.cpp: both turn a shape rule's result
// into an inferred type, or into a diagnostic at the op prefixed with the op
// name. Private to the dialect library.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNOPSSUPPORT_H
#define KILN_DIALECTS_NN_NNOPSSUPPORT_H

#include "dialects/nn/NNShapes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

namespace kiln::nn::detail {

inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value value) {
  return llvm::cast<mlir::RankedTensorType>(value.getType()).getShape();
}

// Stores the inferred tensor type, or reports the rule's message at the op.
inline mlir::LogicalResult
setInferredType(mlir::MLIRContext *context,
                std::optional<mlir::Location> location, llvm::StringRef opName,
                llvm::Expected<Shape> ruleShape,
                llvm::SmallVectorImpl<mlir::Type> &inferred) {
  llvm::Expected<Shape> shape = checkedOutputShape(std::move(ruleShape));
  if (!shape) {
    std::string message = llvm::toString(shape.takeError());
    return mlir::emitOptionalError(location, opName, ": ", message);
  }
  inferred.push_back(
      mlir::RankedTensorType::get(*shape, mlir::Float32Type::get(context)));
  return mlir::success();
}

} // namespace kiln::nn::detail

#endif // KILN_DIALECTS_NN_NNOPSSUPPORT_H
