//===- FatalErrors.h - out of memory as an ordinary error -------*- C++ -*-===//
//
// A build machine's memory limit is a normal condition: when an allocation
// fails (LLVM reports it through its bad-alloc handler, also for operator
// new) or LLVM gives up with a fatal error, kilnc and kiln-run print one
// error line naming the input, remove every output directory they had
// created (StagedOutputs::abandonAll) and exit with status 1, instead of
// LLVM's abort and stack dump.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_FATALERRORS_H
#define KILN_COMPILER_DRIVER_FATALERRORS_H

#include "llvm/ADT/StringRef.h"

namespace kiln::driver {

/// Installs the handlers for a compile of `inputFile` (copied).
void installFatalErrorHandlers(llvm::StringRef inputFile);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_FATALERRORS_H
