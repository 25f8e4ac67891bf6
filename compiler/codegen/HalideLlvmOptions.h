//===- HalideLlvmOptions.h - options for Halide's own LLVM ------*- C++ -*-===//
//
// Halide 14 generates code with its own LLVM (14, not the LLVM Kiln's MLIR
// side links), which takes command-line options only from the environment
// variable HL_LLVM_ARGS, read once, when Halide first initializes LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_HALIDELLVMOPTIONS_H
#define KILN_COMPILER_CODEGEN_HALIDELLVMOPTIONS_H

namespace kiln::codegen {

/// Adds the LLVM options Kiln's code wants to HL_LLVM_ARGS (after any the
/// user set there): call before Halide compiles anything in this process.
void setHalideLlvmOptions();

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_HALIDELLVMOPTIONS_H
