//===- TiledConv.h - register-tiled convolutions ----------------*- C++ -*-===//
//
// How the tiled CPU schedule (x86-64, ARM) computes a convolution layer:
// tiles of output channels x pixels (ConvTiling.h) accumulated in vector
// registers, the layer computed whole (TiledConv.cpp) or in bands of rows
// inside the pool that follows it, or of a depthwise layer
// (ConvBands.cpp). Used by TiledSchedule.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_TILEDCONV_H
#define KILN_COMPILER_SCHEDULES_TILEDCONV_H

#include "compiler/schedules/ConvTiling.h"

namespace kiln::schedules {

/// The output pixels one task of an unpooled convolution of NCHW output
/// `shape` computes: whole rows (scheduleConvTiles).
int64_t pixelsPerTask(const lowering::Shape &shape);

/// Whether an unpooled, ungrouped convolution of NCHW output `output` and
/// OIHW weights `weight`, stored in blocks of `weightBlock` channels, has
/// register tiles at least 10% cheaper over a task's pixels merged across
/// rows than within one row (at best rounded up past the row's end):
/// AVX2's 2x6 tiles on 7- and 14-wide rows, not AVX-512's 4x7.
/// LoweringOptions::mergesKernelRows.
bool mergedRowsGain(const lowering::Shape &output,
                    const lowering::Shape &weight, int64_t weightBlock,
                    const Halide::Target &target, const CacheSizes &caches);

/// A convolution computed inside another layer's tasks, in register tiles
/// of `tiling`, a whole channel tile of that layer wide: a 1x1 layer that
/// alone feeds a depthwise one (LoweredLayer::computedInDepthwise), or the
/// other operand of a residual add (LoweredLayer::residualPartner).
struct ConvInTasks {
  lowering::LoweredLayer *layer;
  ConvTiling tiling;
  /// For a depthwise layer's producer: computed for the task's whole band
  /// of rows at once, its pixels one run of tiles, rather than a row at a
  /// time as the band's rows need them.
  bool wholeBand = false;
};

/// Schedules an unpooled convolution layer: `out` (the layer's `func`, or
/// a residual add reading it) computed whole, in parallel tasks of a band
/// of rows of one channel tile (or, for a merged-row GEMM with enough
/// bands for `parallelTasks` and weights that fit in half of `caches`'
/// L2, of every channel tile in turn), each row's
/// sum accumulated tile by tile in registers. A merged-row GEMM is tiled
/// over the band's pixels as one run (PixelFit::RoundsUp), or stored tile
/// by tile where each tile sums all its input channels at once. Given
/// `partner`, the add's other operand, its sum is accumulated in the same
/// tasks, and `out` reads it from there.
void scheduleConvTiles(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                       Halide::Func out, const ConvInTasks *partner,
                       int parallelTasks, const Halide::Target &target,
                       const CacheSizes &caches);

/// Schedules a convolution fused with its pool: the pool computed whole,
/// the activated convolution a few rows at a time inside the pool's row
/// loop, so the convolution's full output is never allocated.
void schedulePooledConvTiles(lowering::LoweredLayer &layer,
                             const ConvTiling &tiling, int parallelTasks);

/// The input rows each band reads (at most the input's) of those that
/// scheduleDepthwiseBands splits a depthwise layer of `parts`, tiled by
/// `tiling`, into for `parallelTasks`.
int64_t depthwiseBandInputRows(const lowering::ConvParts &parts,
                               const ConvTiling &tiling, int parallelTasks);

/// Schedules a zero-padded depthwise convolution: `out` (the layer's
/// `func`, or a residual add reading it) computed whole in tasks of a band
/// of rows of one channel tile, one output row at a time. The padded
/// input's rows, and those of `producer` where given, slide along the band:
/// each is copied (or computed) once per band, and neither is stored whole;
/// a producer computed for its whole band (ConvInTasks::wholeBand) is
/// stored for the band.
void scheduleDepthwiseBands(lowering::LoweredLayer &layer,
                            const ConvTiling &tiling,
                            const ConvInTasks *producer, int parallelTasks,
                            Halide::Func out);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_TILEDCONV_H
