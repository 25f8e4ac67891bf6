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

/// Returns null after reporting errors through the context's handler.
/// `shapes` fixes the inputs' open dimensions (FixInputShapes.h).
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &context,
                                                 llvm::StringRef path,
                                                 const InputShapes &shapes);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
