//===- FieldReader.cpp - typed, checked access to a JSON object -----------===//

#include "frontends/json/FieldReader.h"

#include "llvm/ADT/StringExtras.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using Json = nlohmann::json;

namespace kiln::jsonimport {

bool FieldReader::has(llvm::StringRef field) const {
  return object.contains(field.str());
}

const Json *FieldReader::lookup(llvm::StringRef field) {
  used.insert(field);
  auto it = object.find(field.str());
  return it == object.end() ? nullptr : &*it;
}

InFlightDiagnostic FieldReader::emitError() {
  InFlightDiagnostic diagnostic = mlir::emitError(loc);
  if (!what.empty())
    diagnostic << what << ": ";
  return diagnostic;
}

InFlightDiagnostic FieldReader::emitTypeError(llvm::StringRef field,
                                              llvm::StringRef expected) {
  const Json *value = lookup(field);
  if (!value)
    return emitError() << "missing field '" << field << "' (" << expected
                       << ")";
  return emitError() << "field '" << field << "' must be " << expected
                     << ", got " << describeValue(*value);
}

FailureOr<std::string> FieldReader::getString(llvm::StringRef field) {
  const Json *value = lookup(field);
  if (!value || !value->is_string()) {
    emitTypeError(field, "a string");
    return failure();
  }
  return value->get<std::string>();
}

FailureOr<int64_t> FieldReader::getInt(llvm::StringRef field,
                                       std::optional<int64_t> fallback) {
  const Json *value = lookup(field);
  if (!value && fallback)
    return *fallback;
  if (!value || !value->is_number_integer()) {
    emitTypeError(field, "an integer");
    return failure();
  }
  return value->get<int64_t>();
}

FailureOr<double> FieldReader::getNumber(llvm::StringRef field,
                                         std::optional<double> fallback) {
  const Json *value = lookup(field);
  if (!value && fallback)
    return *fallback;
  if (!value || !value->is_number()) {
    emitTypeError(field, "a number");
    return failure();
  }
  return value->get<double>();
}

FailureOr<bool> FieldReader::getBool(llvm::StringRef field,
                                     std::optional<bool> fallback) {
  const Json *value = lookup(field);
  if (!value && fallback)
    return *fallback;
  if (!value || !value->is_boolean()) {
    emitTypeError(field, "true or false");
    return failure();
  }
  return value->get<bool>();
}

FailureOr<SmallVector<int64_t>> FieldReader::getIntList(llvm::StringRef field) {
  const Json *value = lookup(field);
  bool ok = value && value->is_array();
  if (ok)
    for (const Json &element : *value)
      ok &= element.is_number_integer();
  if (!ok) {
    emitTypeError(field, "a list of integers");
    return failure();
  }
  SmallVector<int64_t> result;
  for (const Json &element : *value)
    result.push_back(element.get<int64_t>());
  return result;
}

FailureOr<std::vector<double>>
FieldReader::getNumberList(llvm::StringRef field) {
  const Json *value = lookup(field);
  if (value && value->is_number())
    return std::vector<double>{value->get<double>()};
  bool ok = value && value->is_array() && !value->empty();
  if (ok)
    for (const Json &element : *value)
      ok &= element.is_number();
  if (!ok) {
    emitTypeError(field, "a number or a non-empty list of numbers");
    return failure();
  }
  std::vector<double> result;
  for (const Json &element : *value)
    result.push_back(element.get<double>());
  return result;
}

FailureOr<SmallVector<std::string>>
FieldReader::getStringList(llvm::StringRef field) {
  const Json *value = lookup(field);
  bool ok = value && value->is_array();
  if (ok)
    for (const Json &element : *value)
      ok &= element.is_string();
  if (!ok) {
    emitTypeError(field, "a list of strings");
    return failure();
  }
  SmallVector<std::string> result;
  for (const Json &element : *value)
    result.push_back(element.get<std::string>());
  return result;
}

// True when `value` is a list of `size` integers.
static bool isIntList(const Json *value, size_t size) {
  if (!value || !value->is_array() || value->size() != size)
    return false;
  for (const Json &element : *value)
    if (!element.is_number_integer())
      return false;
  return true;
}

FailureOr<SmallVector<int64_t>>
FieldReader::getPair(llvm::StringRef field,
                     std::optional<SmallVector<int64_t>> fallback) {
  const Json *value = lookup(field);
  if (!value && fallback)
    return *fallback;
  if (value && value->is_number_integer()) {
    int64_t v = value->get<int64_t>();
    return SmallVector<int64_t>{v, v};
  }
  if (isIntList(value, 2))
    return SmallVector<int64_t>{(*value)[0].get<int64_t>(),
                                (*value)[1].get<int64_t>()};
  emitTypeError(field, "an integer or a list [height, width]");
  return failure();
}

FailureOr<SmallVector<int64_t>> FieldReader::getPadding(llvm::StringRef field) {
  const Json *value = lookup(field);
  if (!value)
    return SmallVector<int64_t>{0, 0, 0, 0};
  if (value->is_number_integer()) {
    int64_t v = value->get<int64_t>();
    return SmallVector<int64_t>{v, v, v, v};
  }
  if (isIntList(value, 2)) {
    int64_t h = (*value)[0].get<int64_t>(), w = (*value)[1].get<int64_t>();
    return SmallVector<int64_t>{h, w, h, w};
  }
  if (isIntList(value, 4))
    return SmallVector<int64_t>{
        (*value)[0].get<int64_t>(), (*value)[1].get<int64_t>(),
        (*value)[2].get<int64_t>(), (*value)[3].get<int64_t>()};
  emitTypeError(field, "an integer, a list [height, width] or a list "
                       "[top, left, bottom, right]");
  return failure();
}

const Json *FieldReader::getObject(llvm::StringRef field) {
  return lookup(field);
}

LogicalResult FieldReader::checkNoUnknownFields() {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (!used.contains(it.key())) {
      emitError() << "unknown field '" << it.key() << "'";
      return failure();
    }
  return success();
}

std::string describeValue(const nlohmann::json &value) {
  if (value.is_array())
    return "an array of " + std::to_string(value.size()) + " elements";
  if (value.is_object())
    return "an object of " + std::to_string(value.size()) + " fields";
  if (value.is_string()) {
    const std::string &text = value.get_ref<const std::string &>();
    if (text.size() > 40)
      return nlohmann::json(text.substr(0, 40)).dump() + "...";
  }
  // Invalid UTF-8 is escaped rather than thrown about.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace kiln::jsonimport
