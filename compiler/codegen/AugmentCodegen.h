//===- AugmentCodegen.h - emit a compiled augmentation ----------*- C++ -*-===//
//
// An augmentation block becomes <name>.a (its Halide pipeline and Halide's
// runtime) and <name>.h (kiln_augment_info and the inline wrappers
// <name>_augment_apply and <name>_augment); no weights. Files appear whole
// or not at all (StagedOutputs.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_AUGMENTCODEGEN_H
#define KILN_COMPILER_CODEGEN_AUGMENTCODEGEN_H

#include "compiler/codegen/StagedOutputs.h"
#include "frontends/common/AugmentSpec.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <Halide.h>

namespace kiln::codegen {

/// What computes the augmentation: the target's CPU, its GPU (targets with
/// a GPU feature), or the GPU schedule's tiling as CPU loops (a CPU target,
/// --schedule=gpu-on-cpu: how the GPU schedule is checked without a GPU).
struct AugmentTarget {
  Halide::Target target;
  bool gpuScheduleOnCpu = false;
};

/// Writes <name>.a and <name>.h for `spec` into `outputDir`.
llvm::Error emitAugmentLibrary(const AugmentSpec &spec,
                               const AugmentTarget &target,
                               const std::string &outputDir,
                               llvm::StringRef sourceFile);

/// Stages <name>.a and <name>.h for `spec` into `outputs` (next to a
/// network's files, which commit together).
llvm::Error stageAugmentLibrary(const AugmentSpec &spec,
                                const AugmentTarget &target,
                                StagedOutputs &outputs,
                                llvm::StringRef sourceFile);

/// Writes Halide's lowered statement (text, or HTML) of the pipeline.
llvm::Error emitAugmentStatement(const AugmentSpec &spec,
                                 const AugmentTarget &target, bool html,
                                 llvm::raw_ostream &out);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_AUGMENTCODEGEN_H
