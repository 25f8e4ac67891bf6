//===- ConvBands.cpp - convolutions in bands of rows ---------------------===//
//
// Convolutions computed a few rows at a time inside bands of their
// consumer's rows, so their whole output is never stored: one fused with
// the pool after it (the pool's bands), and depthwise layers (their own
// bands, their padded input and the 1x1 layer that feeds them sliding
// along each band).
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/TiledConv.h"

#include "compiler/schedules/TileLoops.h"

#include <algorithm>
#include <cmath>

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;

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
