//===- TiledConv.h - register-tiled convolutions ------------------*- C++ -*-===//
//
// How the tiled CPU schedule (x86-64, ARM) computes a convolution layer:
// tiles of output channels x pixels accumulated in vector registers,
// optionally inside the rows of the pool that follows it. Used by
// TiledSchedule.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_TILEDCONV_H
#define KILN_COMPILER_SCHEDULES_TILEDCONV_H

#include "compiler/lowering/LoweredNetwork.h"
#include "compiler/schedules/CacheSizes.h"

namespace kiln::schedules {

/// The register tile of a convolution: `vectors` vectors of `lanes` output
/// channels by `pixels` neighbouring output pixels of one row, and the input
/// channels summed per block of `inputBlock` around the row's tiles.
struct ConvTiling {
  int lanes;
  int vectors;
  int pixels;
  int inputBlock;
  /// The estimated cost per useful FMA, in FMAs: 1 for a tile that keeps
  /// both FMA units busy, more for one short of registers, loads or
  /// latency cover, or rounded up past the pixels it covers.
  double cost = 1.0;
  int channels() const { return lanes * vectors; }
};

/// How the tiles' pixels cover the pixels a loop walks.
enum class PixelFit {
  /// The tile's pixel count divides them: no tail (rows of an image).
  Divides,
  /// Any count: the last tile is rounded up past the end and its extra
  /// pixels are wasted (a merged-row GEMM, ConvParts::rowsMerged, or the
  /// row of a zero-padded input, which has columns to spare).
  RoundsUp,
};

/// What one output of a convolution sums: `inputChannels` inputs (per
/// group) at each of `taps` kernel positions, read with a stride of more
/// than one pixel or not.
struct ConvReduction {
  int64_t inputChannels;
  int64_t taps = 1;
  bool strided = false;
};

/// The reduction of `parts`' direct sum (or merged-row GEMM).
ConvReduction reductionOf(const lowering::ConvParts &parts);

/// The tile for a convolution with `channels` outputs over `pixels` pixels
/// (a row, or a task's merged rows) summing `reduction`, whose weights are
/// stored in blocks of `weightBlock` channels (ConvParts::weightBlock), or
/// none when the channel count has no whole-vector tile (on x86 fewer than
/// 8 or not a multiple of 8, on ARM not a multiple of 4): the caller then
/// schedules it plainly. A non-zero `vectorCount` admits only tiles of that
/// many vectors; otherwise a tile over one tap (a 1x1 or Winograd GEMM) is
/// at least one weight block wide where the channels are whole blocks.
std::optional<ConvTiling>
chooseConvTiling(int64_t channels, int64_t pixels,
                 const ConvReduction &reduction, int64_t weightBlock,
                 const Halide::Target &target, const CacheSizes &caches,
                 PixelFit fit = PixelFit::Divides, int vectorCount = 0);

/// Unrolls `block`, the input channels of one reduction block of `update`
/// (`tiling.inputBlock` of them), in steps of a few channels, or whole
/// where they are an image's few: the loop then runs a few register
/// tiles' FMAs per trip.
void unrollInputChannels(Halide::Stage update, Halide::RVar block,
                         const ConvTiling &tiling);

/// The loop that steps through a block's input channels once
/// unrollInputChannels has unrolled them, named from `blockLoop`, the
/// block's own loop: that loop, or the one over its unrolled steps within.
std::string inputStepLoop(const std::string &blockLoop,
                          const ConvTiling &tiling);

/// The output pixels one task of an unpooled convolution of NCHW output
/// `shape` computes: whole rows (scheduleConvTiles).
int64_t pixelsPerTask(const lowering::Shape &shape);

/// Whether `candidate`'s estimated cost is at least 10% below `current`'s:
/// enough to prefer a less local loop nest for its tiles.
bool clearlyCheaper(const ConvTiling &candidate, const ConvTiling &current);

/// Whether an unpooled, ungrouped convolution of NCHW output `output` and
/// OIHW weights `weight`, stored in blocks of `weightBlock` channels, has
/// register tiles at least 10% cheaper over a task's pixels merged across
/// rows than within one row (at best rounded up past the row's end):
/// AVX2's 2x6 tiles on 7- and 14-wide rows, not AVX-512's 4x7.
/// LoweringOptions::mergesKernelRows.
bool mergedRowsGain(const lowering::Shape &output,
                    const lowering::Shape &weight, int64_t weightBlock,
                    const Halide::Target &target, const CacheSizes &caches);

/// The widest block of output channels convolution weights should be
/// stored in for `target` (LoweringOptions::convWeightBlock): the channel
/// tile of a large 1x1 layer (ResNet's 256 channels over 56x56), so that a
/// tile reads its weights contiguously. AVX-512's 4x7 tiles: 64 channels;
/// AVX2's 2x6 and AArch64's 4x6: 16. GPU targets: the widest.
int64_t weightBlockFor(const Halide::Target &target);

/// The block of output channels an ungrouped convolution summed row by
/// row (LoweringOptions::rowConvWeightBlock), of NCHW output `output` and
/// OIHW weights `weight`, stores its weights in on `target`: its register
/// tile's width where that is narrower than `weightBlock`, else
/// `weightBlock`.
int64_t rowTileWeightBlock(const lowering::Shape &output,
                           const lowering::Shape &weight, bool strided,
                           bool padded, int64_t weightBlock,
                           const Halide::Target &target,
                           const CacheSizes &caches);

/// Whether tasks that each read one stored block of `weightBlock` channels'
/// weights in tiles of `tiling`, the next task the next block, prefetch the
/// next one (lowering::WeightStream): where the tile is the whole block.
/// Direct convolutions stream only where a reduction step also reads
/// several cache lines of it (TiledConv.cpp, streamWeightsByTask).
bool streamsWeightBlocks(const ConvTiling &tiling, int64_t weightBlock);

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
