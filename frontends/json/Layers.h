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
mlir::FailureOr<mlir::Value> buildRelu(LayerContext &layer);      // Simple
mlir::FailureOr<mlir::Value> buildAdd(LayerContext &layer);       // Simple
mlir::FailureOr<mlir::Value> buildFlatten(LayerContext &layer);   // Simple
mlir::FailureOr<mlir::Value> buildSoftmax(LayerContext &layer);   // Simple

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_LAYERS_H
