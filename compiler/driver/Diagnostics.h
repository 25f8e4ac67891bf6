//===- Diagnostics.h - the error format of Kiln tools ----------*- C++ -*-===//
//
// Prints every MLIR diagnostic as
//   model.json:12:7: error: layer 'conv1': <message>
// taking the file and line from the location and the layer from its name, so
// that an error found in any stage points at the layer a user wrote.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_DIAGNOSTICS_H
#define KILN_COMPILER_DRIVER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace kiln {

class LayerDiagnosticHandler : public mlir::ScopedDiagnosticHandler {
public:
  /// `tool` prefixes messages that have no file location ("kilnc: ...").
  LayerDiagnosticHandler(mlir::MLIRContext *context, llvm::StringRef tool);
};

} // namespace kiln

#endif // KILN_COMPILER_DRIVER_DIAGNOSTICS_H
