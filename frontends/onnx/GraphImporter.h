//===- GraphImporter.h - one ONNX graph to one func.func ---------*- C++
//-*-===//
//
// Holds what the node importers share: the SSA value of every tensor name
// and the host data of every constant (initializers and Constant nodes).
// Float constants become nn.constant ops (dense_resource blobs) the first
// time a node uses them as a tensor; shape operands stay on the host.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H
#define KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H

#include "frontends/onnx/Tensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

namespace kiln::onnximport {

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &context, std::string path,
                const onnx::ModelProto &model, int64_t opset, bool remarks);

  /// Builds the network function into `module`; failure after reporting.
  mlir::LogicalResult run(mlir::ModuleOp module);

  /// The value named `name`, materializing a float constant on first use;
  /// null if no such tensor exists.
  mlir::Value lookupValue(llvm::StringRef name);
  /// The host data of a constant tensor, or null.
  const HostTensor *lookupConstant(llvm::StringRef name) const;

private:
  mlir::LogicalResult readInitializers();
  mlir::LogicalResult checkSupported();
  mlir::LogicalResult foldOnHost(const onnx::NodeProto &node,
                                 mlir::Location loc);
  mlir::FailureOr<mlir::func::FuncOp> importInputs(mlir::ModuleOp module);
  mlir::LogicalResult importNode(const onnx::NodeProto &node, size_t index);
  mlir::LogicalResult importOutputs(mlir::func::FuncOp func);
  mlir::Location nodeLoc(const onnx::NodeProto &node, size_t index);
  std::string modelName() const;

  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  std::string path, modelDir;
  const onnx::ModelProto &model;
  int64_t opset;
  bool remarks; // say which nodes were evaluated at import
  mlir::Location fileLoc;
  llvm::StringMap<mlir::Value> values;
  llvm::StringMap<HostTensor> constants;
  /// The nodes evaluated at import (HostFolding.h), by index; found by
  /// checkSupported.
  llvm::DenseSet<size_t> hostFolded;
  mlir::Block *entry = nullptr;
};

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H
