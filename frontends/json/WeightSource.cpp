//===- WeightSource.cpp - weights from a file or a seeded generator -------===//

#include "frontends/json/WeightSource.h"

#include "dialects/nn/NNShapes.h"
#include "frontends/common/ReadFile.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir;

namespace kiln::jsonimport {
namespace {

ElementsAttr makeBlob(MLIRContext *context, llvm::StringRef name,
                      ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  return llvm::cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values)));
}

class FileWeights : public WeightSource {
public:
  FileWeights(std::string path, std::unique_ptr<llvm::MemoryBuffer> buffer)
      : path(std::move(path)), buffer(std::move(buffer)) {}

  FailureOr<ElementsAttr> take(Location layerLoc, llvm::StringRef tensorName,
                               ArrayRef<int64_t> shape,
                               const RandomInit &) override {
    uint64_t bytes = nn::elementCount(shape) * sizeof(float);
    uint64_t size = buffer->getBufferSize();
    if (offset + bytes > size) {
      emitError(layerLoc) << "weights file '" << path
                          << "' is too short: " << tensorName << " ("
                          << nn::formatShape(shape) << ", " << bytes
                          << " bytes) starts at byte " << offset
                          << " but the file has only " << size << " bytes";
      return failure();
    }
    std::vector<float> values(nn::elementCount(shape));
    std::memcpy(values.data(), buffer->getBufferStart() + offset, bytes);
    offset += bytes;
    return makeBlob(layerLoc.getContext(), tensorName, shape, values);
  }

  LogicalResult finish(Location fileLoc) override {
    if (offset == buffer->getBufferSize())
      return success();
    emitError(fileLoc) << "weights file '" << path << "' is too long: it has "
                       << buffer->getBufferSize() << " bytes but the layers "
                       << "use only " << offset << " (is it for another "
                       << "network?)";
    return failure();
  }

private:
  std::string path;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  uint64_t offset = 0;
};

// splitmix64: tiny, well mixed, and identical on every platform.
uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class RandomWeights : public WeightSource {
public:
  explicit RandomWeights(uint64_t seed) : state(seed) {}

  FailureOr<ElementsAttr> take(Location layerLoc, llvm::StringRef tensorName,
                               ArrayRef<int64_t> shape,
                               const RandomInit &init) override {
    std::vector<float> values(nn::elementCount(shape));
    if (init.constant) {
      // Filled tensors draw no numbers, so later tensors are unchanged.
      std::fill(values.begin(), values.end(), *init.constant);
      return makeBlob(layerLoc.getContext(), tensorName, shape, values);
    }
    float bound =
        1.0f / std::sqrt(static_cast<float>(std::max<int64_t>(init.fanIn, 1)));
    for (float &v : values) {
      // 24 random bits give every float in [0, 1) the same spacing.
      float unit = static_cast<float>(splitmix64(state) >> 40) / 16777216.0f;
      v = (2.0f * unit - 1.0f) * bound;
    }
    return makeBlob(layerLoc.getContext(), tensorName, shape, values);
  }

  LogicalResult finish(Location) override { return success(); }

private:
  uint64_t state;
};

class MissingWeights : public WeightSource {
public:
  FailureOr<ElementsAttr> take(Location layerLoc, llvm::StringRef tensorName,
                               ArrayRef<int64_t>, const RandomInit &) override {
    emitError(layerLoc) << "needs weights (" << tensorName
                        << ") but the network has no \"weights\" field: add "
                        << "\"weights\": {\"file\": \"...\"} or "
                        << "{\"random_seed\": N}, or pass --weights=FILE";
    return failure();
  }

  LogicalResult finish(Location) override { return success(); }
};

} // namespace

std::unique_ptr<WeightSource> openWeightsFile(llvm::StringRef path,
                                              Location loc) {
  auto buffer = readRegularFile(path);
  if (!buffer) {
    emitError(loc) << "cannot read weights file '" << path
                   << "': " << llvm::toString(buffer.takeError());
    return nullptr;
  }
  return std::make_unique<FileWeights>(path.str(), std::move(*buffer));
}

std::unique_ptr<WeightSource> makeRandomWeights(uint64_t seed) {
  return std::make_unique<RandomWeights>(seed);
}

std::unique_ptr<WeightSource> makeMissingWeights() {
  return std::make_unique<MissingWeights>();
}

} // namespace kiln::jsonimport
