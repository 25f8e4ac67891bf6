//===- FuzzInput.h - a fuzzer's input as the file an importer reads -*- C++
//-*-===//
//
// The importers read files (and resolve weights and external data next to
// them), so each input is written to a file of this process's own in a
// fresh directory and imported from there: the code under test is the code
// kilnc runs. Diagnostics are swallowed; only crashes, sanitizer reports,
// hangs and leaks count.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUZZ_FUZZINPUT_H
#define KILN_FUZZ_FUZZINPUT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace kiln::fuzz {

/// Writes `data` to `<dir>/<fileName>`, the directory made once per
/// process, and returns the file's path.
inline std::string writeInput(const uint8_t *data, size_t size,
                              llvm::StringRef fileName) {
  static std::string directory = [] {
    llvm::SmallString<128> path;
    if (llvm::sys::fs::createUniqueDirectory("kiln-fuzz", path))
      std::abort();
    return path.str().str();
  }();
  llvm::SmallString<128> path(directory);
  llvm::sys::path::append(path, fileName);
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  if (ec)
    std::abort();
  out.write(reinterpret_cast<const char *>(data), size);
  return path.str().str();
}

/// A context whose diagnostics go nowhere.
class QuietContext {
public:
  QuietContext()
      : handler(&context, [](mlir::Diagnostic &) { return mlir::success(); }) {
    context.printOpOnDiagnostic(false);
  }
  mlir::MLIRContext &get() { return context; }

private:
  mlir::MLIRContext context;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace kiln::fuzz

#endif // KILN_FUZZ_FUZZINPUT_H
