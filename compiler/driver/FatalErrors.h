//===- FatalErrors.h - out of memory as an ordinary error -------*- C++ -*-===//
//
// A build machine's memory limit is a normal condition: when an allocation
// fails (LLVM reports it through its bad-alloc handler, also for operator
// new) or LLVM gives up with a fatal error, kilnc prints one error line
// naming the input, removes every output directory it had created
// (StagedOutputs::abandonAll) and exits with status 1, instead of LLVM's
// abort and stack dump. (kiln-run does not install these yet.)
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
