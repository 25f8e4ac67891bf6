//===- TargetList.h - what --target names: one target or a list -*- C++ -*-===//
//
// `--target` names one Halide target, or a comma-separated list of targets
// compiled into one library that picks, at run time, the first entry whose
// CPU features the machine has (Halide's multitarget wrapper). Entries go
// from most to least capable; the last is the fallback, run unchecked when no
// other entry fits, so it must run on every machine the library is meant for.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_TARGETLIST_H
#define KILN_COMPILER_CODEGEN_TARGETLIST_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <Halide.h>

#include <vector>

namespace kiln::codegen {

/// Parses "host" or a Halide target string; the error says what is valid.
llvm::Expected<Halide::Target> parseTarget(llvm::StringRef text);

/// Parses one target or a comma-separated list of them and checks that one
/// library can hold the list: every entry shares the fallback's arch, bits
/// and OS, and no entry is hidden behind an earlier one that needs no more
/// CPU features. Errors name the offending entry.
llvm::Expected<std::vector<Halide::Target>>
parseTargetList(llvm::StringRef text);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_TARGETLIST_H
