//===- CpuLoops.h - loop-nest moves the CPU schedules share -----*- C++ -*-===//
//
// The baseline and the tiled CPU schedules compute many layers the same
// way: whole, the innermost dimension vectorized, the outermost non-batch
// one parallel, a reduction outside the vector. Those moves live here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_CPULOOPS_H
#define KILN_COMPILER_SCHEDULES_CPULOOPS_H

#include "compiler/lowering/LoweredNetwork.h"

namespace kiln::schedules {

/// Computes `func` (of nn shape `shape`) whole: dimension 0 vectorized when
/// it is at least a vector wide, the outermost non-batch dimension in
/// parallel; its update, if it reduces over `reduction`, with the reduction
/// outside the vector and its tail guarded (rounding up would read past the
/// fixed-size weights and inputs).
void scheduleWhole(Halide::Func func, const lowering::Shape &shape,
                   const std::optional<Halide::RDom> &reduction,
                   int vectorWidth);

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

#endif // KILN_COMPILER_SCHEDULES_CPULOOPS_H
