//===- Codegen.h - emit a compiled model: library, header, weights -*- C++ -*-//
//
// Turns a scheduled network into the three files users link against:
// <name>.a (the Halide pipeline and Halide's runtime), <name>.h (Kiln's C API
// for the model) and <name>.weights. Files appear whole or not at all.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_CODEGEN_H
#define KILN_COMPILER_CODEGEN_CODEGEN_H

#include "compiler/codegen/TargetList.h"
#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace kiln::codegen {

struct EmitOptions {
  std::string outputDir;
  /// One target, or several (best first, the fallback last) for one library
  /// that picks a variant on the CPU it runs on; see TargetList.h.
  std::vector<Halide::Target> targets;
  std::string sourceFile; // mentioned in the header's banner
};

/// A freshly lowered network scheduled for one target. Each variant of a
/// multi-target library needs its own: a Func's schedule is set only once.
using NetworkBuilder =
    llvm::function_ref<llvm::Expected<lowering::LoweredNetwork>(
        const Halide::Target &)>;

llvm::Error emitModel(NetworkBuilder buildNetwork, const EmitOptions &options);

/// Writes Halide's lowered statement of the pipeline (text, or HTML) to
/// `out`: the loop nests and allocations the schedule produces.
llvm::Error emitStatement(lowering::LoweredNetwork &network,
                          const Halide::Target &target, bool html,
                          llvm::raw_ostream &out);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_CODEGEN_H
