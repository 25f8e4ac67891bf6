//===- NpyFile.h - NumPy .npy files of float32 ----------------*- C++ -*-===//
//
// kiln-run's inputs and outputs as NumPy writes them with np.save: the
// "\x93NUMPY" magic, a version, a Python-dict header naming dtype, order and
// shape, then the raw data. Only little-endian float32 in C order is read, as
// that is what a Kiln model computes in; anything else is refused with a
// message that says how to convert, never guessed at.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_NPYFILE_H
#define KILN_TOOLS_KILN_RUN_NPYFILE_H

#include "HostTensor.h"

#include "llvm/Support/Error.h"

namespace kiln::run {

/// Reads a version 1.0, 2.0 or 3.0 .npy file holding a '<f4' C-order array.
llvm::Expected<HostTensor> readNpyFile(llvm::StringRef path);

/// Parses the bytes of a .npy file; `path` only names it in errors.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes,
                                    llvm::StringRef path);

/// Writes `tensor` as a version 1.0 .npy file (what np.save writes).
llvm::Error writeNpyFile(llvm::StringRef path, const HostTensor &tensor);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_NPYFILE_H
