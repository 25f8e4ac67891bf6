//===- HostTensor.h - a float32 tensor read from or written to a file -*- C++
//-*-//
//
// The in-memory form kiln-run moves between the file formats (.npy, .pb) and
// the runner: a name, a shape and dense row-major data, float32 or an
// input's uint8 pixels (held as floats: every uint8 is one exactly).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_HOSTTENSOR_H
#define KILN_TOOLS_KILN_RUN_HOSTTENSOR_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::run {

/// Closes a file written through `os` and reports a write error for `path`.
/// The error is cleared: an unchecked one would abort in the destructor.
inline llvm::Error closeWrittenFile(llvm::raw_fd_ostream &os,
                                    const llvm::Twine &path) {
  os.close();
  if (!os.has_error())
    return llvm::Error::success();
  std::error_code ec = os.error();
  os.clear_error();
  return llvm::createStringError(ec, "cannot write '" + path +
                                         "': " + ec.message());
}

/// The most elements kiln-run reads into one tensor (Kiln's own limit:
/// Halide indexes buffers with int32).
constexpr uint64_t kMaxElements = 2147483647;

/// What a tensor's values are in files and in the runner: float32, or the
/// uint8 pixels an input may take (kilnc --input-type=uint8).
enum class ElementType { Float32, UInt8 };

inline llvm::StringRef spelling(ElementType type) {
  return type == ElementType::UInt8 ? "uint8" : "float32";
}

struct HostTensor {
  std::string name; // empty when the file format has none
  llvm::SmallVector<int64_t, 4> shape;
  ElementType type = ElementType::Float32;
  std::vector<float> data; // uint8 values held exactly, as 0..255
};

/// The element count of `shape`, or nothing when a dimension is negative or
/// the count exceeds kMaxElements.
inline std::optional<uint64_t> checkedCount(llvm::ArrayRef<int64_t> shape) {
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || (dim != 0 && count > kMaxElements / uint64_t(dim)))
      return std::nullopt;
    count *= uint64_t(dim);
  }
  return count;
}

/// "1x1x28x28"; "scalar" for rank 0.
inline std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(
      llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }), "x");
}

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_HOSTTENSOR_H
