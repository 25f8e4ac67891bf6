//===- TileLoops.h - the loops around register tiles ----------*- C++ -*-===//
//
// The building blocks TiledConv.cpp and ConvBands.cpp schedule a
// convolution's sum from: rows (or a merged-row GEMM's pixels) walked in
// register tiles, blocks of input channels around them, and tasks of one
// channel tile and one band of rows. Internal to the tiled schedule.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_TILELOOPS_H
#define KILN_COMPILER_SCHEDULES_TILELOOPS_H

#include "compiler/schedules/ConvTiling.h"

namespace kiln::schedules {

// The loops a convolution's sum runs in around its register tiles: blocks
// of input channels, one block's channels, and the tiles along a row (or
// a merged-row GEMM's pixels). weightStepLoops (TiledConv.cpp) names them.
constexpr const char *kInputBlocks = "ci_blocks", *kInputBlock = "ci_block",
                     *kPixelTiles = "xo";

/// How `layer`'s tiles end a run of `pixels` pixels (0 where that varies):
/// cut to the pixels left where that saves enough, else rounded up.
Halide::TailStrategy lastTile(const lowering::LoweredLayer &layer,
                              const ConvTiling &tiling, int64_t pixels);

/// How accumulateRows walks the kernel's taps: inside each block of input
/// channels (the block's weights for every tap stay in L1 while the rows
/// read them), or outside the blocks (one tap's block at a time).
enum class TapOrder { InsideBlocks, OutsideBlocks };

/// Computes the layer's sum (of one channel tile) a few whole rows at a
/// time, at `rowLoop`, in register tiles of `tiling` inside blocks of input
/// channels; given the row's `width`, a tile that does not divide it is cut
/// to the pixels left where that saves enough (lastTile).
void accumulateRows(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                    Halide::LoopLevel rowLoop, int64_t width = 0,
                    TapOrder taps = TapOrder::InsideBlocks);

/// Computes `layer`'s sum one register tile at a time inside `activated`'s
/// loop over tiles of each row, where a tile sums all of its few input
/// channels (kFewInputChannels) in one unrolled block.
void accumulateRowTiles(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                        Halide::Func activated);

/// `layer`'s merged-row GEMM (ConvParts::rowsMerged) computed at `loop`,
/// channels innermost, vectorized and unrolled; its update is the caller's.
Halide::Func gemmAt(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                    Halide::LoopLevel loop);

/// The merged-row GEMM of a task's band of rows (`pixels` of them, or 0
/// where that varies), computed at `taskLoop`: its pixels in register tiles
/// as one run, around them blocks of input channels.
void accumulateMergedRows(lowering::LoweredLayer &layer,
                          const ConvTiling &tiling, Halide::LoopLevel taskLoop,
                          int64_t pixels = 0);

/// The order of an unpooled convolution's tasks of one channel tile and one
/// band of rows: consecutive tasks share the tile's weights, or the band's
/// input.
enum class TaskOrder { BandsInner, TilesInner };

/// Splits `f`'s channels into tiles (vectorized, innermost) and runs its
/// tasks of one channel tile and one band (`row`) in `order`, in parallel;
/// returns the tasks' loop.
Halide::Var tileChannelsByRow(Halide::Func f, const ConvTiling &tiling,
                              Halide::Var row,
                              TaskOrder order = TaskOrder::BandsInner);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_TILELOOPS_H
