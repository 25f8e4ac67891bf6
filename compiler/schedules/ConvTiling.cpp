//===- ConvTiling.cpp - register tiles and blocks of a convolution -------===//
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

#include "compiler/schedules/ConvTiling.h"

#include <algorithm>

namespace kiln::schedules {

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

// The independent sums a tile needs to keep the FMA units busy: x86 cores
// have two FMA units with 4 (Skylake, Zen 3) or 5 (Haswell) cycles of
// latency, so 10. Counting 12, AVX2's 2x5 tiles cost 1.2 and its 2x6 were
// chosen where they round pixels up (49 merged pixels to 54, 98 to 102,
// 14-wide rows to 18); with 10, 2x5, which round them to 50, 100 and 15.
// On one core of a Zen 3, in alternating runs: MobileNetV2 took 0.95x the
// time, ResNet-18 0.98x, ResNet-50 0.98-0.99x, GoogLeNet 0.985x, VGG-16
// 0.99x, AlexNet 0.99x (about the same on two threads), outputs identical;
// 8 (2x4 tiles on 56-pixel runs and Winograd's 16 tiles) took ResNet-50
// 1.0x, 9 (3x3 tiles) 1.01x. AVX-512's tiles have more sums than 12
// anyway. ARM keeps 12: not timed on ARM hardware.
static int latencyCover(const Halide::Target &target) {
  return target.arch == Halide::Target::X86 ? 10 : 12;
}

// The estimated cost of a tile, per FMA, in units of one FMA: the loads
// beyond the two per cycle that keep pace with the two FMA units, and the
// FMA latency left uncovered by too few independent accumulators
// (latencyCover). When the sums, the weight vectors and a broadcast do not
// all fit in registers, the FMAs read the weights from memory, once per
// pixel: AVX2's 4x3 tile needs 17 of 16.
static double tileCost(int vectors, int pixels, const Halide::Target &target) {
  int fmas = vectors * pixels;
  int needed = fmas + vectors + 1;
  int loads =
      needed <= vectorRegisters(target) ? vectors + pixels : fmas + pixels;
  double loadsPerFma = static_cast<double>(loads) / fmas;
  double latency =
      std::max(1.0, static_cast<double>(latencyCover(target)) / fmas);
  return std::max(1.0, loadsPerFma) * latency;
}
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
int inputChannelBlock(const ConvReduction &reduction, int channels,
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
  best->inputBlock =
      inputChannelBlock(reduction, best->channels(), caches.l1Data);
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

// The 10% margin keeps the rows where tiles fit them about as well: the
// merged form computes each pixel's input address apart, and a 14x14
// stride-2 3x3 layer whose 4x7 AVX-512 tiles fit its rows exactly took
// 1.3x the time merged (measured while LLVM's SLP vectorizer still packed
// those addresses, HalideLlvmOptions.cpp; not measured since).
bool clearlyCheaper(const ConvTiling &candidate, const ConvTiling &current) {
  return candidate.cost * 1.1 < current.cost;
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

} // namespace kiln::schedules
