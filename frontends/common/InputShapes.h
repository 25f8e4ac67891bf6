//===- InputShapes.h - input shapes fixed on the command line ---*- C++ -*-===//
//
// Kiln compiles static shapes, and exported models often leave some open: a
// symbolic batch ('N', 'unk__220', 'batch_size') or image size. --batch and
// --input-shape (CompileFlags.h) fix them; both importers apply them to the
// network's inputs before anything else reads a shape.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_COMMON_INPUTSHAPES_H
#define KILN_FRONTENDS_COMMON_INPUTSHAPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

struct InputShape {
  std::string input; // the input's name, or its index ("0")
  std::vector<int64_t> dims;
};

struct InputShapes {
  /// --batch: the leading dimension of every input whose shape is not
  /// given whole; a symbolic batch without it becomes 1.
  std::optional<int64_t> batch;
  std::vector<InputShape> shapes; // --input-shape, in the order given

  /// The shape given for the input at `index` called `name`, or null.
  const InputShape *find(llvm::StringRef name, size_t index) const {
    for (const InputShape &shape : shapes)
      if (shape.input == name || shape.input == std::to_string(index))
        return &shape;
    return nullptr;
  }

  /// An error naming every --input-shape that matches none of `names` (the
  /// network's inputs, in order).
  llvm::Error checkAllMatch(llvm::ArrayRef<std::string> names) const {
    std::string unknown;
    for (const InputShape &shape : shapes) {
      bool matches = llvm::any_of(llvm::enumerate(names), [&](auto entry) {
        return shape.input == entry.value() ||
               shape.input == std::to_string(entry.index());
      });
      if (!matches)
        unknown += (unknown.empty() ? "'" : ", '") + shape.input + "'";
    }
    if (unknown.empty())
      return llvm::Error::success();
    std::string known;
    for (const std::string &name : names)
      known += (known.empty() ? "'" : ", '") + name + "'";
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--input-shape names %s, which is no input of the network (its "
        "inputs: %s, or their indices from 0)",
        unknown.c_str(), known.c_str());
  }
};

} // namespace kiln

#endif // KILN_FRONTENDS_COMMON_INPUTSHAPES_H
