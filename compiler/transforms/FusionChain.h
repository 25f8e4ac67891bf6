//===- FusionChain.h - what the fusion passes share -------------*- C++ -*-===//
//
// kiln-fuse-conv and kiln-fuse-dense follow a layer's result down a chain of
// single users (activation, then pool for a convolution) and stop before a
// value that another op also reads: that value is needed whole, so it must
// stay. These helpers find the next link, explain a chain that does not
// start, and copy an activation's attributes onto the fused op
// (NN_FusedActivationArgs), so that both passes decide and report alike.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TRANSFORMS_FUSIONCHAIN_H
#define KILN_COMPILER_TRANSFORMS_FUSIONCHAIN_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace kiln::fusion {

/// An activation op (nn::ActivationOpInterface): what a fused op can apply.
bool isFusableActivation(mlir::Operation *op);

/// The user of `value` that `fits` the next link of the chain, if it is the
/// value's only user; otherwise null, and when one fits but shares its input,
/// why it was not fused in `why` ("relu not fused: its input is also used by
/// nn.add").
mlir::Operation *nextLink(mlir::Value value,
                          llvm::function_ref<bool(mlir::Operation *)> fits,
                          std::string &why);

/// Why `layer`'s result starts no chain: unused, or its users are not
/// `wanted` ("a fusable activation").
std::string whyNoChain(mlir::Operation *layer, llvm::StringRef wanted);

/// Appends the fused op's `activation` attribute (and clip's `min` and `max`,
/// leaky_relu's `alpha`) for the activation op `activation`.
void addActivationAttrs(mlir::Operation *activation, mlir::Builder &builder,
                        llvm::SmallVectorImpl<mlir::NamedAttribute> &attrs);

} // namespace kiln::fusion

#endif // KILN_COMPILER_TRANSFORMS_FUSIONCHAIN_H
