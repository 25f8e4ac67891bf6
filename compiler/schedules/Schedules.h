//===- Schedules.h - how a lowered network is computed ----------*- C++ -*-===//
//
// Schedules decide tiling, vectorization, parallelism and where each Func is
// computed, per target family, without touching the algorithm.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_SCHEDULES_H
#define KILN_COMPILER_SCHEDULES_SCHEDULES_H

#include "compiler/lowering/LoweredNetwork.h"
#include "compiler/schedules/CacheSizes.h"
#include "compiler/schedules/GpuLoops.h"

namespace kiln::schedules {

/// The baseline CPU schedule (any CPU target without a schedule of its
/// own): every layer computed whole, vectorized along the width and
/// parallel over channels.
void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target);

/// A convolution fused with a pool, the baseline way: the pool computed
/// whole, vectorized along the width, and the convolution a row at a time
/// inside it. Also the tiled schedule's fallback for channel counts
/// without a vector tile.
void scheduleConvInPoolRows(lowering::LoweredLayer &layer, int vectorWidth);

/// The tiled CPU schedule for x86-64 and ARM (TiledSchedule.cpp):
/// channels-innermost activations, register-tiled convolutions computed
/// inside their pools' rows, register tiles sized for the target, blocks
/// of weights for the L1 data cache in `caches`.
void scheduleTiledCpu(lowering::LoweredNetwork &network,
                      const Halide::Target &target, const CacheSizes &caches);

/// The GPU schedule (GpuSchedule.cpp) for targets with a GPU feature
/// (host-cuda): fused convolution kernels tiled through shared memory,
/// split dense reductions, a thread per element elsewhere.
void scheduleGpu(lowering::LoweredNetwork &network,
                 GpuLoopPlacement placement = GpuLoopPlacement::Gpu);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_SCHEDULES_H
