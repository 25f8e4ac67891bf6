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
#include <optional>

namespace kiln::jsonimport {

/// How the random source fills a tensor: uniformly at PyTorch's default
/// scale for its fan-in, or with one value (batch norm's scale 1, variance 1
/// and zero statistics, PyTorch's initial values, which keep the layer
/// well-defined: a random variance could be negative). Weight files ignore
/// it.
struct RandomInit {
  int64_t fanIn = 1;
  std::optional<float> constant;

  static RandomInit uniform(int64_t fanIn) { return {fanIn, std::nullopt}; }
  static RandomInit filled(float value) { return {1, value}; }
};

class WeightSource {
public:
  virtual ~WeightSource() = default;

  /// The next tensor, of `shape`, for the layer at `layerLoc`; `init` says
  /// how a random source fills it.
  virtual mlir::FailureOr<mlir::ElementsAttr>
  take(mlir::Location layerLoc, llvm::StringRef tensorName,
       llvm::ArrayRef<int64_t> shape, const RandomInit &init) = 0;

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
