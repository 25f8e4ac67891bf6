//===- OnnxImporter.h - ONNX models to the nn dialect -----------*- C++ -*-===//
//
// Reads an .onnx file with ONNX's own library, runs ONNX's checker and shape
// inference, and imports the graph into one func.func of nn ops. Each node's
// name becomes its MLIR location, so later errors name the node. A model
// with unsupported nodes gets one error listing every one of them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
#define KILN_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "frontends/common/InputShapes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace kiln::onnximport {

struct ImportOptions {
  InputShapes shapes;   // fixes the inputs' open dimensions (FixInputShapes.h)
  bool remarks = false; // a remark for each node evaluated at import
};

/// Returns null after reporting errors through the context's handler.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &context,
                                                 llvm::StringRef path,
                                                 const ImportOptions &options);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
