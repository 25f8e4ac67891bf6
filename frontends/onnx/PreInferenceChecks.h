//===- PreInferenceChecks.h - what ONNX's own code must not see -*- C++ -*-===//
//
// ONNX's checker and shape inference are C++ that trusts much of what it
// reads: Conv with strides 0 divides by zero inside its shape inference,
// and ops Kiln never compiles bring their own such paths. So before either
// runs, every graph of the model is checked here: only ops Kiln imports, no
// subgraphs, attributes within Kiln's size limit (window attributes
// positive), initializers and inputs with a shape that fits the limit;
// Conv's kernel_shape is made explicit from its weight.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_PREINFERENCECHECKS_H
#define KILN_FRONTENDS_ONNX_PREINFERENCECHECKS_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace kiln::onnximport {

/// Where a node's diagnostics go: its name (or "<OpType>_<index>" when it
/// has none) in the model file.
mlir::Location nodeLocation(const onnx::NodeProto &node, size_t index,
                            mlir::Location fileLoc);

/// One line of the "node(s) Kiln cannot import" list: "name: OpType, opset
/// N" (the domain before the op type outside the default domain).
std::string unsupportedNodeLine(const onnx::NodeProto &node, size_t index,
                                int64_t opset);

/// Reports, at the file or the node, the first problem that ONNX's checker
/// or shape inference could not be trusted with, and makes explicit what
/// ONNX's shape inference would read unchecked (Conv's kernel_shape);
/// `opset` is the model's default-domain opset.
mlir::LogicalResult prepareForInference(onnx::ModelProto &model, int64_t opset,
                                        mlir::Location fileLoc);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_PREINFERENCECHECKS_H
