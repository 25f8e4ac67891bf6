//===- NNBuilders.h - create nn ops whose shape is not known yet -*- C++
//-*-===//
//
// Frontends build ops from layers whose attributes may not fit their inputs.
// The ODS builders that infer the result type treat a failed inference as a
// fatal error, so frontends use createInferred() instead: it builds the op
// with a placeholder result type, runs the op's own type inference, and on
// failure erases the op after the inference has reported why at `loc`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNBUILDERS_H
#define KILN_DIALECTS_NN_NNBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace kiln::nn {

/// Creates `OpTy` with `args` (operands and attributes, as for the ODS
/// builder that takes the result type first) and the inferred result type.
template <typename OpTy, typename... Args>
mlir::FailureOr<mlir::Value>
createInferred(mlir::OpBuilder &builder, mlir::Location loc, Args &&...args) {
  mlir::Type placeholder = mlir::NoneType::get(builder.getContext());
  OpTy op =
      OpTy::create(builder, loc, placeholder, std::forward<Args>(args)...);
  llvm::SmallVector<mlir::Type, 1> types;
  if (mlir::failed(OpTy::inferReturnTypes(
          builder.getContext(), loc, op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), types))) {
    op->erase();
    return mlir::failure();
  }
  op->getResult(0).setType(types.front());
  return op->getResult(0);
}

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_NNBUILDERS_H
