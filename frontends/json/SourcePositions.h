//===- SourcePositions.h - where things are in a JSON file ------*- C++ -*-===//
//
// nlohmann/json parses a document but keeps no source positions. This scans
// the same (already validated) text once and records where each object and
// array starts, by JSON pointer ("/layers/3"), so that errors can name the
// line of the layer they concern; and it finds keys written twice in one
// object, which the parser silently collapses (the last one wins).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_SOURCEPOSITIONS_H
#define KILN_FRONTENDS_JSON_SOURCEPOSITIONS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace kiln::jsonimport {

struct LineColumn {
  unsigned line = 0, column = 0; // 1-based; 0 when unknown
};

class SourcePositions {
public:
  /// `text` must be valid JSON (parse it first).
  explicit SourcePositions(llvm::StringRef text);

  /// Where the object or array at `pointer` starts ({0, 0} if unknown).
  LineColumn find(llvm::StringRef pointer) const;

  struct DuplicateKey {
    std::string objectPointer, key;
    LineColumn position; // of the second occurrence
  };
  /// The first key, in document order, written twice in one object.
  const std::optional<DuplicateKey> &duplicateKey() const { return duplicate; }

private:
  void scanValue(const std::string &pointer, unsigned depth);
  void scanContainer(const std::string &pointer, unsigned depth, bool object);
  llvm::StringRef scanString();
  void skipWhitespace();
  LineColumn lineColumn(size_t offset) const;

  llvm::StringRef text;
  size_t pos = 0;
  llvm::StringMap<size_t> starts; // pointer -> byte offset
  std::optional<DuplicateKey> duplicate;
};

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_SOURCEPOSITIONS_H
