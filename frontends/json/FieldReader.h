//===- FieldReader.h - typed, checked access to a JSON object ---*- C++ -*-===//
//
// Reads the fields of one JSON object (a layer, an input, the network) and
// reports a missing or wrongly typed field at the object's location, naming
// the field and the type it should have. It remembers which fields were read
// so that a misspelt field is reported instead of silently ignored.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_FIELDREADER_H
#define KILN_FRONTENDS_JSON_FIELDREADER_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln::jsonimport {

class FieldReader {
public:
  FieldReader(const nlohmann::json &object, mlir::Location loc,
              llvm::StringRef what)
      : object(object), loc(loc), what(what.str()) {}

  mlir::Location getLoc() const { return loc; }
  bool has(llvm::StringRef field) const;

  mlir::FailureOr<std::string> getString(llvm::StringRef field);
  mlir::FailureOr<int64_t> getInt(llvm::StringRef field,
                                  std::optional<int64_t> fallback = {});
  /// A number (integer or not), as a double.
  mlir::FailureOr<double> getNumber(llvm::StringRef field,
                                    std::optional<double> fallback = {});
  mlir::FailureOr<bool> getBool(llvm::StringRef field,
                                std::optional<bool> fallback = {});
  /// A list of integers of any length (a shape).
  mlir::FailureOr<llvm::SmallVector<int64_t>> getIntList(llvm::StringRef field);
  /// A non-empty list of numbers, also written as one number (a list of one).
  mlir::FailureOr<std::vector<double>> getNumberList(llvm::StringRef field);
  /// A list of strings (names of layers or inputs).
  mlir::FailureOr<llvm::SmallVector<std::string>>
  getStringList(llvm::StringRef field);
  /// An [h, w] pair, also written as one integer for both.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  getPair(llvm::StringRef field,
          std::optional<llvm::SmallVector<int64_t>> fallback = {});
  /// Padding as one integer, [h, w] or [top, left, bottom, right]; always
  /// returned as [top, left, bottom, right].
  mlir::FailureOr<llvm::SmallVector<int64_t>> getPadding(llvm::StringRef field);
  /// The raw value of an object-valued field, or null when absent.
  const nlohmann::json *getObject(llvm::StringRef field);

  /// Reports every field that no getter asked for.
  mlir::LogicalResult checkNoUnknownFields();

  /// An error at this object's location, prefixed with what it is.
  mlir::InFlightDiagnostic emitError();

private:
  const nlohmann::json *lookup(llvm::StringRef field);
  mlir::InFlightDiagnostic emitTypeError(llvm::StringRef field,
                                         llvm::StringRef expected);

  const nlohmann::json &object;
  mlir::Location loc;
  std::string what;
  llvm::StringSet<> used;
};

/// `value` for an error message, bounded: a scalar as written (a string cut
/// after 40 characters), an array or object by its size only, so that a
/// hostile file's deep nesting or huge values never reach the message (or
/// the stack, through a recursive dump).
std::string describeValue(const nlohmann::json &value);

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_FIELDREADER_H
