//===- X86Conv.cpp - register-tiled convolutions for x86-64 ---------------===//
//
// A direct convolution over channels-innermost activations and HWIO weights
// (both set up by the lowering and X86Schedule.cpp). Each tile is `vectors`
// vectors of output channels by `pixels` pixels of one output row; its sums
// stay in registers for the whole reduction: per step, `vectors` weight
// loads and `pixels` input broadcasts feed vectors x pixels FMAs. Input
// channels are the innermost reduction, so both walk memory contiguously.
// 1x1 convolutions are the same loop nest, a GEMM; depthwise ones read
// input vectors instead of broadcasts.
//
// Tile sizes come from a small cost model (tileCost): up to 24 of the 32 zmm
// registers as accumulators on AVX-512, 12 of the 16 on AVX2 (as in
// Halide's apps/conv_layer), the pixel count fitted to the row width (7, 14,
// 28, 56, ... in the classic CNNs) so tiles do not overlap. Tuned on the
// 2-core AVX-512 dev machine (Xeon, 2026-11).
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/X86Conv.h"

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

// The estimated cost of a tile, per useful FMA, in units of one FMA: the
// pixels computed twice where the tiles overlap at the row's end (tails
// shift inwards), the loads beyond the two per cycle that keep pace with the
// two FMA units, and the FMA latency left uncovered by too few independent
// accumulators (4 cycles x 2 units: at least 8, 12 to be safe).
static double tileCost(int vectors, int pixels, int64_t width) {
  int64_t tiles = (width + pixels - 1) / pixels;
  double overlap = static_cast<double>(tiles * pixels) / width;
  double loadsPerFma =
      static_cast<double>(vectors + pixels) / (vectors * pixels);
  double latency = std::max(1.0, 12.0 / (vectors * pixels));
  return overlap * std::max(1.0, loadsPerFma) * latency;
}

std::optional<ConvTiling> chooseConvTiling(int64_t channels, int64_t width,
                                           const Halide::Target &target) {
  int vector = target.natural_vector_size<float>();
  bool wideRegisterFile = target.has_feature(Halide::Target::AVX512);
  // Registers for accumulators, leaving room for the weight vectors and a
  // broadcast.
  int accumulators = wideRegisterFile ? 24 : 12;
  int lanes = channels % vector == 0 ? vector : 8;
  if (lanes > vector || channels % lanes != 0)
    return std::nullopt;
  std::optional<ConvTiling> best;
  double bestCost = 0;
  for (int vectors : {4, 3, 2, 1}) {
    if (channels % (vectors * lanes) != 0 || vectors * lanes > channels)
      continue;
    int maxPixels = static_cast<int>(
        std::min<int64_t>(width, accumulators / vectors));
    for (int pixels = maxPixels; pixels >= 1; --pixels) {
      double cost = tileCost(vectors, pixels, width);
      if (!best || cost < bestCost - 1e-9) {
        best = ConvTiling{lanes, vectors, pixels};
        bestCost = cost;
      }
    }
  }
  return best;
}

// Computes the layer's sum at `tileLoop` of `consumer`, whose tile is the
// register tile: all of it unrolled, channels vectorized, the reduction
// outside the tile.
static void accumulateInRegisters(lowering::LoweredLayer &layer,
                                  const ConvTiling &tiling,
                                  Halide::Func consumer, Var tileLoop) {
  Halide::Func sum = layer.conv->sum;
  std::vector<Var> v = sum.args();
  Var x = v[0], y = v[1], c = v[2], n = v[3];
  const Halide::RDom &r = *layer.reduction;
  // Channels innermost in the tile too, so each vector is one register.
  sum.compute_at(consumer, tileLoop)
      .reorder_storage(c, x, y, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(x);
  sum.update()
      .reorder(c, x, r.x, r.y, r.z, y, n)
      .vectorize(c, tiling.lanes)
      .unroll(c)
      .unroll(x);
}

// Vectorizes `f`'s channel tile `ci` (split off after the loops are
// ordered: vectorizing splits it again).
static void vectorizeChannels(Halide::Func f, const ConvTiling &tiling,
                              Var ci) {
  f.vectorize(ci, tiling.lanes).unroll(ci);
}

void scheduleConvTiles(lowering::LoweredLayer &layer, const ConvTiling &tiling,
                       int parallelTasks) {
  (void)parallelTasks; // rows x channel tiles are always plenty
  Halide::Func out = layer.func;
  std::vector<Var> v = out.args();
  Var x = v[0], y = v[1], n = v[3];
  Var co("co"), ci("ci"), xo("xo"), xi("xi"), task("task");
  out.compute_root()
      .split(v[2], co, ci, tiling.channels())
      .split(x, xo, xi, tiling.pixels, TailStrategy::ShiftInwards)
      .reorder(ci, xi, xo, y, co, n)
      .unroll(xi)
      // Rows of one channel tile run one after another, so the tile's
      // weights stay in cache.
      .fuse(y, co, task)
      .parallel(task);
  vectorizeChannels(out, tiling, ci);
  accumulateInRegisters(layer, tiling, out, xo);
}

void schedulePooledConvTiles(lowering::LoweredLayer &layer,
                             const ConvTiling &tiling, int parallelTasks) {
  Halide::Func pool = layer.func;
  Halide::Func activated = layer.conv->activated;
  std::vector<Var> v = pool.args();
  Var y = v[1], n = v[3];
  Var co("co"), ci("ci"), yo("yo"), yi("yi"), task("task");

  // Enough tasks for the threads: channel tiles, then bands of pool rows.
  int64_t rows = layer.shape[2];
  int64_t channelTiles = layer.shape[1] / tiling.channels();
  int64_t bands = std::max<int64_t>(1, (parallelTasks + channelTiles - 1) /
                                           channelTiles);
  int rowsPerBand = static_cast<int>((rows + bands - 1) / bands);

  pool.compute_root()
      .split(v[2], co, ci, tiling.channels())
      .split(y, yo, yi, rowsPerBand, TailStrategy::ShiftInwards)
      .reorder(ci, v[0], yi, yo, co, n)
      .fuse(yo, co, task)
      .parallel(task);
  vectorizeChannels(pool, tiling, ci);

  // Within a band, each pool row computes only the convolution rows it
  // reads that earlier rows did not (Halide's sliding window); storage
  // folding keeps just those few rows of one channel tile.
  std::vector<Var> a = activated.args();
  Var ax = a[0], ay = a[1], ac = a[2], an = a[3];
  Var xo("xo"), xi("xi");
  activated.store_at(pool, task)
      .compute_at(pool, yi)
      .split(ax, xo, xi, tiling.pixels, TailStrategy::ShiftInwards)
      .reorder(ac, xi, xo, ay, an)
      .vectorize(ac, tiling.lanes)
      .unroll(ac)
      .unroll(xi);
  accumulateInRegisters(layer, tiling, activated, xo);
}

} // namespace kiln::schedules
