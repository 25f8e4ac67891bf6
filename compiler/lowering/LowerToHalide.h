//===- LowerToHalide.h - nn module to Halide algorithm ----------*- C++ -*-===//

#ifndef KILN_COMPILER_LOWERING_LOWERTOHALIDE_H
#define KILN_COMPILER_LOWERING_LOWERTOHALIDE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "mlir/IR/BuiltinOps.h"

namespace kiln::lowering {

/// Lowers a module that passed kiln-verify-lowerable. Reports unsupported
/// ops at their location and returns failure.
mlir::FailureOr<LoweredNetwork> lowerToHalide(mlir::ModuleOp module);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWERTOHALIDE_H
