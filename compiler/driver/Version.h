//===- Version.h - what --version prints -------------------------*- C++
//-*-===//
//
// Kiln's tools print Kiln's own version (the CMake project's) and the
// LLVM/MLIR and Halide they were built with, not LLVM's banner.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_VERSION_H
#define KILN_COMPILER_DRIVER_VERSION_H

#include "llvm/ADT/StringRef.h"

namespace kiln::driver {

/// Kiln's version, "MAJOR.MINOR.PATCH".
llvm::StringRef kilnVersion();

/// Makes --version of the tool `tool` (a static string) print Kiln's
/// version; call before parsing the command line.
void setVersionPrinter(const char *tool);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_VERSION_H
