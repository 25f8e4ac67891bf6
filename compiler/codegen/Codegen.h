//===- Codegen.h - emit a compiled model: library, header, weights -*- C++ -*-//
//
// Turns a scheduled network into the three files users link against:
// <name>.a (the Halide pipeline and Halide's runtime), <name>.h (Kiln's C API
// for the model) and <name>.weights. Files appear whole or not at all.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_CODEGEN_H
#define KILN_COMPILER_CODEGEN_CODEGEN_H

#include "compiler/codegen/StagedOutputs.h"
#include "compiler/codegen/TargetList.h"
#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/Support/Error.h"

#include <functional>

namespace kiln::codegen {

struct EmitOptions {
  std::string outputDir;
  std::string sourceFile; // mentioned in the header's banner
  /// Put the weights in the library (WeightsObject.h) instead of a
  /// .weights file next to it.
  bool embedWeights = false;
  /// Stages more files next to the network's (an augmentation in the same
  /// JSON file), committed with them or not at all; may be empty.
  std::function<llvm::Error(StagedOutputs &)> stageMore;
  /// Told when a stage starts ("compile", "write") and, from any thread,
  /// when `done` of `total` functions (the pipeline and its parts, of every
  /// variant) are compiled; may be empty.
  std::function<void(llvm::StringRef stage)> onStage;
  std::function<void(size_t done, size_t total)> onCompiled;
};

/// A network lowered and scheduled for one target. A library holds one
/// variant, or several (best first, the fallback last) and picks one on the
/// CPU it runs on; see TargetList.h.
struct ScheduledVariant {
  Halide::Target target;
  lowering::LoweredNetwork network;
};

/// Writes <name>.a, <name>.h and <name>.weights for `variants` (at least
/// one) into options.outputDir, all or none of them.
llvm::Error emitModel(std::vector<ScheduledVariant> &variants,
                      const EmitOptions &options);

/// Writes only <name>.weights for `network` into options.outputDir: the
/// weights of a retrained network for a library compiled with the same
/// flags (the layout fingerprint ties them).
llvm::Error emitWeights(const lowering::LoweredNetwork &network,
                        const EmitOptions &options);

/// Writes Halide's lowered statement of the pipeline (text, or HTML) to
/// `out`: the loop nests and allocations the schedule produces.
llvm::Error emitStatement(lowering::LoweredNetwork &network,
                          const Halide::Target &target, bool html,
                          llvm::raw_ostream &out);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_CODEGEN_H
