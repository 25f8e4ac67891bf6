//===- TileLoops.cpp - the loops around a convolution's register tiles ---===//
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
//===----------------------------------------------------------------------===//

#include "compiler/schedules/TileLoops.h"

#include <algorithm>

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

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
TailStrategy lastTile(const lowering::LoweredLayer &layer,
                      const ConvTiling &tiling, int64_t pixels) {
  return pixels > 0 && !layer.conv->weightStream &&
                 peelsTailTile(tiling, pixels)
             ? TailStrategy::GuardWithIf
             : TailStrategy::RoundUp;
}

// Computes the layer's sum (of one channel tile) a few whole rows at a time,
// at `rowLoop`. The rows are walked in register tiles, all unrolled,
// channels vectorized; around them, the input channels in blocks whose
// weights stay in L1 while every tile of the rows reads them, the taps
// in `taps` order. A tile that
// does not divide the row (PixelFit::RoundsUp, padded inputs only) rounds
// the last one up, its extra pixels reading a few more columns of the zero
// padding into sums nothing reads, or, given the row's `width`, cuts it to
// the pixels left where that saves enough (lastTile).
void accumulateRows(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                    Halide::LoopLevel rowLoop, int64_t width, TapOrder taps) {
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
void accumulateRowTiles(lowering::LoweredLayer &layer, const ConvTiling &tiling,
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
Halide::Func gemmAt(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                    Halide::LoopLevel loop) {
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
void accumulateMergedRows(lowering::LoweredLayer &layer,
                          const ConvTiling &tiling, Halide::LoopLevel taskLoop,
                          int64_t pixels) {
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

// Splits `f`'s channels into tiles (vectorized, innermost) and runs its
// tasks of one channel tile and one band (`row`) in `order`, in parallel.
Var tileChannelsByRow(Halide::Func f, const ConvTiling &tiling, Var row,
                      TaskOrder order) {
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

} // namespace kiln::schedules
