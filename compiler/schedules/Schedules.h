//===- Schedules.h - how a lowered network is computed ----------*- C++ -*-===//
//
// Schedules decide tiling, vectorization, parallelism and where each Func is
// computed, per target family, without touching the algorithm.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_SCHEDULES_H
#define KILN_COMPILER_SCHEDULES_SCHEDULES_H

#include "compiler/lowering/LoweredNetwork.h"

namespace kiln::schedules {

/// The baseline CPU schedule (x86-64, and any CPU target until it has its
/// own): every layer computed whole, vectorized along the width and
/// parallel over channels.
void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_SCHEDULES_H
