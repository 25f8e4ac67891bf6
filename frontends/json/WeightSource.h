//===- WeightSource.h - where a JSON network's weights come from -*- C++
//-*-===//
//
// Layers take their weight tensors in order from a WeightSource: either a
// binary file of little-endian float32 values laid out layer by layer (see
// docs/json-format.md), or a seeded random initializer for benchmarking.
// Tensors become nn.constant values backed by dense_resource blobs.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_WEIGHTSOURCE_H
#define KILN_FRONTENDS_JSON_WEIGHTSOURCE_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include <memory>

namespace kiln::jsonimport {

class WeightSource {
public:
  virtual ~WeightSource() = default;

  /// The next tensor, of `shape`, for the layer at `layerLoc`. `fanIn` is the
  /// number of inputs each output sums over (the random initializer's scale).
  virtual mlir::FailureOr<mlir::ElementsAttr>
  take(mlir::Location layerLoc, llvm::StringRef tensorName,
       llvm::ArrayRef<int64_t> shape, int64_t fanIn) = 0;

  /// After the last layer: reports data that no layer used.
  virtual mlir::LogicalResult finish(mlir::Location fileLoc) = 0;
};

/// Reads the whole file now; reports at `loc` when it cannot be read.
std::unique_ptr<WeightSource> openWeightsFile(llvm::StringRef path,
                                              mlir::Location loc);

/// Uniform in [-1/sqrt(fanIn), 1/sqrt(fanIn)], PyTorch's default scale for
/// conv and linear layers; the same seed always gives the same weights.
std::unique_ptr<WeightSource> makeRandomWeights(uint64_t seed);

/// A source that reports an error when a layer asks for weights: for a JSON
/// file that names none.
std::unique_ptr<WeightSource> makeMissingWeights();

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_WEIGHTSOURCE_H
