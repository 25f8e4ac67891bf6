//===- InputContracts.h - each input's contract, decided -------*- C++ -*-===//
//
// What a caller hands each input comes from two places: a JSON input's
// "pixels" field and, for the first input, kilnc's --input-type,
// --input-layout, --channel-order, --scale, --mean and --std, which
// override it field by field. Once the network is imported, both are
// resolved against how the network reads the input (channels-first, or
// channels-last like Keras exports), checked, and stored on the argument
// (dialects/nn/NNInputContract.h) for the passes and the lowering.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_INPUTCONTRACTS_H
#define KILN_COMPILER_DRIVER_INPUTCONTRACTS_H

#include "dialects/nn/NNInputContract.h"

#include "mlir/IR/BuiltinOps.h"

namespace kiln::driver {

/// Resolves, checks and stores every input's contract in `module`, with
/// `flags` over the first input's; reports an error naming the input.
mlir::LogicalResult applyInputContracts(mlir::ModuleOp module,
                                        const nn::InputContractFields &flags);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_INPUTCONTRACTS_H
