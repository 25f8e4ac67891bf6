//===- Diagnostics.h - kilnc's error format ---------------------*- C++ -*-===//
//
// Prints every MLIR diagnostic as
//   model.json:12:7: error: layer 'conv1': <message>
// taking the file and line from the location and the layer from its name, so
// that an error found in any stage points at the layer a user wrote.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILNC_DIAGNOSTICS_H
#define KILN_TOOLS_KILNC_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace kiln {

class LayerDiagnosticHandler : public mlir::ScopedDiagnosticHandler {
public:
  explicit LayerDiagnosticHandler(mlir::MLIRContext *context);
};

} // namespace kiln

#endif // KILN_TOOLS_KILNC_DIAGNOSTICS_H
