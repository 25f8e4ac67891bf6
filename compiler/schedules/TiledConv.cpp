//===- TiledConv.cpp - unpooled convolutions in register tiles -----------===//
//
// An unpooled convolution computed whole, in parallel tasks of a band of
// rows (and of one channel tile, or of all of them): each task sums its
// rows in register tiles (TileLoops.h), streams its weights where that
// pays (WeightPrefetch.h), and stores each register tile, with bias,
// shortcut and activation, as soon as it is summed where the tile sums all
// of its input channels at once. Tiles and blocks: ConvTiling.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/TiledConv.h"

#include "compiler/schedules/TileLoops.h"

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

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

// Whether a reduction step over a block of `weightBlock` channels reads at
// least `lines` cache lines of it. A 1x1 convolution's streams need 4
// (AVX-512's 64-channel blocks) unless its blocks come from memory and
// stay in L2 with its input (streamWeightsByTask): on a Zen 3, streaming
// AVX2's 16-channel blocks (a line a step) took ResNet-50's layer4 1x1
// layers 1.7x the time and MobileNetV2's 7x7 projections 1.6-1.7x, while
// the prefetch still spread its lines by a division (WeightPrefetch.cpp).
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
  byTap.inputBlock = inputChannelBlock(ConvReduction{parts.weightShape[1]},
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

// Whether `bytes` stay in L2 while a layer's tasks go by: three quarters
// of it, the rest left to the lines the tasks pass through.
static bool staysInL2(int64_t bytes, const CacheSizes &caches) {
  return bytes <= caches.l2 * 3 / 4;
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
  auto stays = [&](int64_t bytes) { return staysInL2(bytes, caches); };
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
// AVX2's 16-channel blocks (a line a reduction step) stream by task only
// where the task's input and two blocks stay in L2 (staysInL2): with a
// 1-2 MiB L2 ResNet-50's layer4 1x1 layers, not with
// the 512 KiB default (2 x 128 KiB blocks and a 392 KiB input in the
// 2048 -> 512 layers). On one core of the model-207 Xeon, AVX-512 hidden,
// a chain of four of layer4's 1x1 pairs took 0.89x the time, ResNet-50
// 0.978x with the host's caches (0.992x with the default's).
static void streamWeightsByTask(lowering::ConvParts &conv,
                                const ConvTiling &tiling,
                                const CacheSizes &caches) {
  const lowering::Shape &w = conv.weightShape;
  int64_t block = conv.weightBlock;
  if (conv.weightsBuffer.empty() || !streamsWeightBlocks(tiling, block))
    return;
  bool fromMemory =
      bandCount(conv.shape) == 1 && weightBytes(conv) > caches.l2 / 2;
  int64_t chunkFloats = w[1] * w[2] * w[3] * block;
  std::vector<std::string> steps = weightStepLoops(conv, tiling);
  int64_t chunkBytes = chunkFloats * 4;
  if (fromMemory && chunkBytes <= caches.l2 / 4 &&
      (stepReadsLines(block, 4) ||
       staysInL2(2 * chunkBytes + inputBytes(conv), caches))) {
    conv.weightStream =
        lowering::WeightStream{conv.weightsBuffer, chunkFloats, steps};
    return;
  }
  if (!conv.rowsMerged || tiling.inputBlock >= w[1] ||
      !stepReadsLines(block, 4))
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

} // namespace kiln::schedules
