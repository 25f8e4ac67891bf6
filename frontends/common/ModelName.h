//===- ModelName.h - what may name a compiled model -------------*- C++ -*-===//
//
// A model's (or an augmentation's) name prefixes every symbol of its C API
// and names its files (<name>.a, <name>.h, <name>.weights): it must be a C
// identifier, and short enough for a file name on every file system.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_COMMON_MODELNAME_H
#define KILN_FRONTENDS_COMMON_MODELNAME_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace kiln {

/// The longest name: leaves room for suffixes ("_datagen.weights") in the
/// 255 bytes of a file name.
inline constexpr size_t kMaxModelNameLength = 128;

/// Letters, digits and '_', not starting with a digit.
inline bool isCIdentifier(llvm::StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// `name` for a message: non-printable bytes, quotes and backslashes
/// escaped, cut after 64 bytes ("...").
inline std::string escapedName(llvm::StringRef name) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::printEscapedString(name.take_front(64), os);
  os << (name.size() > 64 ? "..." : "");
  return text;
}

/// escapedName in single quotes.
inline std::string quotedName(llvm::StringRef name) {
  return "'" + escapedName(name) + "'";
}

/// Why `name` cannot name a model ("the model name 'x' must be ..."), or ""
/// when it can.
inline std::string modelNameProblem(llvm::StringRef name) {
  if (name.size() > kMaxModelNameLength)
    return "the model name " + quotedName(name) + " is " +
           std::to_string(name.size()) + " characters long: at most " +
           std::to_string(kMaxModelNameLength) +
           " fit the file names it gives the outputs";
  if (!isCIdentifier(name))
    return "the model name " + quotedName(name) +
           " must be a C identifier (letters, digits and '_', not starting "
           "with a digit): it prefixes the generated C API";
  return "";
}

} // namespace kiln

#endif // KILN_FRONTENDS_COMMON_MODELNAME_H
