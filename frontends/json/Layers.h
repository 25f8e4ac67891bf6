//===- Layers.h - builders for each JSON layer type -------------*- C++ -*-===//
//
// One builder per layer type turns a layer's fields and inputs into nn ops.
// Builders check the layer with the nn dialect's shape rules before creating
// an op, so a layer that does not fit is reported at the layer, by name.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_LAYERS_H
#define KILN_FRONTENDS_JSON_LAYERS_H

#include "frontends/json/FieldReader.h"
#include "frontends/json/WeightSource.h"

#include "dialects/nn/NNShapes.h"

#include "mlir/IR/Builders.h"

namespace kiln::jsonimport {

struct LayerContext {
  mlir::OpBuilder &builder;
  mlir::Location loc;
  std::string name;
  FieldReader &fields;
  WeightSource &weights;
  llvm::ArrayRef<mlir::Value> inputs;

  /// Reports an error unless the layer has exactly `count` inputs.
  mlir::LogicalResult expectInputs(size_t count);
  /// Reports an error unless the value is a tensor of rank `rank`.
  mlir::LogicalResult expectRank(mlir::Value value, int64_t rank);
  /// An error at the layer's location.
  mlir::InFlightDiagnostic emitError() { return fields.emitError(); }
  /// The next weight tensor of this layer, as an nn.constant.
  mlir::FailureOr<mlir::Value> takeWeight(llvm::StringRef suffix,
                                          llvm::ArrayRef<int64_t> shape,
                                          int64_t fanIn);
  mlir::FailureOr<mlir::Value> takeWeight(llvm::StringRef suffix,
                                          llvm::ArrayRef<int64_t> shape,
                                          const RandomInit &init);
  /// The f32 tensor type of a shape rule's result, or the rule's message
  /// reported at the layer.
  mlir::FailureOr<mlir::Type> resultType(llvm::Expected<nn::Shape> shape);
  /// The shape of input `index`.
  llvm::ArrayRef<int64_t> inputShape(size_t index) const;
};

using LayerBuilder = mlir::FailureOr<mlir::Value> (*)(LayerContext &);

/// The builder for a layer type, or null for an unknown type.
LayerBuilder lookupLayerBuilder(llvm::StringRef type);
/// Every known layer type, for the unknown-type message.
std::string knownLayerTypes();

// Builders, one family per file.
mlir::FailureOr<mlir::Value> buildConv2d(LayerContext &layer);    // ConvLayers
mlir::FailureOr<mlir::Value> buildDense(LayerContext &layer);     // ConvLayers
mlir::FailureOr<mlir::Value> buildMaxPool2d(LayerContext &layer); // Pool
mlir::FailureOr<mlir::Value> buildAvgPool2d(LayerContext &layer); // Pool
mlir::FailureOr<mlir::Value> buildGlobalAvgPool2d(LayerContext &layer); // Pool
mlir::FailureOr<mlir::Value> buildGlobalMaxPool2d(LayerContext &layer); // Pool
mlir::FailureOr<mlir::Value> buildBatchNorm(LayerContext &layer);       // Norm
mlir::FailureOr<mlir::Value> buildLrn(LayerContext &layer);             // Norm
mlir::FailureOr<mlir::Value> buildRelu(LayerContext &layer);       // Activation
mlir::FailureOr<mlir::Value> buildSigmoid(LayerContext &layer);    // Activation
mlir::FailureOr<mlir::Value> buildTanh(LayerContext &layer);       // Activation
mlir::FailureOr<mlir::Value> buildLeakyRelu(LayerContext &layer);  // Activation
mlir::FailureOr<mlir::Value> buildClip(LayerContext &layer);       // Activation
mlir::FailureOr<mlir::Value> buildDropout(LayerContext &layer);    // Activation
mlir::FailureOr<mlir::Value> buildAdd(LayerContext &layer);        // Arithmetic
mlir::FailureOr<mlir::Value> buildSub(LayerContext &layer);        // Arithmetic
mlir::FailureOr<mlir::Value> buildMul(LayerContext &layer);        // Arithmetic
mlir::FailureOr<mlir::Value> buildDiv(LayerContext &layer);        // Arithmetic
mlir::FailureOr<mlir::Value> buildFlatten(LayerContext &layer);    // Simple
mlir::FailureOr<mlir::Value> buildSoftmax(LayerContext &layer);    // Simple
mlir::FailureOr<mlir::Value> buildLogSoftmax(LayerContext &layer); // Simple
mlir::FailureOr<mlir::Value> buildConcat(LayerContext &layer);     // Tensor
mlir::FailureOr<mlir::Value> buildReshape(LayerContext &layer);    // Tensor
mlir::FailureOr<mlir::Value> buildTranspose(LayerContext &layer);  // Tensor
mlir::FailureOr<mlir::Value> buildPad(LayerContext &layer);        // Tensor
mlir::FailureOr<mlir::Value> buildReduceMean(LayerContext &layer); // Tensor
mlir::FailureOr<mlir::Value> buildMatmul(LayerContext &layer);     // Tensor

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_LAYERS_H
