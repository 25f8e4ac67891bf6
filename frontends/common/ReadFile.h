//===- ReadFile.h - the files a frontend reads ------------------*- C++ -*-===//
//
// A network, its weights and an ONNX model's external data are read whole
// into memory. Only regular files are: a path naming a device or a FIFO
// (/dev/zero, /dev/stdin) would be read until memory runs out, or forever.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_COMMON_READFILE_H
#define KILN_FRONTENDS_COMMON_READFILE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace kiln {

/// The contents of the regular file at `path`, or an error whose message
/// says why not ("no such file or directory", "not a regular file").
inline llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readRegularFile(llvm::StringRef path, bool isText = false) {
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(path, status))
    return llvm::createStringError(ec, ec.message());
  if (status.type() == llvm::sys::fs::file_type::directory_file)
    return llvm::createStringError(
        std::make_error_code(std::errc::is_a_directory), "it is a directory");
  if (status.type() != llvm::sys::fs::file_type::regular_file)
    return llvm::createStringError(
        std::make_error_code(std::errc::invalid_argument),
        "not a regular file (a device, FIFO or socket)");
  auto buffer = llvm::MemoryBuffer::getFile(path, isText,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   buffer.getError().message());
  return std::move(*buffer);
}

} // namespace kiln

#endif // KILN_FRONTENDS_COMMON_READFILE_H
