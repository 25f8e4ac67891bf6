//===- AugmentFeed.cpp - an augmentation next to the network it feeds -----===//

#include "frontends/json/AugmentFeed.h"

#include "frontends/json/InputPixels.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using Json = nlohmann::json;

namespace kiln::jsonimport {

LogicalResult
checkAugmentFeedsInput(const AugmentSpec &spec, const Json &inputs,
                       llvm::function_ref<Location(llvm::StringRef)> locate) {
  Location blockLoc = locate("/augment");
  // The network's importer reports a malformed "inputs" list.
  if (!inputs.is_array() || inputs.empty())
    return success();
  size_t index = inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Json &input = inputs[i];
    bool named = input.is_object() && input.contains("name") &&
                 input["name"].is_string() &&
                 input["name"].get<std::string>() == spec.feeds;
    if (spec.feeds.empty() ? inputs.size() == 1 : named)
      index = i;
  }
  if (index == inputs.size()) {
    if (spec.feeds.empty())
      emitError(blockLoc) << "augment: 'feeds' must name the network input "
                          << "the augmented batch feeds (the network has "
                          << inputs.size() << " inputs)";
    else
      emitError(blockLoc) << "augment: 'feeds' names '" << spec.feeds
                          << "', which is not an input of the network";
    return failure();
  }
  const Json &input = inputs[index];
  std::string pointer = "/inputs/" + std::to_string(index);
  if (!input.is_object() || !input.contains("name") ||
      !input["name"].is_string() || !input.contains("shape"))
    return success(); // the network's importer says what is missing
  std::string name = input["name"].get<std::string>();

  nn::InputContractFields fields;
  if (input.contains("pixels")) {
    auto read =
        readInputPixels(input["pixels"], locate(pointer + "/pixels"), name);
    if (failed(read))
      return failure();
    fields = *read;
  }
  if (fields.type.value_or(nn::PixelType::Float32) != nn::PixelType::Float32 ||
      fields.layout != nn::PixelLayout::NHWC) {
    emitError(locate(pointer))
        << "input '" << name << "': the augmentation next to it writes "
        << "float32 NHWC images; give the input \"pixels\": {\"layout\": "
        << "\"nhwc\"} (float32) to take them as they are";
    return failure();
  }
  const Json &shape = input["shape"];
  bool matches =
      shape.is_array() && shape.size() == 4 &&
      llvm::all_of(shape, [](const Json &d) { return d.is_number_integer(); });
  matches = matches && shape[1].get<int64_t>() == spec.channels &&
            shape[2].get<int64_t>() == spec.height &&
            shape[3].get<int64_t>() == spec.width;
  if (!matches) {
    emitError(locate(pointer))
        << "input '" << name << "': the augmentation next to it writes "
        << spec.height << "x" << spec.width << "x" << spec.channels
        << " images, which the input's shape (NCHW) must match: [N, "
        << spec.channels << ", " << spec.height << ", " << spec.width << "]";
    return failure();
  }
  return success();
}

} // namespace kiln::jsonimport
