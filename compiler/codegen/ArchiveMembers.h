//===- ArchiveMembers.h - the objects of a static library -------*- C++ -*-===//
//
// Halide writes a multi-target library itself (compile_multitarget); to add
// an object of Kiln's (the embedded weights) its members are read back and
// the library written again, with a fresh symbol index, by Halide's
// create_static_library. Reads the GNU/System V archive format Halide
// writes for ELF targets.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_ARCHIVEMEMBERS_H
#define KILN_COMPILER_CODEGEN_ARCHIVEMEMBERS_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace kiln::codegen {

/// Writes each member of the archive at `archivePath` (but its symbol index
/// and long-name table) to "<pathPrefix><index>_<name>"; their paths, in
/// archive order.
llvm::Expected<std::vector<std::string>>
extractArchiveMembers(llvm::StringRef archivePath, llvm::StringRef pathPrefix);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_ARCHIVEMEMBERS_H
