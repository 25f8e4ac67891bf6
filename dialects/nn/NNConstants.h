//===- NNConstants.h - reading and making nn.constant weights ---*- C++ -*-===//
//
// Weights are nn.constant ops whose value is usually a dense_resource blob
// (sometimes a plain dense attribute in tests). Passes that fold arithmetic
// into weights, and the code generator that writes them out, read and make
// them through these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNCONSTANTS_H
#define KILN_DIALECTS_NN_NNCONSTANTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <vector>

namespace kiln::nn {

/// Calls `fn(ArrayRef<float>)` with the values of a float constant, without
/// copying when it is a resource blob.
template <typename Fn> void withFloatValues(mlir::ElementsAttr data, Fn &&fn);

/// The values of `value` when it is produced by an nn.constant.
std::optional<std::vector<float>> constantValues(mlir::Value value);

/// A new nn.constant holding `values` in a resource blob named `name`.
mlir::Value makeConstant(mlir::OpBuilder &builder, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<float> values, llvm::StringRef name);

/// The blob name of a weight ("conv1.weight"), or `fallback`.
std::string constantName(mlir::Value value, llvm::StringRef fallback);

/// Calls `consume` with the rows (last dimension) of the transpose of the
/// row-major tensor `values` of `shape`, in order: dimension i of the result
/// is dimension `permutation[i]` of `shape`. One row at a time, so a large
/// weight is never copied whole.
void forEachTransposedRow(
    llvm::ArrayRef<float> values, llvm::ArrayRef<int64_t> shape,
    llvm::ArrayRef<int64_t> permutation,
    llvm::function_ref<void(llvm::ArrayRef<float>)> consume);

} // namespace kiln::nn

#include "mlir/IR/BuiltinAttributes.h"

template <typename Fn>
void kiln::nn::withFloatValues(mlir::ElementsAttr data, Fn &&fn) {
  if (auto blob = llvm::dyn_cast<mlir::DenseF32ResourceElementsAttr>(data))
    if (auto values = blob.tryGetAsArrayRef()) {
      fn(*values);
      return;
    }
  std::vector<float> values(data.getValues<float>().begin(),
                            data.getValues<float>().end());
  fn(llvm::ArrayRef<float>(values));
}

#endif // KILN_DIALECTS_NN_NNCONSTANTS_H
