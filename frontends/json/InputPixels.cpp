//===- InputPixels.cpp - a JSON input's "pixels" field --------------------===//

#include "frontends/json/InputPixels.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln::jsonimport {

FailureOr<nn::InputContractFields> readInputPixels(const nlohmann::json &pixels,
                                                   Location loc,
                                                   llvm::StringRef inputName) {
  std::string what = "input '" + inputName.str() + "' pixels";
  if (!pixels.is_object()) {
    emitError(loc) << what << ": expected an object such as {\"type\": "
                   << "\"uint8\", \"layout\": \"nhwc\", \"scale\": 0.00392}";
    return failure();
  }
  FieldReader reader(pixels, loc, what);
  nn::InputContractFields fields;
  // A string field whose value must be one of `choices`.
  auto choice = [&](llvm::StringRef field, llvm::StringRef choices,
                    auto parse) -> LogicalResult {
    if (!reader.has(field))
      return success();
    auto text = reader.getString(field);
    if (failed(text))
      return failure();
    if (!parse(*text)) {
      reader.emitError() << "'" << field << "' must be " << choices << ", got '"
                         << *text << "'";
      return failure();
    }
    return success();
  };
  if (failed(choice("type", "\"float32\" or \"uint8\"",
                    [&](llvm::StringRef text) {
                      return bool(fields.type = nn::parsePixelType(text));
                    })) ||
      failed(choice("layout", "\"nchw\" or \"nhwc\"",
                    [&](llvm::StringRef text) {
                      return bool(fields.layout = nn::parsePixelLayout(text));
                    })) ||
      failed(choice("channel_order", "\"rgb\" or \"bgr\"",
                    [&](llvm::StringRef text) {
                      std::string lower = text.lower();
                      if (lower != "rgb" && lower != "bgr")
                        return false;
                      fields.reversedChannels = lower == "bgr";
                      return true;
                    })))
    return failure();
  if (reader.has("scale")) {
    auto scale = reader.getNumber("scale");
    if (failed(scale))
      return failure();
    fields.scale = *scale;
  }
  for (auto [field, target] :
       {std::pair<llvm::StringRef, std::optional<std::vector<double>> *>{
            "mean", &fields.mean},
        {"std", &fields.std}}) {
    if (!reader.has(field))
      continue;
    auto values = reader.getNumberList(field);
    if (failed(values))
      return failure();
    *target = *values;
  }
  if (failed(reader.checkNoUnknownFields()))
    return failure();
  return fields;
}

} // namespace kiln::jsonimport
