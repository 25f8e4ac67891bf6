//===- ConvTiling.h - register tiles and blocks ----------------*- C++ -*-===//
//
// How many output channels and pixels a convolution's register tile holds,
// how many input channels it sums per block, and the blocks its weights
// are stored in: from the target's vector registers and the machine's
// caches, by a small cost model. Used by TiledConv.h, WinogradConv.h and
// the driver (the weights' layout).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_CONVTILING_H
#define KILN_COMPILER_SCHEDULES_CONVTILING_H

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

/// The input channels a tile of `channels` outputs sums per reduction
/// block (ConvTiling::inputBlock), whose weights must stay in an L1 of
/// `l1Data` bytes while the row's tiles read them.
int inputChannelBlock(const ConvReduction &reduction, int channels,
                      int64_t l1Data);

/// An image's channels (RGB, RGBA): a first layer sums all of them in one
/// block, whatever its weights' size, with the block unrolled, so that the
/// innermost loop (along the kernel's row) does that many times the FMAs of
/// one tile between the accumulators' spills and reloads around it. Blocks
/// of one channel reloaded the accumulators three times as often: ResNet's
/// 7x7 first layer (with its pool) took 0.7x the time on one core of an
/// AVX-512 Xeon, ResNet-18 and GoogLeNet 0.97x.
constexpr int kFewInputChannels = 4;

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

/// Whether `candidate`'s estimated cost is at least 10% below `current`'s:
/// enough to prefer a less local loop nest for its tiles.
bool clearlyCheaper(const ConvTiling &candidate, const ConvTiling &current);

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
/// several cache lines of it, or where the blocks come from memory and
/// stay in L2 with the task's input (TiledConv.cpp, streamWeightsByTask).
bool streamsWeightBlocks(const ConvTiling &tiling, int64_t weightBlock);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_CONVTILING_H
