//===- Codegen.h - emit a compiled model: library, header, weights -*- C++ -*-//
//
// Turns a scheduled network into the three files users link against:
// <name>.a (the Halide pipeline and Halide's runtime), <name>.h (Kiln's C API
// for the model) and <name>.weights. Files appear whole or not at all.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_CODEGEN_H
#define KILN_COMPILER_CODEGEN_CODEGEN_H

#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/Support/Error.h"

namespace kiln::codegen {

struct EmitOptions {
  std::string outputDir;
  Halide::Target target;
  std::string sourceFile; // mentioned in the header's banner
};

/// Parses "host" or a Halide target string; the error says what is valid.
llvm::Expected<Halide::Target> parseTarget(llvm::StringRef text);

llvm::Error emitModel(lowering::LoweredNetwork &network,
                      const EmitOptions &options);

/// Writes Halide's lowered statement of the pipeline (text, or HTML) to
/// `out`: the loop nests and allocations the schedule produces.
llvm::Error emitStatement(lowering::LoweredNetwork &network,
                          const Halide::Target &target, bool html,
                          llvm::raw_ostream &out);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_CODEGEN_H
