//===- LayerTraits.h - what schedules ask of a lowered layer ----*- C++ -*-===//
//
// Questions every CPU schedule asks (is this Func a pipeline output, is this
// layer an inlinable activation) and the small loop-nest moves they share.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_LAYERTRAITS_H
#define KILN_COMPILER_SCHEDULES_LAYERTRAITS_H

#include "compiler/lowering/LoweredNetwork.h"

namespace kiln::schedules {

/// Unary element-wise activations: cheap enough to recompute in the
/// consumer rather than store.
bool isActivation(lowering::LayerKind kind);

/// Layers whose helpers are reductions or per-channel values that every
/// output element reads: computing them inline would redo them per element.
bool hasRootHelpers(lowering::LayerKind kind);

/// Whether `func` is one of the pipeline's outputs (its storage is the
/// caller's buffer, in nn layout).
bool isOutput(const lowering::LoweredNetwork &network, const Halide::Func &f);

/// The Func holding a dense layer's sum (its update over `reduction`): the
/// layer's own, or for an nn.fused_dense with an activation helpers[0] (the
/// layer's Func is then the activation, inlined into its consumers).
Halide::Func denseSum(const lowering::LoweredLayer &layer);

/// Reorders `update` of `func` so the reduction runs outside dimension 0
/// and inside the other pure dimensions.
void reorderReduction(Halide::Stage update, const Halide::Func &func,
                      const Halide::RDom &reduction);

/// Computes a concat whole: each of its copies (update definitions) runs
/// its loops in storage order, the innermost vectorized, the outermost
/// non-batch one that is not the stacked dimension in parallel. An image
/// (rank 4) may be stored channels-innermost (NHWC), else it keeps nn order.
void scheduleConcat(const lowering::LoweredLayer &layer,
                    bool channelsInnermost, int vector);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_LAYERTRAITS_H
