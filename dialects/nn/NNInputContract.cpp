//===- NNInputContract.cpp - the pixels a caller hands an input -----------===//

#include "dialects/nn/NNInputContract.h"

#include "dialects/nn/NNConstants.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace kiln::nn {

// The one value a list of none, one or per-channel values gives `channel`.
static double channelValue(const std::vector<double> &values, int64_t channel,
                           double none) {
  if (values.empty())
    return none;
  return values.size() == 1 ? values.front() : values[channel];
}

bool InputContract::isIdentity() const {
  return !convertsValues() && layout == declared && !reversedChannels;
}

bool InputContract::convertsValues() const {
  return type != PixelType::Float32 || scale != 1.0 ||
         llvm::any_of(mean, [](double m) { return m != 0.0; }) ||
         llvm::any_of(std, [](double s) { return s != 1.0; });
}

double InputContract::multiplier(int64_t channel) const {
  return scale / channelValue(std, channel, 1.0);
}

double InputContract::offset(int64_t channel) const {
  return -channelValue(mean, channel, 0.0) / channelValue(std, channel, 1.0);
}

bool InputContractFields::empty() const {
  return !type && !layout && !reversedChannels && !scale && !mean && !std;
}

InputContractFields
InputContractFields::overriddenBy(const InputContractFields &overrides) const {
  InputContractFields fields = *this;
  auto take = [](auto &field, const auto &override) {
    if (override)
      field = override;
  };
  take(fields.type, overrides.type);
  take(fields.layout, overrides.layout);
  take(fields.reversedChannels, overrides.reversedChannels);
  take(fields.scale, overrides.scale);
  take(fields.mean, overrides.mean);
  take(fields.std, overrides.std);
  return fields;
}

InputContract InputContractFields::resolve(PixelLayout declared) const {
  InputContract contract;
  contract.type = type.value_or(PixelType::Float32);
  contract.declared = declared;
  contract.layout = layout.value_or(declared);
  contract.reversedChannels = reversedChannels.value_or(false);
  contract.scale = scale.value_or(1.0);
  contract.mean = mean.value_or(std::vector<double>());
  contract.std = std.value_or(std::vector<double>());
  return contract;
}

DictionaryAttr toAttr(MLIRContext *context, const InputContractFields &fields) {
  Builder builder(context);
  SmallVector<NamedAttribute> entries;
  if (fields.type)
    entries.push_back(builder.getNamedAttr(
        "type", builder.getStringAttr(spelling(*fields.type))));
  if (fields.layout)
    entries.push_back(builder.getNamedAttr(
        "layout", builder.getStringAttr(spelling(*fields.layout))));
  if (fields.reversedChannels)
    entries.push_back(builder.getNamedAttr(
        "reversed_channels", builder.getBoolAttr(*fields.reversedChannels)));
  if (fields.scale)
    entries.push_back(
        builder.getNamedAttr("scale", builder.getF64FloatAttr(*fields.scale)));
  if (fields.mean)
    entries.push_back(builder.getNamedAttr(
        "mean", builder.getDenseF64ArrayAttr(*fields.mean)));
  if (fields.std)
    entries.push_back(
        builder.getNamedAttr("std", builder.getDenseF64ArrayAttr(*fields.std)));
  return builder.getDictionaryAttr(entries);
}

DictionaryAttr toAttr(MLIRContext *context, const InputContract &contract) {
  InputContractFields fields{contract.type, contract.layout,
                             contract.reversedChannels, contract.scale};
  if (!contract.mean.empty())
    fields.mean = contract.mean;
  if (!contract.std.empty())
    fields.std = contract.std;
  SmallVector<NamedAttribute> entries(toAttr(context, fields).getValue());
  Builder builder(context);
  entries.push_back(builder.getNamedAttr(
      "declared", builder.getStringAttr(spelling(contract.declared))));
  return builder.getDictionaryAttr(entries);
}

InputContractFields fieldsFromAttr(DictionaryAttr attr) {
  InputContractFields fields;
  if (!attr)
    return fields;
  if (auto type = attr.getAs<StringAttr>("type"))
    fields.type = parsePixelType(type.getValue());
  if (auto layout = attr.getAs<StringAttr>("layout"))
    fields.layout = parsePixelLayout(layout.getValue());
  if (auto reversed = attr.getAs<BoolAttr>("reversed_channels"))
    fields.reversedChannels = reversed.getValue();
  if (auto scale = attr.getAs<FloatAttr>("scale"))
    fields.scale = scale.getValueAsDouble();
  auto values = [](DenseF64ArrayAttr array) {
    return std::vector<double>(array.asArrayRef().begin(),
                               array.asArrayRef().end());
  };
  if (auto mean = attr.getAs<DenseF64ArrayAttr>("mean"))
    fields.mean = values(mean);
  if (auto std = attr.getAs<DenseF64ArrayAttr>("std"))
    fields.std = values(std);
  return fields;
}

InputContract contractFromAttr(DictionaryAttr attr) {
  PixelLayout declared = PixelLayout::NCHW;
  if (attr)
    if (auto text = attr.getAs<StringAttr>("declared"))
      declared = parsePixelLayout(text.getValue()).value_or(declared);
  return fieldsFromAttr(attr).resolve(declared);
}

std::optional<PixelType> parsePixelType(StringRef text) {
  std::string lower = text.lower();
  if (lower == "float32")
    return PixelType::Float32;
  if (lower == "uint8")
    return PixelType::UInt8;
  return std::nullopt;
}

std::optional<PixelLayout> parsePixelLayout(StringRef text) {
  std::string lower = text.lower();
  if (lower == "nchw")
    return PixelLayout::NCHW;
  if (lower == "nhwc")
    return PixelLayout::NHWC;
  return std::nullopt;
}

StringRef spelling(PixelType type) {
  return type == PixelType::UInt8 ? "uint8" : "float32";
}

StringRef spelling(PixelLayout layout) {
  return layout == PixelLayout::NHWC ? "nhwc" : "nchw";
}

// Whether `op` computes its result from `value` and a one-element constant,
// element by element: the arithmetic of a Keras Rescaling layer.
static bool isScalarArithmetic(Operation *op, Value value) {
  if (!isa<AddOp, SubOp, MulOp, DivOp>(op) || op->getNumOperands() != 2 ||
      op->getResult(0).getType() != value.getType())
    return false;
  Value other =
      op->getOperand(0) == value ? op->getOperand(1) : op->getOperand(0);
  auto values = constantValues(other);
  return values && values->size() == 1;
}

bool declaredChannelsLast(Value input) {
  Value value = input;
  while (value.hasOneUse()) {
    Operation *user = *value.getUsers().begin();
    if (auto transpose = dyn_cast<TransposeOp>(user))
      return transpose.getPermutation() == ArrayRef<int64_t>{0, 3, 1, 2};
    if (!isScalarArithmetic(user, value))
      return false;
    value = user->getResult(0);
  }
  return false;
}

// The shortest text that reads back as `value` (0.485, 0.00392156862745098).
static std::string formatNumber(double value) {
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

unsigned channelAxis(const InputContract &contract) {
  return contract.declared == PixelLayout::NHWC ? 3 : 1;
}

llvm::Error checkInputContract(const InputContract &contract,
                               ArrayRef<int64_t> shape) {
  auto fail = [](const Twine &message) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   message.str().c_str());
  };
  bool image = shape.size() == 4;
  if (!image && contract.layout != contract.declared)
    return fail("layout " + spelling(contract.layout) +
                " applies to images (rank 4); the input has rank " +
                Twine(shape.size()));
  int64_t channels = image ? shape[channelAxis(contract)] : 1;
  if (contract.reversedChannels && (!image || channels != 3))
    return fail("channel order bgr reverses 3 channels; the input has " +
                Twine(image ? channels : 0) + " (shape " + formatShape(shape) +
                ")");
  if (!std::isfinite(contract.scale) || contract.scale == 0.0)
    return fail("scale must be a finite nonzero number, got " +
                formatNumber(contract.scale));
  // Per-channel values only where there are channels to match.
  const int64_t kMostChannelValues = 16;
  for (auto [field, values] :
       {std::pair<StringRef, const std::vector<double> *>{"mean",
                                                          &contract.mean},
        {"std", &contract.std}}) {
    if (values->size() > 1 &&
        (!image || static_cast<int64_t>(values->size()) != channels))
      return fail(field + " has " + Twine(values->size()) +
                  " values; give one, or one per channel (the input has " +
                  Twine(image ? channels : 0) + " channels, shape " +
                  formatShape(shape) + ")");
    if (values->size() > kMostChannelValues)
      return fail(field + " has " + Twine(values->size()) +
                  " values; per-channel values are for images of at most " +
                  Twine(kMostChannelValues) + " channels");
    for (double value : *values)
      if (!std::isfinite(value) || (field == "std" && value == 0.0))
        return fail(field + " values must be finite" +
                    (field == "std" ? " and nonzero" : "") + ", got " +
                    formatNumber(value));
  }
  return llvm::Error::success();
}

Shape callerShape(const InputContract &contract, ArrayRef<int64_t> shape) {
  Shape caller(shape.begin(), shape.end());
  if (contract.layout == contract.declared)
    return caller;
  // NCHW declared, NHWC given: [N, H, W, C]; and the other way round.
  if (contract.layout == PixelLayout::NHWC)
    return {shape[0], shape[2], shape[3], shape[1]};
  return {shape[0], shape[3], shape[1], shape[2]};
}

static std::string formatValues(const std::vector<double> &values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "{";
  llvm::interleaveComma(values, os, [&](double v) { os << formatNumber(v); });
  os << "}";
  return text;
}

std::string describe(const InputContract &contract) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << spelling(contract.type) << " "
     << StringRef(spelling(contract.layout)).upper();
  if (contract.reversedChannels)
    os << ", channels reversed (BGR)";
  if (!contract.convertsValues())
    return text;
  os << "; the network reads (pixel";
  if (contract.scale != 1.0)
    os << " * " << formatNumber(contract.scale);
  os << (contract.mean.empty() ? "" : " - mean[c]") << ")";
  if (!contract.std.empty())
    os << " / std[c]";
  if (!contract.mean.empty())
    os << ", mean " << formatValues(contract.mean);
  if (!contract.std.empty())
    os << ", std " << formatValues(contract.std);
  return text;
}

} // namespace kiln::nn
