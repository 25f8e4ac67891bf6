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
      {"global_avg_pool2d", buildGlobalAvgPool2d},
      {"global_max_pool2d", buildGlobalMaxPool2d},
      {"batch_norm", buildBatchNorm},
      {"lrn", buildLrn},
      {"relu", buildRelu},
      {"sigmoid", buildSigmoid},
      {"tanh", buildTanh},
      {"leaky_relu", buildLeakyRelu},
      {"clip", buildClip},
      {"dropout", buildDropout},
      {"add", buildAdd},
      {"sub", buildSub},
      {"mul", buildMul},
      {"div", buildDiv},
      {"flatten", buildFlatten},
      {"softmax", buildSoftmax},
      {"log_softmax", buildLogSoftmax},
      {"concat", buildConcat},
      {"reshape", buildReshape},
      {"transpose", buildTranspose},
      {"pad", buildPad},
      {"reduce_mean", buildReduceMean},
      {"matmul", buildMatmul},
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
  return takeWeight(suffix, shape, RandomInit::uniform(fanIn));
}

FailureOr<Value> LayerContext::takeWeight(llvm::StringRef suffix,
                                          ArrayRef<int64_t> shape,
                                          const RandomInit &init) {
  std::string tensorName = name + "." + suffix.str();
  if (auto count = nn::checkedElementCount(shape); !count) {
    emitError() << tensorName << ": " << llvm::toString(count.takeError());
    return failure();
  }
  auto value = weights.take(loc, tensorName, shape, init);
  if (failed(value))
    return failure();
  return nn::ConstantOp::create(builder, loc, *value).getResult();
}

FailureOr<Type> LayerContext::resultType(llvm::Expected<nn::Shape> ruleShape) {
  llvm::Expected<nn::Shape> shape =
      nn::checkedOutputShape(std::move(ruleShape));
  if (!shape) {
    emitError() << llvm::toString(shape.takeError());
    return failure();
  }
  return Type(RankedTensorType::get(*shape, builder.getF32Type()));
}

ArrayRef<int64_t> LayerContext::inputShape(size_t index) const {
  return cast<RankedTensorType>(inputs[index].getType()).getShape();
}

} // namespace kiln::jsonimport
