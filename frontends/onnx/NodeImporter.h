//===- NodeImporter.h - what each ONNX op importer works with ---*- C++ -*-===//
//
// An op importer turns one ONNX node into nn ops. It reads the node's inputs
// (as SSA values, or as host constants for shape-like operands) and
// attributes through a NodeContext, reports problems at the node's location
// (its name), and returns one value per node output it produces.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_NODEIMPORTER_H
#define KILN_FRONTENDS_ONNX_NODEIMPORTER_H

#include "frontends/onnx/Tensors.h"

#include "mlir/IR/Builders.h"

#include <onnx/onnx_pb.h>

#include <optional>

namespace kiln::onnximport {

class GraphImporter;

/// The attribute `name` of `node`, or null.
const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                          llvm::StringRef name);

class NodeContext {
public:
  NodeContext(GraphImporter &graph, mlir::OpBuilder &builder,
              mlir::Location loc, const onnx::NodeProto &node, int64_t opset)
      : graph(graph), builder(builder), loc(loc), node(node), opset(opset) {}

  mlir::OpBuilder &getBuilder() { return builder; }
  mlir::Location getLoc() const { return loc; }
  const onnx::NodeProto &getNode() const { return node; }
  int64_t getOpset() const { return opset; }

  /// Whether input `i` is given (ONNX marks omitted optional inputs "").
  bool hasInput(int i) const;
  /// Input `i` as a value; reports a missing input.
  mlir::FailureOr<mlir::Value> input(int i);
  /// Input `i` when it is a constant (initializer or Constant node).
  const HostTensor *constantInput(int i) const;
  /// The input of a node that takes exactly one.
  mlir::FailureOr<mlir::Value> onlyInput();
  /// Reports an error unless the node has between min and max inputs.
  mlir::LogicalResult expectInputs(int min, int max);
  /// Input `i` as constant integers (a shape, axes, pads); reports an error
  /// when it is computed at run time.
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(int i);
  /// Input `i` as one constant float (Clip's bounds, Pad's value).
  mlir::FailureOr<float> constantFloat(int i);

  /// An nn.constant holding one float, as a tensor<1xf32> that broadcasts.
  mlir::Value scalar(float value);
  /// nn.reshape of `value` to `shape` (same element count, checked).
  mlir::FailureOr<mlir::Value> reshape(mlir::Value value,
                                       llvm::ArrayRef<int64_t> shape);

  std::optional<int64_t> intAttr(llvm::StringRef name) const;
  std::optional<float> floatAttr(llvm::StringRef name) const;
  std::optional<std::string> stringAttr(llvm::StringRef name) const;
  std::optional<llvm::SmallVector<int64_t>>
  intsAttr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t fallback) const {
    return intAttr(name).value_or(fallback);
  }
  float floatAttr(llvm::StringRef name, float fallback) const {
    return floatAttr(name).value_or(fallback);
  }

  /// An error at the node: "<OpType>: <message>".
  mlir::InFlightDiagnostic emitError();

  /// Ranked shape of a value.
  static llvm::ArrayRef<int64_t> shapeOf(mlir::Value value);

private:
  const onnx::AttributeProto *findAttr(llvm::StringRef name) const;

  GraphImporter &graph;
  mlir::OpBuilder &builder;
  mlir::Location loc;
  const onnx::NodeProto &node;
  int64_t opset;
};

/// The 2-D window of a Conv or pooling node, with auto_pad resolved: pads
/// are [top, left, bottom, right].
struct Window2d {
  llvm::SmallVector<int64_t> kernel, strides, dilations, pads;
};
mlir::FailureOr<Window2d> readWindow2d(NodeContext &node, mlir::Value input,
                                       llvm::ArrayRef<int64_t> kernel);

/// The outputs of a node with one output, or failure.
inline mlir::FailureOr<llvm::SmallVector<mlir::Value>>
oneResult(mlir::FailureOr<mlir::Value> value) {
  if (mlir::failed(value))
    return mlir::failure();
  return llvm::SmallVector<mlir::Value>{*value};
}

/// Returns the node's outputs, in order (fewer than the node declares when
/// the rest are optional outputs nobody uses).
using OpImporter =
    mlir::FailureOr<llvm::SmallVector<mlir::Value>> (*)(NodeContext &);

struct OpSupport {
  OpImporter importer;
  int64_t minOpset; // the first opset whose semantics the importer handles
};

/// The importer of an op type (default ONNX domain), or null.
const OpSupport *lookupOp(llvm::StringRef opType);

// Importers, one family per file.
#define KILN_ONNX_IMPORTER(Name)                                               \
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> import##Name(NodeContext &)
KILN_ONNX_IMPORTER(Conv);               // ConvOps.cpp
KILN_ONNX_IMPORTER(Gemm);               // ConvOps.cpp
KILN_ONNX_IMPORTER(MatMul);             // ConvOps.cpp
KILN_ONNX_IMPORTER(MaxPool);            // PoolOps.cpp
KILN_ONNX_IMPORTER(AveragePool);        // PoolOps.cpp
KILN_ONNX_IMPORTER(GlobalAveragePool);  // PoolOps.cpp
KILN_ONNX_IMPORTER(GlobalMaxPool);      // PoolOps.cpp
KILN_ONNX_IMPORTER(Relu);               // ActivationOps.cpp
KILN_ONNX_IMPORTER(LeakyRelu);          // ActivationOps.cpp
KILN_ONNX_IMPORTER(Sigmoid);            // ActivationOps.cpp
KILN_ONNX_IMPORTER(Tanh);               // ActivationOps.cpp
KILN_ONNX_IMPORTER(Clip);               // ActivationOps.cpp
KILN_ONNX_IMPORTER(HardSigmoid);        // ActivationOps.cpp
KILN_ONNX_IMPORTER(HardSwish);          // ActivationOps.cpp
KILN_ONNX_IMPORTER(Add);                // ElementwiseOps.cpp
KILN_ONNX_IMPORTER(Sub);                // ElementwiseOps.cpp
KILN_ONNX_IMPORTER(Mul);                // ElementwiseOps.cpp
KILN_ONNX_IMPORTER(Div);                // ElementwiseOps.cpp
KILN_ONNX_IMPORTER(BatchNormalization); // NormOps.cpp
KILN_ONNX_IMPORTER(LRN);                // NormOps.cpp
KILN_ONNX_IMPORTER(Identity);           // ShapeOps.cpp
KILN_ONNX_IMPORTER(Dropout);            // ShapeOps.cpp
KILN_ONNX_IMPORTER(Flatten);            // ShapeOps.cpp
KILN_ONNX_IMPORTER(Reshape);            // ShapeOps.cpp
KILN_ONNX_IMPORTER(Squeeze);            // ShapeOps.cpp
KILN_ONNX_IMPORTER(Unsqueeze);          // ShapeOps.cpp
KILN_ONNX_IMPORTER(Transpose);          // ShapeOps.cpp
KILN_ONNX_IMPORTER(Concat);             // ShapeOps.cpp
KILN_ONNX_IMPORTER(Pad);                // ShapeOps.cpp
KILN_ONNX_IMPORTER(Slice);              // SliceOps.cpp
KILN_ONNX_IMPORTER(Split);              // SliceOps.cpp
KILN_ONNX_IMPORTER(ReduceMean);         // ReduceOps.cpp
KILN_ONNX_IMPORTER(ReduceMax);          // ReduceOps.cpp
KILN_ONNX_IMPORTER(Softmax);            // SoftmaxOps.cpp
KILN_ONNX_IMPORTER(LogSoftmax);         // SoftmaxOps.cpp
#undef KILN_ONNX_IMPORTER

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_NODEIMPORTER_H
