//===- TiledConv.cpp - register-tiled convolutions ------------------------===//
//
// A direct convolution over channels-innermost activations and weights
// blocked by output channel (WeightLayout.h; set up by the lowering and
// TiledSchedule.cpp). Each tile is `vectors` vectors of output channels by
// `pixels` pixels of one output row; its sums stay in registers through a
// block of input channels: per step, `vectors` weight loads and `pixels`
// input broadcasts feed vectors x pixels FMAs.
// Input channels are the innermost reduction, so both walk memory
// contiguously.
// 1x1 convolutions are a GEMM over pixels merged across rows
// (ConvParts::rowsMerged), so their tiles may span rows, and so are larger
// kernels whose rows the target's tiles fit badly (mergedRowsGain);
// depthwise ones read input vectors instead of broadcasts.
//
// Tile sizes come from a small cost model (tileCost) over the target's
// register file (accumulatorRegisters): up to 27 of the 32 zmm registers
// as accumulators on AVX-512, 12 of the 16 on AVX2 (as in Halide's
// apps/conv_layer); with NEON's 4-lane vectors, 24 of AArch64's 32 and 12
// of ARMv7's 16 q registers. The pixel count divides the row width (7, 14,
// 28, 56, ... in the classic CNNs) or, where the input is padded or the
// rows merged, is rounded up past the end at the cost of the pixels wasted
// (PixelFit). Tuned first on a 2-core AVX-512 Xeon (2026-11;
// measured peak 171 GFLOP/s per core): VGG-16's early layers run at
// 145-160 GFLOP/s on one core, its 512-channel layers at 60-90 (140-160
// once the weights were blocked, WeightLayout.h); then on a 2-core Zen 3
// (AVX2, 2026-12), where the register count and the rounded-up tiles
// matter most (docs/schedules.md). The ARM
// parameters are NEON's register file, not tuned on hardware: this team's
// ARM builds run only under qemu-user, which says nothing about speed.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/TiledConv.h"

#include <cmath>

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

// The loops a convolution's sum runs in around its register tiles: blocks
// of input channels, one block's channels, and the tiles along a row (or
// a merged-row GEMM's pixels). weightStepLoops names them.
constexpr const char *kInputBlocks = "ci_blocks", *kInputBlock = "ci_block",
                     *kPixelTiles = "xo";
// The loop over a block's channels a few at a time (unrollInputChannels).
constexpr const char *kInputSteps = "ci_steps";

// Whether an x86 target has AVX-512 (and so 32 vector registers): any of
// Halide's AVX-512 features, since a target string may name only one
// (x86-64-linux-avx512_skylake has no plain `avx512`).
static bool hasAvx512(const Halide::Target &target) {
  using T = Halide::Target;
  return target.arch == T::X86 &&
         target.features_any_of({T::AVX512, T::AVX512_KNL, T::AVX512_Skylake,
                                 T::AVX512_Cannonlake,
                                 T::AVX512_SapphireRapids});
}

// The vector registers: 32 on AVX-512 and AArch64 NEON, 16 on AVX2 and
// ARMv7 NEON.
static int vectorRegisters(const Halide::Target &target) {
  bool thirtyTwo = target.arch == Halide::Target::ARM ? target.bits == 64
                                                      : hasAvx512(target);
  return thirtyTwo ? 32 : 16;
}

// The widest register tile, in vectors of output channels.
constexpr int kWidestTileVectors = 4;

// Those a tile may keep sums in, leaving room for the widest tile's four
// weight vectors and a broadcast: 12 of 16 (AVX2, ARMv7), 24 of 32
// (AArch64), 27 of 32 on AVX-512. LLVM keeps a broadcast that several FMAs
// read in a register (no {1to16} in Kiln's libraries), so AVX-512's 4x7
// tiles (28 sums) spilled: two sums loaded, added to and stored back at
// every input channel, and over 200 stack stores in each of ResNet-50's
// stride-2 3x3 layers. Leaving the broadcast a register, on one core of a
// Zen 5: those layers took 0.73-0.89x the time; ResNet-50's 1x1 layers
// and Winograd GEMMs (with tiles spanning the weight block,
// fewestVectors) 0.84-0.98x, the model 0.94x.
static int accumulatorRegisters(const Halide::Target &target) {
  return hasAvx512(target) ? vectorRegisters(target) - kWidestTileVectors - 1
                           : vectorRegisters(target) * 3 / 4;
}

// The fewest vectors of a tile for a reduction over one tap (a 1x1 GEMM
// or a Winograd one): a whole stored weight block's (where the channels
// are whole blocks), so that the tile reads each block's rows whole, which
// the weight stream prefetches (streamsWeightBlocks), and reads its input
// once per block of channels. Once AVX-512's tiles kept 27 sums, the cost
// model preferred 2x7 tiles (32 of a block's 64 channels) on 7-wide rows
// and on merged-row GEMMs of 49 and 98 pixels: on one core of a Zen 5,
// ResNet-50's layer4 1x1 layers took 1.2x the time and its 28x28 Winograd
// GEMMs 1.2-1.28x; with 4x3-4x5 tiles instead, 0.89-1.0x. (On an AVX-512
// Xeon, 4x7 tiles instead of 2x7 on ResNet's 7-wide rows had taken
// ResNet-18 0.92x the time.) AVX2's blocks are its 2-vector tiles already;
// AArch64's 16-channel blocks make its 1x1 tiles 4 vectors wide, not 2
// (not measured: ARM runs only under qemu here).
static int fewestVectors(int64_t channels, int lanes,
                         const ConvReduction &reduction, int64_t weightBlock) {
  int64_t blockVectors = (weightBlock + lanes - 1) / lanes;
  if (reduction.taps != 1 || channels % weightBlock != 0 ||
      blockVectors > kWidestTileVectors)
    return 1;
  return static_cast<int>(blockVectors);
}

// The estimated cost of a tile, per FMA, in units of one FMA: the loads
// beyond the two per cycle that keep pace with the two FMA units, and the
// FMA latency left uncovered by too few independent accumulators (4 cycles
// x 2 units: at least 8, 12 to be safe). When the sums, the weight vectors
// and a broadcast do not all fit in registers, the FMAs read the weights
// from memory, once per pixel: AVX2's 4x3 tile needs 17 of 16.
static double tileCost(int vectors, int pixels, const Halide::Target &target) {
  int fmas = vectors * pixels;
  int needed = fmas + vectors + 1;
  int loads =
      needed <= vectorRegisters(target) ? vectors + pixels : fmas + pixels;
  double loadsPerFma = static_cast<double>(loads) / fmas;
  double latency = std::max(1.0, 12.0 / fmas);
  return std::max(1.0, loadsPerFma) * latency;
}

// An image's channels (RGB, RGBA): a first layer sums all of them in one
// block, whatever its weights' size, with the block unrolled, so that the
// innermost loop (along the kernel's row) does that many times the FMAs of
// one tile between the accumulators' spills and reloads around it. Blocks of
// one channel reloaded the accumulators three times as often: ResNet's 7x7
// first layer (with its pool) took 0.7x the time on one core of an AVX-512
// Xeon, ResNet-18 and GoogLeNet 0.97x.
constexpr int kFewInputChannels = 4;

// The input channels per reduction block: the largest power of two (or all
// of them) dividing the count whose weights for one channel tile fill at
// most three quarters of L1 (the rest holds the inputs the tiles read),
// while every pixel tile of the row reads them. Small blocks cost an
// accumulator reload per block, and cut the long runs along each pixel's
// channels that the prefetchers follow: counting the weights' footprint
// as their stored 64-channel blocks' (the sets a narrow tile's lines fall
// in) made the blocks smaller and 512->2048 1x1 convolutions 15-20%
// slower on AVX2 (Zen 3).
// A strided kernel's tile reads twice as many input pixels per tap row
// (13 for AVX2's 6 pixels at stride 2, against 8), each a run of the
// block's channels, and runs of 32 channels (128 bytes) were too short:
// with weights of up to one and a half L1s, ResNet-50's stride-2 3x3
// layers (64 channels a block, not 32) took 0.87-0.92x the time on one
// core of a Zen 3 and ResNet-18's 0.93-0.98x (perf samples against
// drift), while AlexNet's stride-1 5x5 layer took about 1.03x, so stride-1
// kernels keep the smaller budget.
static int inputBlock(const ConvReduction &reduction, int channels,
                      int64_t l1Data) {
  int64_t inputChannels = reduction.inputChannels;
  if (inputChannels <= kFewInputChannels)
    return static_cast<int>(inputChannels);
  int64_t budget =
      reduction.strided && reduction.taps > 1 ? l1Data * 3 / 2 : l1Data * 3 / 4;
  auto bytes = [&](int64_t block) {
    return reduction.taps * block * channels * 4;
  };
  if (bytes(inputChannels) <= budget)
    return static_cast<int>(inputChannels);
  int block = 1;
  for (int candidate = 2; candidate <= inputChannels; candidate *= 2)
    if (inputChannels % candidate == 0 && bytes(candidate) <= budget)
      block = candidate;
  return block;
}

ConvReduction reductionOf(const lowering::ConvParts &parts) {
  return {parts.weightShape[1], parts.weightShape[2] * parts.weightShape[3],
          parts.stride[0] > 1 || parts.stride[1] > 1};
}

std::optional<ConvTiling> chooseConvTiling(int64_t channels, int64_t pixels,
                                           const ConvReduction &reduction,
                                           int64_t weightBlock,
                                           const Halide::Target &target,
                                           const CacheSizes &caches,
                                           PixelFit fit, int vectorCount) {
  int vector = target.natural_vector_size<float>();
  int accumulators = accumulatorRegisters(target);
  int lanes = channels % vector == 0 ? vector : 8;
  if (lanes > vector || channels % lanes != 0)
    return std::nullopt;
  // Left to choose, a tile over one tap is at least a weight block wide.
  int narrowest =
      vectorCount ? 1 : fewestVectors(channels, lanes, reduction, weightBlock);
  std::optional<ConvTiling> best;
  double bestCost = 0;
  for (int vectors = kWidestTileVectors; vectors >= 1; --vectors) {
    // A tile reads whole blocks of the repacked weights, or part of one.
    if ((vectorCount && vectors != vectorCount) || vectors < narrowest ||
        channels % (vectors * lanes) != 0 ||
        !lowering::nestsWithBlock(vectors * lanes, weightBlock))
      continue;
    for (int tile = accumulators / vectors; tile >= 1; --tile) {
      if (fit == PixelFit::Divides && pixels % tile != 0)
        continue;
      // Pixels computed per pixel wanted, with the last tile rounded up.
      double waste = static_cast<double>((pixels + tile - 1) / tile * tile) /
                     static_cast<double>(pixels);
      double cost = tileCost(vectors, tile, target) * waste;
      if (!best || cost < bestCost - 1e-9) {
        best = ConvTiling{lanes, vectors, tile, 0, cost};
        bestCost = cost;
      }
    }
  }
  if (!best)
    return std::nullopt;
  best->inputBlock = inputBlock(reduction, best->channels(), caches.l1Data);
  return best;
}

// The input channels unrolled together in a reduction block's loop. One
// AVX2 tile's step (2x6: 12 FMAs) per trip left loop overhead that 4 steps
// amortize: on one core of a Zen 3, AlexNet's 5x5 layer took 0.87x the
// time, ResNet-50's 1x1 layers 0.80-0.95x and its Winograd GEMMs
// 0.83-0.94x, the 1x1 expansions computed in MobileNetV2's depthwise rows
// 0.62-0.85x (one, 576 channels into a stride-2 depthwise, 1.2x); 8 steps
// were no faster than 4.
constexpr int kUnrolledInputChannels = 4;

// Whether a block of `tiling`'s input channels is walked in unrolled steps
// (else unrolled whole, or one channel at a time).
static bool stepsThroughInputs(const ConvTiling &tiling) {
  return tiling.inputBlock > kFewInputChannels &&
         tiling.inputBlock % kUnrolledInputChannels == 0;
}

void unrollInputChannels(Halide::Stage update, Halide::RVar block,
                         const ConvTiling &tiling) {
  if (tiling.inputBlock <= kFewInputChannels) {
    update.unroll(block);
  } else if (stepsThroughInputs(tiling)) {
    Halide::RVar steps(kInputSteps), unrolled("ci_unrolled");
    update.split(block, steps, unrolled, kUnrolledInputChannels)
        .unroll(unrolled);
  }
}

std::string inputStepLoop(const std::string &blockLoop,
                          const ConvTiling &tiling) {
  return stepsThroughInputs(tiling) ? blockLoop + "." + kInputSteps : blockLoop;
}

// Whether a run of `pixels` pixels (a merged-row GEMM's band, or a row)
// should end in a tile of just the pixels left over (Halide peels it off
// the tiles' loop) rather than a whole tile rounded up past the end: where
// that saves at least 1.5% of the run's cycles, a tile of s sums taking
// max(s / 2, 4) cycles a reduction step (two FMA units, 4 cycles of
// latency). AVX2's 2x6 tiles on bands of 56 pixels (9 tiles and 2 pixels)
// save 3.3%: ResNet-50's AVX2 library on one core of a Zen 5 took
// 0.97-0.98x the time in its 1x1 layers (alternating perf samples, two
// copies of each binary). AVX-512's 4x3 tiles on 98 pixels would save 1%:
// its layer3 1x1 layers took 1.01-1.03x the time with the tail peeled.
static bool peelsTailTile(const ConvTiling &tiling, int64_t pixels) {
  int64_t tiles = pixels / tiling.pixels, left = pixels % tiling.pixels;
  if (left == 0)
    return false;
  // A step of a tile of `tilePixels`: one half-cycle per sum, 8 at least.
  auto halfCycles = [&](int64_t tilePixels) {
    return std::max<int64_t>(tiling.vectors * tilePixels, 8);
  };
  // (whole tile - tail) / all the rounded-up tiles >= 1.5%.
  return (halfCycles(tiling.pixels) - halfCycles(left)) * 1000 >=
         15 * (tiles + 1) * halfCycles(tiling.pixels);
}

// How `layer`'s tiles end a run of `pixels` (0 where that varies): cut to
// the pixels left where peelsTailTile says so, else rounded up. A layer
// whose weights stream keeps the last tile whole: the peeled tile's own
// reduction loop, outside the tiles' loop, would take all of a step's
// prefetches at once.
static TailStrategy lastTile(const lowering::LoweredLayer &layer,
                             const ConvTiling &tiling, int64_t pixels) {
  return pixels > 0 && !layer.conv->weightStream &&
                 peelsTailTile(tiling, pixels)
             ? TailStrategy::GuardWithIf
             : TailStrategy::RoundUp;
}

// How accumulateRows walks the kernel's taps: inside each block of input
// channels (the block's weights for every tap stay in L1 while the rows
// read them), or outside the blocks (one tap's block at a time).
enum class TapOrder { InsideBlocks, OutsideBlocks };

// Computes the layer's sum (of one channel tile) a few whole rows at a time,
// at `rowLoop`. The rows are walked in register tiles, all unrolled,
// channels vectorized; around them, the input channels in blocks whose
// weights stay in L1 while every tile of the rows reads them, the taps
// in `taps` order. A tile that
// does not divide the row (PixelFit::RoundsUp, padded inputs only) rounds
// the last one up, its extra pixels reading a few more columns of the zero
// padding into sums nothing reads, or, given the row's `width`, cuts it to
// the pixels left where that saves enough (lastTile).
static void accumulateRows(lowering::LoweredLayer &layer,
                           const ConvTiling &tiling, Halide::LoopLevel rowLoop,
                           int64_t width = 0,
                           TapOrder taps = TapOrder::InsideBlocks) {
  Halide::Func sum = layer.conv->sum;
  std::vector<Var> v = sum.args();
  Var x = v[0], y = v[1], c = v[2], n = v[3];
  const Halide::RDom &r = layer.conv->reduction;
  Var xo(kPixelTiles), xi("xi");
  Halide::RVar blocks(kInputBlocks), block(kInputBlock);
  // Channels innermost in the row too, so each vector is one register.
  sum.compute_at(rowLoop)
      .reorder_storage(c, x, y, n)
      .reorder(c, x, y, n)
      .vectorize(c, tiling.lanes)
      .unroll(c);
  sum.update()
      .split(r.x, blocks, block, tiling.inputBlock)
      .split(x, xo, xi, tiling.pixels, lastTile(layer, tiling, width));
  if (taps == TapOrder::InsideBlocks)
    sum.update().reorder(c, xi, block, r.y, r.z, xo, y, blocks, n);
  else
    sum.update().reorder(c, xi, block, xo, y, blocks, r.y, r.z, n);
  sum.update().vectorize(c, tiling.lanes).unroll(c).unroll(xi);
  unrollInputChannels(sum.update(), block, tiling);
}

// Computes `layer`'s sum one register tile at a time inside `activated`'s
// loop over tiles of each row, where a tile sums all of its few input
// channels in one unrolled block (a first layer's 3): the tile starts from
// the bias in its registers and `activated` stores it, its activation
// applied, as soon as it is summed. Summed a few rows at a time
// (accumulateRows), the tiles loaded and stored their sums around the
// reduction, after a pass that stored the bias and before one that applied
// the activation: on one core of a Zen 5, ResNet-50's first layer (7x7,
// with its pool) took 0.94x the time (0.90x of the CPU time on two),
// GoogLeNet's 0.95x, AlexNet's 0.96x.
static void accumulateRowTiles(lowering::LoweredLayer &layer,
                               const ConvTiling &tiling,
                               Halide::Func activated) {
  std::vector<Var> a = activated.args();
  Var xo(kPixelTiles), xi("xi");
  activated.split(a[0], xo, xi, tiling.pixels, TailStrategy::RoundUp)
      .reorder(a[2], xi, xo, a[1], a[3])
      .unroll(xi);
  Halide::Func sum = layer.conv->sum;
  std::vector<Var> v = sum.args();
  Var x = v[0], y = v[1], c = v[2], n = v[3];
  const Halide::RDom &r = layer.conv->reduction;
  sum.compute_at(activated, xo)
      .reorder_storage(c, x, y, n)
      .reorder(c, x, y, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(x);
  sum.update()
      .reorder(c, x, r.x, r.y, r.z, y, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(x)
      .unroll(r.x);
}

// `layer`'s merged-row GEMM (ConvParts::rowsMerged) computed at `loop`,
// channels innermost, vectorized and unrolled; its update is the caller's.
static Halide::Func gemmAt(lowering::LoweredLayer &layer,
                           const ConvTiling &tiling, Halide::LoopLevel loop) {
  Halide::Func gemm = *layer.conv->rowsMerged;
  std::vector<Var> v = gemm.args();
  Var p = v[0], c = v[1], n = v[2];
  gemm.compute_at(loop)
      .reorder_storage(c, p, n)
      .reorder(c, p, n)
      .vectorize(c, tiling.lanes)
      .unroll(c);
  return gemm;
}

// The merged-row GEMM (ConvParts::rowsMerged) of a task's band of rows
// (`pixels` of them, or 0 where that varies), computed at `taskLoop`: its
// pixels in register tiles as one run, the last tile rounded up into
// storage that only this task reads or, where it saves enough, cut to the
// pixels left (lastTile); around the tiles, blocks of input channels as in
// accumulateRows.
static void accumulateMergedRows(lowering::LoweredLayer &layer,
                                 const ConvTiling &tiling,
                                 Halide::LoopLevel taskLoop,
                                 int64_t pixels = 0) {
  Halide::Func gemm = gemmAt(layer, tiling, taskLoop);
  std::vector<Var> v = gemm.args();
  Var p = v[0], c = v[1], n = v[2];
  const Halide::RDom &r = layer.conv->reduction;
  Var po(kPixelTiles), pi("pi");
  Halide::RVar blocks(kInputBlocks), block(kInputBlock);
  gemm.update()
      .split(r.x, blocks, block, tiling.inputBlock)
      .split(p, po, pi, tiling.pixels, lastTile(layer, tiling, pixels))
      .reorder(c, pi, block, r.y, r.z, po, blocks, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(pi);
  unrollInputChannels(gemm.update(), block, tiling);
}

// The order of an unpooled convolution's tasks of one channel tile and one
// band of rows: consecutive tasks share the tile's weights, or the band's
// input.
enum class TaskOrder { BandsInner, TilesInner };

// Splits `f`'s channels into tiles (vectorized, innermost) and runs its
// tasks of one channel tile and one band (`row`) in `order`, in parallel.
static Var tileChannelsByRow(Halide::Func f, const ConvTiling &tiling, Var row,
                             TaskOrder order = TaskOrder::BandsInner) {
  std::vector<Var> v = f.args();
  Var co("co"), ci("ci"), task("task");
  f.compute_root().split(v[2], co, ci, tiling.channels());
  if (order == TaskOrder::BandsInner)
    f.reorder(ci, v[0], row, co, v[3]).fuse(row, co, task);
  else
    f.reorder(ci, v[0], co, row, v[3]).fuse(co, row, task);
  f.parallel(task).vectorize(ci, tiling.lanes).unroll(ci);
  return task;
}

// Rows computed together by an unpooled convolution: enough pixels (56) to
// reuse each block of weights many times, in a count that divides the
// height.
static int rowsPerTask(int64_t height, int64_t width) {
  int rows = 1;
  for (int candidate = 1; candidate <= height; ++candidate)
    if (height % candidate == 0 && rows * width < 56)
      rows = candidate;
  return rows;
}

int64_t pixelsPerTask(const lowering::Shape &shape) {
  return rowsPerTask(shape[2], shape[3]) * shape[3];
}

// The bands of rows an unpooled convolution of NCHW output `shape` is
// computed in (rowsPerTask each).
static int64_t bandCount(const lowering::Shape &shape) {
  return shape[2] / rowsPerTask(shape[2], shape[3]);
}

// The 10% margin keeps the rows where tiles fit them about as well: the
// merged form computes each pixel's input address apart, and a 14x14
// stride-2 3x3 layer whose 4x7 AVX-512 tiles fit its rows exactly took
// 1.3x the time merged (measured while LLVM's SLP vectorizer still packed
// those addresses, HalideLlvmOptions.cpp; not measured since).
bool clearlyCheaper(const ConvTiling &candidate, const ConvTiling &current) {
  return candidate.cost * 1.1 < current.cost;
}

bool mergedRowsGain(const lowering::Shape &output,
                    const lowering::Shape &weight, int64_t weightBlock,
                    const Halide::Target &target, const CacheSizes &caches) {
  ConvReduction reduction{weight[1], weight[2] * weight[3]};
  auto inRows = chooseConvTiling(output[1], output[3], reduction, weightBlock,
                                 target, caches, PixelFit::RoundsUp);
  auto merged =
      chooseConvTiling(output[1], pixelsPerTask(output), reduction, weightBlock,
                       target, caches, PixelFit::RoundsUp);
  return inRows && merged && clearlyCheaper(*merged, *inRows);
}

// AVX2's 16-channel tiles read 64 bytes of every 256 of 64-channel blocks:
// a quarter of L1's sets. Stored in 16-channel blocks, on one thread of a
// Zen 3, ResNet-50 took 0.92x the time, ResNet-18 0.93x, MobileNetV2 0.93x,
// VGG-16 0.94x (docs/schedules.md).
int64_t weightBlockFor(const Halide::Target &target) {
  if (target.has_gpu_feature() || (target.arch != Halide::Target::X86 &&
                                   target.arch != Halide::Target::ARM))
    return lowering::kWidestChannelBlock;
  const int64_t channels = 256, side = 56;
  auto tiling = chooseConvTiling(channels, side * side, ConvReduction{channels},
                                 lowering::kWidestChannelBlock, target,
                                 CacheSizes{}, PixelFit::RoundsUp);
  if (!tiling)
    return lowering::kWidestChannelBlock;
  int64_t block = 8; // the narrowest channelBlock
  while (block * 2 <=
         std::min<int64_t>(tiling->channels(), lowering::kWidestChannelBlock))
    block *= 2;
  return block;
}

// A tile half a block wide (AVX-512's 2x7 on 7- and 14-wide rows, 32 of a
// 64-channel block) read 128 bytes of every 256 of its weights, and the
// next task the other 128. Stored in blocks of the tile's width, each task
// reads whole lines of one contiguous stretch, which it can stream
// (accumulateRowsByTap): on one core of an AVX-512 Xeon, ResNet-50's 7x7
// stride-2 layer alone took 0.92x the time with its weights flushed from
// the caches and 0.93x with them in L3, before it streamed them.
int64_t rowTileWeightBlock(const lowering::Shape &output,
                           const lowering::Shape &weight, bool strided,
                           bool padded, int64_t weightBlock,
                           const Halide::Target &target,
                           const CacheSizes &caches) {
  ConvReduction reduction{weight[1], weight[2] * weight[3], strided};
  auto tiling =
      chooseConvTiling(output[1], output[3], reduction, weightBlock, target,
                       caches, padded ? PixelFit::RoundsUp : PixelFit::Divides);
  if (!tiling || tiling->channels() >= weightBlock)
    return weightBlock;
  int64_t block = lowering::channelBlock(output[1], tiling->channels());
  return block > 0 ? block : weightBlock;
}

bool streamsWeightBlocks(const ConvTiling &tiling, int64_t weightBlock) {
  return tiling.channels() == weightBlock;
}

// Whether a reduction step over a block of `weightBlock` channels reads at
// least `lines` cache lines of it. A 1x1 convolution's stream by task
// needs 4 (AVX-512's 64-channel blocks): on a Zen 3, streaming AVX2's
// 16-channel blocks (a line a step) took ResNet-50's layer4 1x1 layers
// 1.7x the time and MobileNetV2's 7x7 projections 1.6-1.7x.
static bool stepReadsLines(int64_t weightBlock, int64_t lines) {
  const int64_t cacheLine = 64;
  return weightBlock * static_cast<int64_t>(sizeof(float)) >= lines * cacheLine;
}

// Whether an unpooled convolution's task sums its rows a tap at a time,
// streaming its weights (accumulateRowsByTap): a direct one with a kernel
// larger than 1x1, not depthwise, with input channels enough for long
// blocks, whose register tile is a whole block of its weights that a step
// reads at least two lines of, on a target that prefetches. AVX2's
// 16-channel blocks, a line a step, keep the taps inside the blocks: not
// measured on an AVX2 machine (streams of a line a step made ResNet-50's
// layer4 1x1 layers 1.7x slower on a Zen 3, streamWeightsByTask).
static bool sumsRowsByTap(const lowering::ConvParts &conv,
                          const ConvTiling &tiling,
                          const Halide::Target &target) {
  constexpr int64_t kFewestInputChannels = 32;
  const lowering::Shape &w = conv.weightShape;
  return !conv.rowsMerged && !conv.isDepthwise() && w[2] * w[3] > 1 &&
         w[1] >= kFewestInputChannels && !conv.weightsBuffer.empty() &&
         streamsWeightBlocks(tiling, conv.weightBlock) &&
         stepReadsLines(conv.weightBlock, 2) &&
         lowering::prefetchesWeightStreams(target);
}

// Sums a direct convolution's task (sumsRowsByTap) at `taskLoop`, one tap
// and one block of input channels at a time over all the task's rows
// (TapOrder::OutsideBlocks): each step reads the next stretch of the
// weights, stored [tap][input channel][block], and the next stretch's
// lines are prefetched while the rows read this one (WeightPrefetch.h).
// Only one tap's block need stay in L1, so the blocks are as long as a
// 1x1 convolution's. With every tap inside each block, a block's first row
// read its lines from nine stretches at once, which the hardware
// prefetchers did not follow, and waited on memory: on one core of an
// AVX-512 Xeon, ResNet-50's 7x7 stride-2 layer alone took 0.71x the time
// with its weights flushed from the caches, 0.90x with them in L3 (1.60
// and 1.41 ms; onnxruntime's 2.25 and 1.66). With their blocks the
// tiles' width (rowTileWeightBlock), its three stride-2 layers took 0.61x
// (7x7), 0.89x (14x14) and 0.90x (28x28) the time in the network, the
// model 0.97x.
static void accumulateRowsByTap(lowering::LoweredLayer &conv,
                                const ConvTiling &tiling,
                                Halide::LoopLevel taskLoop,
                                const CacheSizes &caches) {
  lowering::ConvParts &parts = *conv.conv;
  ConvTiling byTap = tiling;
  byTap.inputBlock = inputBlock(ConvReduction{parts.weightShape[1]},
                                tiling.channels(), caches.l1Data);
  // A chunk is one tap's block; the tiles of every row step through it.
  // Set first: a streaming layer keeps its last tile whole (lastTile).
  Halide::Func sum = parts.sum;
  std::vector<Var> v = sum.args();
  std::string stage = sum.name() + ".s1.";
  std::string blockLoop = stage + parts.reduction.x.name() + "." + kInputBlock;
  parts.weightStream = lowering::WeightStream{
      parts.weightsBuffer,
      byTap.inputBlock * parts.weightBlock,
      {stage + v[1].name(), stage + v[0].name() + "." + kPixelTiles,
       inputStepLoop(blockLoop, byTap)}};
  accumulateRows(conv, byTap, taskLoop, conv.shape[3], TapOrder::OutsideBlocks);
}

// Whether tiles of `pixels` pixels laid along each row (counting a row's
// last tile whole) compute no more pixels than they would over a
// task's rows merged (scheduleConvTiles' tasks, pixelsPerTask): the tile
// divides the row, or the merged run rounds up as far. AVX2's 2x6 tiles
// on 56- and 28-wide rows round 56 pixels up to 60 either way, but 14-wide
// rows to 18 against 98 merged pixels to 102.
static bool rowsTileAsWell(const lowering::Shape &shape, int64_t pixels) {
  int64_t width = shape[3], merged = pixelsPerTask(shape);
  auto roundedUp = [&](int64_t run) {
    return (run + pixels - 1) / pixels * pixels;
  };
  return merged / width * roundedUp(width) <= roundedUp(merged);
}

// Whether `conv`'s merged-row GEMM, tiled by `tiling`, can be summed one
// register tile at a time inside a loop over `out`'s tiles of `pixels`
// pixels along each row: each tile sums all the input channels in one
// block (the channel tile's weights fit in L1, inputBlock), and tiles
// along the rows compute no more than merged ones (rowsTileAsWell).
static bool summedPerTile(const lowering::LoweredLayer &conv,
                          const ConvTiling &tiling, int pixels) {
  return conv.conv->isPointwiseGemm() &&
         tiling.inputBlock == conv.conv->weightShape[1] &&
         tiling.pixels == pixels && rowsTileAsWell(conv.shape, pixels);
}

// Computes `conv`'s merged-row GEMM at `tileLoop`, one register tile of
// `tiling` (all of its input channels, a few per trip: unrollInputChannels)
// at a time. One channel per trip, ResNet-50's AVX2 library took 1.015x
// the time on one core of an AVX-512 Xeon (its AVX-512 one the same).
static void accumulateTile(lowering::LoweredLayer &conv,
                           const ConvTiling &tiling,
                           Halide::LoopLevel tileLoop) {
  Halide::Func gemm = gemmAt(conv, tiling, tileLoop);
  std::vector<Var> v = gemm.args();
  Var p = v[0], c = v[1], n = v[2];
  gemm.unroll(p);
  gemm.update()
      .reorder(c, p, conv.conv->reduction.x, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(p);
  unrollInputChannels(gemm.update(), conv.conv->reduction.x, tiling);
}

// The bytes of a convolution's weights.
static int64_t weightBytes(const lowering::ConvParts &conv) {
  const lowering::Shape &w = conv.weightShape;
  return w[0] * w[1] * w[2] * w[3] * 4;
}

// Whether an unpooled convolution's tasks are bands of rows of every
// channel tile rather than of one: for a merged-row 1x1 GEMM whose bands
// alone are at least half the tasks wanted, and whose weights (with its
// partner's) fit in half of L2, since each band reads them all. A task
// then stores whole rows, and a residual add reads its shortcut in whole
// rows, runs the prefetchers follow, where a channel tile's task touches
// 64 of every 256 floats of each pixel. A model of one ResNet-50 56x56
// bottleneck block took 0.91x the time on one core of an AVX-512 Xeon.
static bool tasksOfWholeRows(const lowering::LoweredLayer &layer,
                             const ConvInTasks *partner, int parallelTasks,
                             const CacheSizes &caches) {
  int64_t bands = bandCount(layer.shape);
  int64_t bytes = weightBytes(*layer.conv) +
                  (partner ? weightBytes(*partner->layer->conv) : 0);
  return layer.conv->isPointwiseGemm() &&
         (!partner || partner->layer->conv->isPointwiseGemm()) &&
         bands >= parallelTasks / 2 && bytes <= caches.l2 / 2;
}

// The bytes of a convolution's input.
static int64_t inputBytes(const lowering::ConvParts &conv) {
  const lowering::Shape &s = conv.inputShape;
  return s[0] * s[1] * s[2] * s[3] * 4;
}

// Which order of `layer`'s tasks (one channel tile, one band) brings fewer
// bytes into L2, counting its partner's weights and input with its own.
// Bands innermost, a tile's weights are read once, and the input once if
// it stays in L2 while the bands go by, else once per tile; tiles
// innermost, a band's input is read once if it stays in L2 while the tiles
// go by, and the weights once per band unless they stay there with it.
// On a Zen 3 (512 KiB L2) tiles go innermost in ResNet-50's layer2.0 and
// layer3.0 (1.6-3.2 MB inputs): those layers took 0.92x the time on one
// core, 0.91x on two; GoogLeNet's 14x14 1x1 layers 0.94x and 0.89x.
static TaskOrder taskOrder(const lowering::LoweredLayer &layer,
                           const ConvTiling &tiling, const ConvInTasks *partner,
                           const CacheSizes &caches) {
  int64_t weights = weightBytes(*layer.conv), input = inputBytes(*layer.conv);
  if (partner) {
    weights += weightBytes(*partner->layer->conv);
    input += inputBytes(*partner->layer->conv);
  }
  int64_t bands = bandCount(layer.shape);
  int64_t tiles = layer.shape[1] / tiling.channels();
  int64_t bandInput = input / bands, tileWeights = weights / tiles;
  auto stays = [&](int64_t bytes) { return bytes <= caches.l2 * 3 / 4; };
  int64_t bandsInner =
      weights + (stays(input + tileWeights) ? input : input * tiles);
  int64_t tilesInner =
      (stays(weights + bandInput) ? weights : weights * bands) +
      (stays(bandInput + tileWeights) ? input : input * tiles);
  return tilesInner < bandsInner ? TaskOrder::TilesInner
                                 : TaskOrder::BandsInner;
}

// The loops, outer to inner, in which `conv`'s sum (accumulateRows) or
// merged-row GEMM (accumulateMergedRows) walks a task's share of its
// weights, the last being the reduction step.
static std::vector<std::string> weightStepLoops(const lowering::ConvParts &conv,
                                                const ConvTiling &tiling) {
  const Halide::RDom &r = conv.reduction;
  std::string blocks = r.x.name() + "." + kInputBlocks,
              block = r.x.name() + "." + kInputBlock;
  Halide::Func stepping = conv.rowsMerged ? *conv.rowsMerged : conv.sum;
  std::string stage = stepping.name() + ".s1.";
  std::vector<Var> v = stepping.args();
  std::string tiles = stage + v[0].name() + "." + kPixelTiles;
  std::string step = inputStepLoop(stage + block, tiling);
  if (conv.rowsMerged)
    return {stage + blocks, tiles, stage + r.z.name(), stage + r.y.name(),
            step};
  return {stage + blocks,     stage + v[1].name(), tiles,
          stage + r.z.name(), stage + r.y.name(),  step};
}

// Where each of an unpooled convolution's tasks is one channel tile over
// the whole image (one band of rows), reading one stored block of weights
// while the next task reads the next, and the layer's weights are too
// large to stay in half of L2 from one inference to the next (ResNet-50's
// layer4 1x1 layers, 2-8 MB, read by 49 pixels), each task prefetches the
// next task's block into L2 as Winograd's GEMMs do (WeightPrefetch.h):
// the pixel tiles that read a block from memory would otherwise wait for
// it, a 4 KiB page at a time. Only where two blocks fit in half of L2:
// the 1.2 MB blocks of layer4's 3x3 layers, prefetched, evicted the
// task's own before it read them, and those layers took 1.6x the time.
// Otherwise a merged-row GEMM that sums its input channels in several
// blocks prefetches the next block (of its own channel tile, or the next
// tile's first) while it walks the current one, a share of its lines at
// the top of each register tile: the first tile to read a block no longer
// waits for it, from memory at batch 1 (a network's weights do not stay
// in L3). On one core of a Zen 5, ResNet-50's 1x1 layers took 0.91-0.96x
// the time and the model 0.97x (0.98x on two threads); the same lines
// spread one per reduction step, as Winograd's are, took those layers
// 1.06-1.13x, the address arithmetic inside the FMA loop. A single
// band's GEMM whose tasks' blocks are too large to stream by task
// (layer4's 2048 -> 512 layers, 512 KiB a task) reads every block from
// memory: there the next block's lines go one or two per reduction step,
// from addresses the loop steps through (WeightPrefetch.cpp), and those
// layers took 0.81x the time on one core of a Zen 5; a share at the top
// of each register tile, 52 lines at once, 1.17x.
static void streamWeightsByTask(lowering::ConvParts &conv,
                                const ConvTiling &tiling,
                                const CacheSizes &caches) {
  const lowering::Shape &w = conv.weightShape;
  int64_t block = conv.weightBlock;
  if (conv.weightsBuffer.empty() || !streamsWeightBlocks(tiling, block) ||
      !stepReadsLines(block, 4))
    return;
  bool fromMemory =
      bandCount(conv.shape) == 1 && weightBytes(conv) > caches.l2 / 2;
  int64_t chunkFloats = w[1] * w[2] * w[3] * block;
  std::vector<std::string> steps = weightStepLoops(conv, tiling);
  if (fromMemory && chunkFloats * 4 <= caches.l2 / 4) {
    conv.weightStream =
        lowering::WeightStream{conv.weightsBuffer, chunkFloats, steps};
    return;
  }
  if (!conv.rowsMerged || tiling.inputBlock >= w[1])
    return;
  // A merged-row GEMM's step loops are its blocks, its register tiles and
  // their reduction: the chunk is one block, stepped through by the tiles
  // (and, from memory, their reduction steps).
  lowering::WeightStream stream{
      conv.weightsBuffer, tiling.inputBlock * w[2] * w[3] * block, {steps[1]}};
  if (fromMemory)
    stream.stepLoops.push_back(steps.back());
  conv.weightStream = stream;
}

// Computes `conv`'s sum in register tiles of `tiling` at `taskLoop`, its
// weights streamed where that pays: a tap at a time (sumsRowsByTap), or
// by task (streamWeightsByTask) for the merged-row GEMM of the task's band
// of rows or those rows one by one. Streams first: a GEMM that streams
// keeps its last tile whole (lastTile).
static void accumulateTask(lowering::LoweredLayer &conv,
                           const ConvTiling &tiling, Halide::LoopLevel taskLoop,
                           const Halide::Target &target,
                           const CacheSizes &caches) {
  if (sumsRowsByTap(*conv.conv, tiling, target)) {
    accumulateRowsByTap(conv, tiling, taskLoop, caches);
    return;
  }
  streamWeightsByTask(*conv.conv, tiling, caches);
  if (conv.conv->rowsMerged)
    accumulateMergedRows(conv, tiling, taskLoop, pixelsPerTask(conv.shape));
  else
    accumulateRows(conv, tiling, taskLoop, conv.shape[3]);
}

void scheduleConvTiles(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                       Halide::Func out, const ConvInTasks *partner,
                       int parallelTasks, const Halide::Target &target,
                       const CacheSizes &caches) {
  std::vector<Var> v = out.args();
  Var x = v[0], y = v[1], yo("yo"), yi("yi");
  out.split(y, yo, yi, rowsPerTask(layer.shape[2], layer.shape[3]));
  // The loop over the output's channel tiles, each summed in registers.
  Var channelTile;
  if (tasksOfWholeRows(layer, partner, parallelTasks, caches)) {
    Var c = v[2], n = v[3], co("co"), ci("ci");
    out.compute_root()
        .split(c, co, ci, tiling.channels())
        .reorder(ci, x, yi, co, yo, n)
        .parallel(yo)
        .vectorize(ci, tiling.lanes)
        .unroll(ci);
    channelTile = co;
  } else {
    // Rows x channel tiles are always plenty of tasks.
    channelTile = tileChannelsByRow(out, tiling, yo,
                                    taskOrder(layer, tiling, partner, caches));
    out.reorder(x, yi, channelTile);
  }
  // Where the sums allow, each register tile is stored (with bias,
  // shortcut and activation) as soon as it is summed, so its stores drain
  // while the next tile computes: the model of one ResNet-50 56x56 block
  // took 0.92x the time on one core of an AVX-512 Xeon, 0.84x with tasks
  // of whole rows; ResNet-50 0.97x. Where the tile does not divide the
  // row, its last tile is guarded (rounded up, its stores would run past
  // the row's end): Halide peels it off the loop over the row's tiles, and
  // it sums and stores just the pixels left. AVX2's 2x6 tiles on
  // 56- and 28-wide rows: ResNet-50's AVX2 library took 0.986x the time
  // on one core of an AVX-512 Xeon (its 56x56 1x1 layers with a shortcut
  // had spent 16% of their time in the pass that applied it).
  if (summedPerTile(layer, tiling, tiling.pixels) &&
      (!partner ||
       summedPerTile(*partner->layer, partner->tiling, tiling.pixels))) {
    Var xo("xo"), xi("xi");
    bool divides = layer.shape[3] % tiling.pixels == 0;
    out.split(x, xo, xi, tiling.pixels,
              divides ? TailStrategy::Auto : TailStrategy::GuardWithIf)
        .reorder(xi, xo, yi, channelTile)
        .unroll(xi);
    Halide::LoopLevel tileLoop(out, xo);
    accumulateTile(layer, tiling, tileLoop);
    if (partner)
      accumulateTile(*partner->layer, partner->tiling, tileLoop);
    return;
  }
  Halide::LoopLevel taskLoop(out, channelTile);
  accumulateTask(layer, tiling, taskLoop, target, caches);
  if (partner)
    accumulateTask(*partner->layer, partner->tiling, taskLoop, target, caches);
}

// The loops of an output computed in bands (splitIntoBands): the parallel
// tasks, and each band's rows.
struct BandLoops {
  Var task, row;
};

// The bands of rows wanted for `parallelTasks` tasks of one channel tile
// each, at most `maxBands`.
static int64_t bandsForTasks(const lowering::Shape &shape,
                             const ConvTiling &tiling, int parallelTasks,
                             int64_t maxBands) {
  int64_t channelTiles = shape[1] / tiling.channels();
  return std::min(
      std::max<int64_t>(1, (parallelTasks + channelTiles - 1) / channelTiles),
      maxBands);
}

// Computes `out` whole in parallel tasks of a band of rows of one channel
// tile, in `bands` bands; the last band is shifted inwards.
static BandLoops splitIntoBands(Halide::Func out, const ConvTiling &tiling,
                                const lowering::Shape &shape, int64_t bands) {
  int64_t rows = shape[2];
  int rowsPerBand = static_cast<int>((rows + bands - 1) / bands);
  Var yo("yo"), yi("yi");
  out.split(out.args()[1], yo, yi, rowsPerBand, TailStrategy::ShiftInwards);
  Var task = tileChannelsByRow(out, tiling, yo);
  out.reorder(out.args()[0], yi, task);
  return {task, yi};
}

// The bands of a pooled convolution's output (`pooled`, NCHW): each band
// computes the convolution rows its pool rows read, so neighbouring bands
// compute again the rows both read (one of every band's with a 3x3 pool of
// stride 2), and a last band shifted inwards all of its overlap. The count
// is the one whose tasks (bands x channel tiles, all the same size) finish
// soonest against the work of a single band, summed over 1, 2, 4, ...
// threads up to half of `parallelTasks`; of counts that tie (no row
// computed twice), the most within `parallelTasks` tasks. Bands for
// the tasks alone had AlexNet's 13 pooled rows of its 5x5 layer in 5 bands
// computing 35 convolution rows for 27.
static int64_t pooledBands(const lowering::ConvParts &parts,
                           const lowering::Shape &pooled,
                           const ConvTiling &tiling, int parallelTasks) {
  int64_t rows = pooled[2], channelTiles = pooled[1] / tiling.channels();
  int64_t stride = parts.poolStride[1];
  int64_t window = (parts.poolKernel[1] - 1) * parts.poolDilation[1] + 1;
  auto convRows = [&](int64_t poolRows) {
    return (poolRows - 1) * stride + window;
  };
  int64_t best = 1;
  double bestScore = 0;
  for (int64_t bands = 1; bands <= rows; ++bands) {
    int64_t perBand = (rows + bands - 1) / bands;
    if ((rows + perBand - 1) / perBand != bands)
      continue; // the same split as a smaller count
    double score = 0;
    for (int64_t threads = 1; threads <= parallelTasks / 2; threads *= 2) {
      int64_t rounds = (bands * channelTiles + threads - 1) / threads;
      double ideal = static_cast<double>(channelTiles * convRows(rows)) /
                     static_cast<double>(threads);
      score += static_cast<double>(rounds * convRows(perBand)) / ideal;
    }
    bool tie = std::abs(score - bestScore) < 1e-9;
    if (bands == 1 || score < bestScore - 1e-9 ||
        (tie && bands * channelTiles <= parallelTasks)) {
      best = bands;
      bestScore = score;
    }
  }
  return best;
}

// Stores and computes `f`, an NCHW image, channels innermost, a vector of
// `lanes` channels at a time.
static void channelsInnermost(Halide::Func f, int lanes) {
  std::vector<Var> a = f.args();
  f.reorder_storage(a[2], a[0], a[1], a[3])
      .reorder(a[2], a[0], a[1], a[3])
      .vectorize(a[2], lanes);
}

// Computes `f` (an image stored channels-innermost) at each row of a band of
// `out`, stored for the whole band: Halide's sliding window computes only
// the rows of `f` that the band's earlier rows did not need.
static void slideAlongBand(Halide::Func f, Halide::Func out,
                           const BandLoops &loops, int lanes) {
  f.store_at(out, loops.task).compute_at(out, loops.row);
  channelsInnermost(f, lanes);
}

void schedulePooledConvTiles(lowering::LoweredLayer &layer,
                             const ConvTiling &tiling, int parallelTasks) {
  assert(!layer.conv->rowsMerged && "pooled layers keep their rows");
  Halide::Func pool = layer.func;
  Halide::Func activated = layer.conv->activated;
  BandLoops loops = splitIntoBands(
      pool, tiling, layer.shape,
      pooledBands(*layer.conv, layer.shape, tiling, parallelTasks));

  // Within a band, each pool row computes only the convolution rows it
  // reads that earlier rows did not; storage folding keeps just those few
  // rows of one channel tile.
  slideAlongBand(activated, pool, loops, tiling.lanes);
  activated.unroll(activated.args()[2]);
  if (tiling.inputBlock == layer.conv->weightShape[1] &&
      tiling.inputBlock <= kFewInputChannels) {
    accumulateRowTiles(layer, tiling, activated);
    return;
  }
  // All the rows one pool row needs at once (two for a 2x2 pool).
  accumulateRows(layer, tiling, Halide::LoopLevel(activated, Var::outermost()));
}

// The most bands of rows a depthwise layer's output may be split into
// while the input rows each band computes (or copies) again for the band
// before (those its kernel reaches past its stride) stay within an eighth
// of the input's. MobileNetV2 took 0.94x the time on one core of an
// AVX-512 Xeon, 0.94x on two, against 16 tasks regardless.
static int64_t bandsWithinHalo(const lowering::ConvParts &parts) {
  int64_t rows = parts.shape[2], stride = parts.stride[1];
  int64_t halo = std::max<int64_t>(1, parts.weightShape[2] - stride);
  return std::max<int64_t>(1, rows * stride / (8 * halo));
}

static int64_t depthwiseBands(const lowering::ConvParts &parts,
                              const ConvTiling &tiling, int parallelTasks) {
  return bandsForTasks(parts.shape, tiling, parallelTasks,
                       bandsWithinHalo(parts));
}

int64_t depthwiseBandInputRows(const lowering::ConvParts &parts,
                               const ConvTiling &tiling, int parallelTasks) {
  int64_t bands = depthwiseBands(parts, tiling, parallelTasks);
  int64_t rowsPerBand = (parts.shape[2] + bands - 1) / bands;
  return std::min(parts.inputShape[2],
                  (rowsPerBand - 1) * parts.stride[1] + parts.weightShape[2]);
}

void scheduleDepthwiseBands(lowering::LoweredLayer &layer,
                            const ConvTiling &tiling,
                            const ConvInTasks *producer, int parallelTasks,
                            Halide::Func out) {
  BandLoops loops =
      splitIntoBands(out, tiling, layer.shape,
                     depthwiseBands(*layer.conv, tiling, parallelTasks));
  // One output row at a time; the padded input and the producer's rows
  // it reads slide along the band.
  slideAlongBand(*layer.conv->padded, out, loops, tiling.lanes);
  accumulateRows(layer, tiling, Halide::LoopLevel(out, loops.row));
  if (!producer)
    return;
  Halide::Func producerRows = producer->layer->func;
  if (producer->wholeBand) {
    // Computed once per task, for all the rows the band reads; its GEMM
    // over them as one run of tiles.
    producerRows.compute_at(out, loops.task);
    channelsInnermost(producerRows, tiling.lanes);
    accumulateMergedRows(*producer->layer, producer->tiling,
                         Halide::LoopLevel(producerRows, Var::outermost()));
    return;
  }
  slideAlongBand(producerRows, out, loops, tiling.lanes);
  accumulateMergedRows(*producer->layer, producer->tiling,
                       Halide::LoopLevel(producerRows, producerRows.args()[1]));
}

} // namespace kiln::schedules
