//===- AugmentBlock.cpp - a JSON file's "augment" block -------------------===//

#include "frontends/json/AugmentBlock.h"

#include "frontends/common/ModelName.h"
#include "frontends/json/FieldReader.h"

#include "mlir/IR/Diagnostics.h"

#include <cmath>

using namespace mlir;
using Json = nlohmann::json;

namespace kiln::jsonimport {
namespace {

// A number >= 0 (a range), `fallback` when absent.
FailureOr<double> readRange(FieldReader &reader, llvm::StringRef field) {
  auto value = reader.getNumber(field, 0.0);
  if (succeeded(value) && (*value < 0 || !std::isfinite(*value))) {
    reader.emitError() << "'" << field << "' must be a number >= 0, got "
                       << *value;
    return failure();
  }
  return value;
}

// The batch the caller hands: {"type": ..., "shape": [N, H, W, C]}.
LogicalResult readInput(const Json *input, Location loc, AugmentSpec &spec) {
  if (!input || !input->is_object()) {
    emitError(loc) << "augment: field 'input' must be an object such as "
                   << "{\"type\": \"uint8\", \"shape\": [32, 224, 224, 3]} "
                   << "(the batch, NHWC)";
    return failure();
  }
  FieldReader reader(*input, loc, "augment input");
  if (reader.has("type")) {
    auto type = reader.getString("type");
    if (failed(type))
      return failure();
    auto parsed = nn::parsePixelType(*type);
    if (!parsed) {
      reader.emitError() << "'type' must be \"uint8\" or \"float32\", got '"
                         << *type << "'";
      return failure();
    }
    spec.type = *parsed;
  }
  auto shape = reader.getIntList("shape");
  if (failed(shape) || failed(reader.checkNoUnknownFields()))
    return failure();
  if (shape->size() != 4 ||
      llvm::any_of(*shape, [](int64_t d) { return d < 1 || d > 65536; }) ||
      (*shape)[3] > 4) {
    reader.emitError() << "'shape' must be [N, H, W, C] (NHWC) with sizes "
                       << "from 1 to 65536 and 1 to 4 channels";
    return failure();
  }
  spec.batch = (*shape)[0];
  spec.height = (*shape)[1];
  spec.width = (*shape)[2];
  spec.channels = (*shape)[3];
  return success();
}

// "zoom_range": z for [1 - z, 1 + z], or [lower, upper].
LogicalResult readZoom(FieldReader &reader, AugmentSpec &spec) {
  if (!reader.has("zoom_range"))
    return success();
  auto values = reader.getNumberList("zoom_range");
  if (failed(values))
    return failure();
  if (values->size() == 1)
    spec.zoomRange = {1 - values->front(), 1 + values->front()};
  else if (values->size() == 2)
    spec.zoomRange = {(*values)[0], (*values)[1]};
  bool valid = values->size() <= 2 && spec.zoomRange[0] > 0 &&
               spec.zoomRange[0] <= spec.zoomRange[1] &&
               std::isfinite(spec.zoomRange[1]);
  if (!valid) {
    reader.emitError() << "'zoom_range' must be a number z in [0, 1) (for "
                       << "[1 - z, 1 + z]) or [lower, upper] with "
                       << "0 < lower <= upper";
    return failure();
  }
  return success();
}

LogicalResult readFillMode(FieldReader &reader, AugmentSpec &spec) {
  if (!reader.has("fill_mode"))
    return success();
  auto mode = reader.getString("fill_mode");
  if (failed(mode))
    return failure();
  if (*mode == "nearest")
    spec.fillMode = FillMode::Nearest;
  else if (*mode == "constant")
    spec.fillMode = FillMode::Constant;
  else if (*mode == "reflect")
    spec.fillMode = FillMode::Reflect;
  else if (*mode == "wrap")
    spec.fillMode = FillMode::Wrap;
  else {
    reader.emitError() << "'fill_mode' must be \"nearest\", \"constant\", "
                       << "\"reflect\" or \"wrap\", got '" << *mode << "'";
    return failure();
  }
  return success();
}

// "brightness_range": [lower, upper], 0 <= lower <= upper. Keras brightens
// through an 8-bit PIL image, rescaling an image whose values leave 0..255
// onto 0..255 first and back after.
LogicalResult readBrightness(FieldReader &reader, AugmentSpec &spec) {
  if (!reader.has("brightness_range"))
    return success();
  auto values = reader.getNumberList("brightness_range");
  if (failed(values))
    return failure();
  if (values->size() != 2 || (*values)[0] < 0 || (*values)[0] > (*values)[1] ||
      !std::isfinite((*values)[1])) {
    reader.emitError() << "'brightness_range' must be [lower, upper] with "
                       << "0 <= lower <= upper";
    return failure();
  }
  if (spec.channels == 2) {
    reader.emitError() << "'brightness_range' takes images of 1, 3 or 4 "
                       << "channels (Keras brightens through a PIL image, "
                       << "which has no 2-channel mode)";
    return failure();
  }
  spec.brightnessRange = {(*values)[0], (*values)[1]};
  return success();
}

// "target_size": [height, width], with "interpolation": the resize that
// Keras's load_img applies to an image of another size (PIL, nearest by
// default). The spec's height and width become the target's.
LogicalResult readResize(FieldReader &reader, AugmentSpec &spec) {
  if (!reader.has("target_size")) {
    if (!reader.has("interpolation"))
      return success();
    reader.emitError() << "'interpolation' is the filter of a resize: it "
                       << "needs 'target_size'";
    return failure();
  }
  auto size = reader.getIntList("target_size");
  FailureOr<std::string> name = std::string("nearest");
  if (reader.has("interpolation"))
    name = reader.getString("interpolation");
  if (failed(size) || failed(name))
    return failure();
  if (size->size() != 2 ||
      llvm::any_of(*size, [](int64_t d) { return d < 1 || d > 65536; })) {
    reader.emitError() << "'target_size' must be [height, width] with sizes "
                       << "from 1 to 65536";
    return failure();
  }
  std::optional<ResizeFilter> filter;
  for (auto [known, named] : kResizeFilterNames)
    if (*name == known)
      filter = named;
  if (!filter) {
    auto error = reader.emitError();
    error << "'interpolation' must be one of";
    for (auto [known, named] : kResizeFilterNames)
      error << " \"" << known << "\"";
    error << ", got '" << *name << "'";
    return failure();
  }
  if (spec.type != nn::PixelType::UInt8) {
    reader.emitError() << "'target_size' resizes uint8 images (Keras resizes "
                       << "the 8-bit images it decodes, before anything "
                       << "else)";
    return failure();
  }
  if (*filter != ResizeFilter::Nearest && spec.channels % 2 == 0) {
    reader.emitError() << "'interpolation' '" << *name << "' resizes images "
                       << "of 1 or 3 channels: PIL premultiplies an alpha "
                       << "channel first, which is not compiled";
    return failure();
  }
  // load_img leaves an image of the target size as it is.
  if ((*size)[0] == spec.height && (*size)[1] == spec.width)
    return success();
  spec.resize = ResizeSpec{spec.height, spec.width, *filter};
  spec.height = (*size)[0];
  spec.width = (*size)[1];
  return success();
}

} // namespace

FailureOr<AugmentSpec>
readAugmentBlock(const Json &block, llvm::StringRef modelName,
                 llvm::function_ref<Location(llvm::StringRef)> locate) {
  Location loc = locate("/augment");
  if (!block.is_object()) {
    emitError(loc) << "field 'augment' must be an object (docs/augment.md)";
    return failure();
  }
  AugmentSpec spec;
  spec.name = modelName.str();
  FieldReader reader(block, loc, "augment");
  if (reader.has("name")) {
    auto name = reader.getString("name");
    if (failed(name))
      return failure();
    std::string problem = modelNameProblem(*name);
    if (!problem.empty()) {
      reader.emitError() << "'name': " << problem;
      return failure();
    }
    spec.name = *name;
  }
  if (reader.has("feeds")) {
    auto feeds = reader.getString("feeds");
    if (failed(feeds))
      return failure();
    spec.feeds = *feeds;
  }
  Location inputLoc = block.contains("input") ? locate("/augment/input") : loc;
  if (failed(readInput(reader.getObject("input"), inputLoc, spec)) ||
      failed(readResize(reader, spec)))
    return failure();
  for (auto [field, target] :
       {std::pair<llvm::StringRef, double *>{"rotation_range",
                                             &spec.rotationRange},
        {"width_shift_range", &spec.widthShiftRange},
        {"height_shift_range", &spec.heightShiftRange},
        {"shear_range", &spec.shearRange},
        {"channel_shift_range", &spec.channelShiftRange}}) {
    auto value = readRange(reader, field);
    if (failed(value))
      return failure();
    *target = *value;
  }
  auto whole = [&](const char *field) {
    return block.contains(field) && block[field].is_number_integer();
  };
  spec.widthShiftWhole = whole("width_shift_range");
  spec.heightShiftWhole = whole("height_shift_range");
  auto horizontal = reader.getBool("horizontal_flip", false);
  auto vertical = reader.getBool("vertical_flip", false);
  auto cval = reader.getNumber("cval", 0.0);
  auto rescale = reader.getNumber("rescale", 0.0);
  if (failed(horizontal) || failed(vertical) || failed(cval) ||
      failed(rescale) || failed(readZoom(reader, spec)) ||
      failed(readFillMode(reader, spec)))
    return failure();
  spec.horizontalFlip = *horizontal;
  spec.verticalFlip = *vertical;
  spec.cval = *cval;
  // Keras multiplies only by a rescale that is set and nonzero.
  spec.rescale = *rescale == 0.0 ? 1.0 : *rescale;
  if (failed(readBrightness(reader, spec)))
    return failure();
  if (failed(reader.checkNoUnknownFields()))
    return failure();
  return spec;
}

} // namespace kiln::jsonimport
