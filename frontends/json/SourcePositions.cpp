//===- SourcePositions.cpp - where things are in a JSON file --------------===//

#include "frontends/json/SourcePositions.h"

#include "llvm/ADT/StringSet.h"

namespace kiln::jsonimport {

// Deeper values are not recorded: network files nest a few levels, and the
// scan must not exhaust the stack on a pathological file.
static constexpr unsigned maxDepth = 64;

SourcePositions::SourcePositions(llvm::StringRef text) : text(text) {
  scanValue("", 0);
}

LineColumn SourcePositions::find(llvm::StringRef pointer) const {
  auto it = starts.find(pointer);
  return it == starts.end() ? LineColumn{} : lineColumn(it->second);
}

LineColumn SourcePositions::lineColumn(size_t offset) const {
  llvm::StringRef before = text.take_front(offset);
  size_t lineStart = before.rfind('\n');
  lineStart = lineStart == llvm::StringRef::npos ? 0 : lineStart + 1;
  return {static_cast<unsigned>(before.count('\n') + 1),
          static_cast<unsigned>(offset - lineStart + 1)};
}

void SourcePositions::skipWhitespace() {
  while (pos < text.size() && llvm::StringRef(" \t\r\n").contains(text[pos]))
    ++pos;
}

// Returns the raw (undecoded) contents of the string starting at `pos`.
llvm::StringRef SourcePositions::scanString() {
  size_t begin = ++pos;
  while (pos < text.size() && text[pos] != '"')
    pos += text[pos] == '\\' ? 2 : 1;
  llvm::StringRef contents = text.slice(begin, pos);
  ++pos;
  return contents;
}

void SourcePositions::scanValue(const std::string &pointer, unsigned depth) {
  skipWhitespace();
  if (pos >= text.size())
    return;
  char c = text[pos];
  if (c == '{' || c == '[') {
    scanContainer(pointer, depth, c == '{');
  } else if (c == '"') {
    scanString();
  } else {
    while (pos < text.size() &&
           !llvm::StringRef(",]} \t\r\n").contains(text[pos]))
      ++pos;
  }
}

void SourcePositions::scanContainer(const std::string &pointer, unsigned depth,
                                    bool object) {
  if (depth > maxDepth) {
    pos = text.size(); // stop: positions past this point stay unknown
    return;
  }
  starts[pointer] = pos++;
  llvm::StringSet<> keys;
  for (size_t index = 0;; ++index) {
    skipWhitespace();
    if (pos >= text.size())
      return;
    if (text[pos] == '}' || text[pos] == ']') {
      ++pos;
      return;
    }
    std::string child = pointer + "/";
    if (object) {
      size_t keyOffset = pos;
      llvm::StringRef key = scanString();
      if (!keys.insert(key).second && !duplicate)
        duplicate = DuplicateKey{pointer, key.str(), lineColumn(keyOffset)};
      child += key.str();
      skipWhitespace();
      ++pos; // ':'
    } else {
      child += std::to_string(index);
    }
    scanValue(child, depth + 1);
    skipWhitespace();
    if (pos < text.size() && text[pos] == ',')
      ++pos;
  }
}

} // namespace kiln::jsonimport
