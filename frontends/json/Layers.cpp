//===- Layers.cpp - the layer-type registry and shared layer helpers ------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;

namespace kiln::jsonimport {
namespace {

const llvm::StringMap<LayerBuilder> &registry() {
  static const llvm::StringMap<LayerBuilder> builders = {
      {"conv2d", buildConv2d},
      {"dense", buildDense},
      {"max_pool2d", buildMaxPool2d},
      {"avg_pool2d", buildAvgPool2d},
      {"relu", buildRelu},
      {"add", buildAdd},
      {"flatten", buildFlatten},
      {"softmax", buildSoftmax},
  };
  return builders;
}

} // namespace

LayerBuilder lookupLayerBuilder(llvm::StringRef type) {
  auto it = registry().find(type);
  return it == registry().end() ? nullptr : it->second;
}

std::string knownLayerTypes() {
  SmallVector<StringRef> names;
  for (const auto &entry : registry())
    names.push_back(entry.getKey());
  llvm::sort(names);
  return llvm::join(names, ", ");
}

LogicalResult LayerContext::expectInputs(size_t count) {
  if (inputs.size() == count)
    return success();
  emitError() << "takes " << count << " input(s), got " << inputs.size();
  return failure();
}

LogicalResult LayerContext::expectRank(Value value, int64_t rank) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == rank)
    return success();
  emitError() << "needs a rank-" << rank << " input, got shape "
              << nn::formatShape(type.getShape())
              << (rank == 2 && type.getRank() == 4
                      ? " (add a flatten layer before it)"
                      : "");
  return failure();
}

FailureOr<Value> LayerContext::takeWeight(llvm::StringRef suffix,
                                          ArrayRef<int64_t> shape,
                                          int64_t fanIn) {
  std::string tensorName = name + "." + suffix.str();
  if (auto count = nn::checkedElementCount(shape); !count) {
    emitError() << tensorName << ": " << llvm::toString(count.takeError());
    return failure();
  }
  auto value = weights.take(loc, tensorName, shape, fanIn);
  if (failed(value))
    return failure();
  return nn::ConstantOp::create(builder, loc, *value).getResult();
}

} // namespace kiln::jsonimport
