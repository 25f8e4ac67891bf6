//===- WinogradConv.cpp - scheduling Winograd's stages --------------------===//
//
// The transforms are computed a vector of channels at a time with every
// point unrolled, so each 6x6 (or 6x4, 4x4) block of sums stays in
// registers and the coefficients fold into the code. The GEMMs are the
// 1x1 convolution's register tiles (ConvTiling.h) with tiles for pixels:
// per point, a tile of output channels by `pixels` tiles accumulated
// through blocks of input channels, bands of tiles one after another so
// that a block of transformed weights is read from L1 by the whole band.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/WinogradConv.h"

#include "compiler/lowering/WeightLayout.h"

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

// Parallel tasks over the tiles of a transform: a few per core.
constexpr int kTransformTasks = 16;
// Tiles per band of a GEMM: enough reuse of each block of weights.
constexpr int kBandTiles = 48;

// Computes `f` (channel, tile, a, b) whole: a vector of channels at a time
// for all (a, b), unrolled; `inner` (channel, tile, a', b') once per
// vector of channels, likewise; tiles split into parallel tasks.
static void scheduleTransform(Halide::Func f, Halide::Func inner,
                              int64_t tiles, int vector) {
  std::vector<Var> v = f.args();
  Var c = v[0], t = v[1], a = v[2], b = v[3];
  Var co("co"), cv("cv"), to("to"), ti("ti");
  int perTask = static_cast<int>(
      std::max<int64_t>(1, (tiles + kTransformTasks - 1) / kTransformTasks));
  f.compute_root()
      .split(c, co, cv, vector, TailStrategy::GuardWithIf)
      .split(t, to, ti, perTask, TailStrategy::GuardWithIf)
      .reorder(cv, a, b, co, ti, to)
      .vectorize(cv)
      .unroll(a)
      .unroll(b)
      .parallel(to);
  std::vector<Var> w = inner.args();
  inner.compute_at(f, co)
      .reorder(w[0], w[2], w[3], w[1])
      .vectorize(w[0], vector, TailStrategy::GuardWithIf)
      .unroll(w[2])
      .unroll(w[3]);
}

// The loops of a GEMM's band of tiles (scheduleProducts), outer to inner,
// and the names Halide gives them (both split from the tiles' variable).
struct BandLoops {
  Var band, tiles;
  std::string bandLoop, tilesLoop;
};

// Sums `stages.accumulated` one register tile of `gemm` at a time, inside
// the band's loop over its tiles, where a tile sums all of its input
// channels in one block: its sums start from zero in registers and are
// stored once. Summed for the whole band (sumBandByBlocks), the sums were
// zeroed in memory first (a memset per band) and copied out after: on one
// core of an AVX-512 Xeon, ResNet-50 took 0.987x the time (0.98x on two
// threads), ResNet-18 0.965x, GoogLeNet 0.96x, VGG-16 0.95x, and
// ResNet-50's AVX2 library 0.99x. Tiles whose weights outgrow one block
// (ResNet-50's 14x14 and 7x7 layers on AVX-512) summed whole, reading
// them from L2, took 1.05-1.1x those layers' time.
// Returns the loops that step through the task's weights.
static std::vector<std::string> sumTileByTile(lowering::WinogradParts &stages,
                                              const ConvTiling &gemm,
                                              const BandLoops &loops) {
  Halide::Func products = stages.products, sum = stages.accumulated;
  Var to("to"), ti("ti");
  products.split(loops.tiles, to, ti, gemm.pixels).unroll(ti);
  std::vector<Var> a = sum.args();
  Halide::RVar ci = stages.reduction.x;
  sum.compute_at(products, to)
      .vectorize(a[0], gemm.lanes)
      .unroll(a[0])
      .unroll(a[1]);
  sum.update()
      .reorder(a[0], a[1], ci, a[2], a[3])
      .vectorize(a[0], gemm.lanes)
      .unroll(a[0])
      .unroll(a[1]);
  unrollInputChannels(sum.update(), ci, gemm);
  return {loops.bandLoop, loops.tilesLoop + "." + to.name(),
          inputStepLoop(sum.name() + ".s1." + ci.name(), gemm)};
}

// Sums `stages.accumulated` for a whole band at once, in blocks of input
// channels around the band's register tiles, so that each block of weights
// stays in L1 while every tile of the band reads it. Returns the loops
// that step through the task's weights.
static std::vector<std::string> sumBandByBlocks(lowering::WinogradParts &stages,
                                                const ConvTiling &gemm,
                                                const BandLoops &loops) {
  Halide::Func products = stages.products, sum = stages.accumulated;
  std::vector<Var> a = sum.args();
  Halide::RVar blocks("ci_blocks"), block("ci_block");
  Var to("to"), ti("ti");
  sum.compute_at(products, loops.band).vectorize(a[0], gemm.lanes).unroll(a[0]);
  sum.update()
      .split(stages.reduction.x, blocks, block, gemm.inputBlock)
      .split(a[1], to, ti, gemm.pixels)
      .reorder(a[0], ti, block, to, blocks, a[2], a[3])
      .vectorize(a[0], gemm.lanes)
      .unroll(a[0])
      .unroll(ti);
  unrollInputChannels(sum.update(), block, gemm);
  std::string stage = sum.name() + ".s1.";
  std::string reduction = stage + stages.reduction.x.name();
  return {loops.bandLoop, stage + a[1].name() + "." + to.name(),
          reduction + "." + blocks.name(),
          inputStepLoop(reduction + "." + block.name(), gemm)};
}

// The GEMMs: products (channel, tile, e, nu) whole, in parallel over
// points and channel tiles; each band of tiles accumulated in registers.
static void scheduleProducts(lowering::WinogradParts &stages,
                             const lowering::Shape &weightShape,
                             int64_t weightBlock, const ConvTiling &gemm) {
  Halide::Func products = stages.products;
  std::vector<Var> v = products.args();
  Var c = v[0], t = v[1], e = v[2], nu = v[3];
  Var co("co"), ci("ci"), tb("tb"), tt("tt"), task("task"), points("points");
  // Bands of whole register tiles that divide the tiles where they can;
  // rounding up computes repeats of the last tile (WinogradLowering.cpp
  // clamps the tile read).
  int64_t tileGroups = (stages.tileCount + gemm.pixels - 1) / gemm.pixels;
  int groupsPerBand = 1;
  for (int k = 1; k * gemm.pixels <= kBandTiles && k <= tileGroups; ++k)
    if (tileGroups % k == 0)
      groupsPerBand = k;
  int band = gemm.pixels * groupsPerBand;
  // Tasks in the order of the weights they read, U's [e][nu][O / block]:
  // with a tile of a whole block each reads the next stretch of U.
  products.compute_root()
      .split(t, tb, tt, band, TailStrategy::RoundUp)
      .split(c, co, ci, gemm.channels())
      .reorder(ci, tt, tb, co, nu, e)
      .fuse(nu, e, points)
      .fuse(co, points, task)
      .parallel(task)
      .vectorize(ci, gemm.lanes)
      .unroll(ci);
  std::string tileLoop = products.name() + ".s0." + t.name() + ".";
  BandLoops loops{tb, tt, tileLoop + tb.name(), tileLoop + tt.name()};
  std::vector<std::string> stepLoops =
      gemm.inputBlock >= weightShape[1] ? sumTileByTile(stages, gemm, loops)
                                        : sumBandByBlocks(stages, gemm, loops);

  // Each task reads one contiguous stretch of U where its tile is a whole
  // block of output channels, and the next task the next one: prefetch it
  // (WeightPrefetch.h). AVX2's 16-channel tiles too, whose steps read one
  // line each: ResNet-50's Winograd GEMMs took 0.74x the time with the
  // stream in its AVX2 library on one core of a Zen 5, and about 1.03x on
  // a Zen 3, within that machine's noise (2026-12-03, before the stream's
  // address lost its division).
  if (streamsWeightBlocks(gemm, weightBlock))
    stages.weightStream = lowering::WeightStream{
        stages.weights.name(), weightShape[1] * weightBlock, stepLoops};
}

void scheduleWinogradStages(lowering::ConvParts &parts, const ConvTiling &gemm,
                            int vector) {
  lowering::WinogradParts &stages = *parts.winograd;
  scheduleTransform(stages.transformed, stages.rowsTransformed,
                    stages.tileCount, vector);
  scheduleProducts(stages, parts.weightShape, parts.weightBlock, gemm);
  scheduleTransform(stages.tiles, stages.rowsInverted, stages.tileCount,
                    vector);
}

} // namespace kiln::schedules
