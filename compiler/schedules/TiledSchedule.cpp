//===- TiledSchedule.cpp - the tiled CPU schedule (x86-64, ARM) -----------===//
//
// One schedule for the CPUs with wide vector units, x86-64 (AVX2, AVX-512)
// and ARM (NEON); the register tiles are sized per target (ConvTiling.cpp).
//
// Activations between layers are stored channels-innermost (NHWC within
// the pipeline; inputs and outputs keep the caller's NCHW), so that every
// layer vectorizes over channels: convolutions (TiledConv.h) broadcast one
// input value against a vector of output channels, and pools, element-wise
// layers and padding copy whole vectors. Channel counts of the classic CNNs
// are multiples of 8 or 16 where widths (224, 56, 14, 7) often are not.
// Dense layers (also fused with an activation, which is inlined into the
// reader) read their repacked weights ([K][block] per block of features) a
// vector of features at a time, the batch innermost, so a batch-8 GEMM
// loads each weight once.
// Layers without a specific schedule here are computed whole and vectorized
// as in the baseline.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/CpuLoops.h"
#include "compiler/schedules/LayerWalk.h"
#include "compiler/schedules/Schedules.h"
#include "compiler/schedules/TiledConv.h"
#include "compiler/schedules/WinogradConv.h"

#include <algorithm>
#include <map>
#include <set>

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;
using lowering::LoweredLayer;
using lowering::Shape;

namespace {

// Tasks per parallel loop: a few per core evens out uneven tiles.
constexpr int kParallelTasks = 16;

// The fewest values a parallel task of a copy-like loop (padding, pools,
// element-wise layers) computes: handing a task to a thread costs about a
// microsecond, a few times what copying one 229-value row of a 3-channel
// image takes. GoogLeNet's and ResNet's zero-padded input, copied a row of
// one channel per task, took 0.3 ms on two threads of an AVX-512 Xeon
// (0.03 on one).
constexpr int64_t kValuesPerTask = 8192;

// Computes a 4-D Func whole. Inside the pipeline it is stored
// channels-innermost and vectorized over channels when they fill a
// vector; network outputs (the caller's NCHW buffers) and narrow layers
// are vectorized along the width instead. Bands of rows (of one channel,
// where channels are not innermost) run in parallel.
void scheduleImage(Halide::Func f, const Shape &shape, bool storedNCHW,
                   int vector) {
  std::vector<Var> v = f.args();
  Var x = v[0], y = v[1], c = v[2], n = v[3];
  f.compute_root();
  bool channelsInnermost = !storedNCHW && shape[1] >= vector;
  if (channelsInnermost) {
    f.reorder_storage(c, x, y, n)
        .reorder(c, x, y, n)
        .vectorize(c, vector, TailStrategy::ShiftInwards);
  } else if (shape[3] >= vector) {
    f.vectorize(x, vector, TailStrategy::ShiftInwards);
  }
  int64_t rowValues = shape[3] * (channelsInnermost ? shape[1] : 1);
  int rows = static_cast<int>(std::clamp<int64_t>(
      (kValuesPerTask + rowValues - 1) / rowValues, 1, shape[2]));
  Var yo("yo"), yi("yi"), task("task");
  f.split(y, yo, yi, rows, TailStrategy::GuardWithIf);
  if (channelsInnermost)
    f.parallel(yo);
  else
    f.fuse(yo, c, task).parallel(task);
}

// out(i, n) = bias(i) + sum_k weight(k, i) * in(k, n), weights stored
// [K][block] per block of features: tiles of several vectors of features
// (one block or part of one), the batch inside the reduction so each
// weight vector is loaded once for the whole batch.
// Only tiles that divide the features are unrolled: Halide 14 miscompiles
// an unrolled, guarded tail (it re-adds earlier vectors), so other counts
// get one guarded vector per tile.
void scheduleDense(LoweredLayer &layer, int vector) {
  Halide::Func dense = layer.dense->sum;
  std::vector<Var> v = dense.args();
  Var i = v[0], n = v[1];
  int64_t features = layer.shape[1], batch = layer.shape[0];
  int lanes = vector, unrolled = 1;
  bool exact = false;
  // At batch 1 a tile may take a whole 64-feature block (8 AVX2 vectors,
  // at most 8 accumulators): a GEMV streams its weights from memory, and
  // tiles of half a block read 128 of every 256 bytes. AlexNet's three
  // dense layers took 0.62x the time on Zen 3 (AVX2) with whole blocks.
  // With a batch, 4 vectors x the batch already fill the registers.
  // At batch 1 each vector's sum is one chain of dependent FMAs as long as
  // the reduction: a tile of one vector waits out the FMA's latency at
  // every step, so where no tile of 2-4 vectors divides the features, one
  // of up to 8 does (1000 features: 5 vectors of 8). ResNet-50's 2048 ->
  // 1000 layer took 0.83x the time on one core of a Zen 5 (0.80x of the
  // CPU time on two).
  int wholeBlock = std::min(8, 64 / vector);
  std::vector<int> vectorCounts = {4, 3, 2};
  if (batch == 1) {
    if (wholeBlock > 4)
      vectorCounts.insert(vectorCounts.begin(), wholeBlock);
    for (int longer : {8, 7, 6, 5})
      if (longer != wholeBlock)
        vectorCounts.push_back(longer);
  }
  vectorCounts.push_back(1);
  // The block denseWeightLayout stores the weights in.
  int64_t featureBlock = lowering::channelBlock(features);
  for (int candidateLanes : {vector, 8})
    for (int candidate : vectorCounts)
      if (!exact && candidateLanes <= vector &&
          features % (candidateLanes * candidate) == 0 &&
          lowering::nestsWithBlock(candidateLanes * candidate, featureBlock)) {
        lanes = candidateLanes;
        unrolled = candidate;
        exact = true;
      }
  Var io("io"), ii("ii"), iu("iu"), iv("iv");
  dense.compute_root();
  if (features >= vector)
    dense.vectorize(i, vector, TailStrategy::ShiftInwards);
  // Guarded, not rounded up: that would read past the fixed-size weights.
  Halide::Stage update = dense.update();
  update.split(i, io, ii, lanes * unrolled, TailStrategy::GuardWithIf)
      .split(ii, iu, iv, lanes)
      .reorder(iv, iu, n, layer.dense->reduction[0], io)
      .vectorize(iv)
      .parallel(io);
  if (exact)
    update.unroll(iu);
  if (batch <= 8)
    update.unroll(n);
}

// How a convolution's register tiles may fit its rows: rounded up past the
// row's end where the input is a zero-padded copy, whose extra columns
// cost little (a tile past the end of an unpadded producer would make it
// compute columns past its own end, and so on up the network). Depthwise
// layers keep dividing tiles: they copy their padding in their own tasks,
// and MobileNetV2 ran 4% slower with rounded-up ones.
static PixelFit rowFit(const lowering::ConvParts &parts) {
  return parts.padded && !parts.isDepthwise() ? PixelFit::RoundsUp
                                              : PixelFit::Divides;
}

// The register tile of a convolution layer's sum, or none where its
// channels fill no whole vectors.
static std::optional<ConvTiling> layerTiling(const lowering::ConvParts &parts,
                                             const Halide::Target &target,
                                             const CacheSizes &caches) {
  // A merged-row GEMM tiles a task's pixels as one run; a convolution
  // summed row by row, one row's.
  int64_t pixels =
      parts.rowsMerged ? pixelsPerTask(parts.shape) : parts.shape[3];
  PixelFit fit = parts.rowsMerged ? PixelFit::RoundsUp : rowFit(parts);
  return chooseConvTiling(parts.shape[1], pixels, reductionOf(parts),
                          parts.weightBlock, target, caches, fit);
}

// How `inner` is computed in the tasks of a layer tiled by `tiling` over
// `pixels` per row (or per task, for a merged-row GEMM): register tiles one
// channel tile of that layer wide (its tasks unroll every channel they
// need). None where no such tile nests with `inner`'s weight blocks;
// `inner` is then computed on its own.
static std::optional<ConvInTasks>
convInTasks(LoweredLayer &inner, const ConvTiling &tiling, int64_t pixels,
            const Halide::Target &target, const CacheSizes &caches) {
  const lowering::ConvParts &parts = *inner.conv;
  auto innerTiling = chooseConvTiling(
      tiling.channels(), pixels, reductionOf(parts), parts.weightBlock, target,
      caches, parts.rowsMerged ? PixelFit::RoundsUp : PixelFit::Divides,
      tiling.vectors);
  if (inner.isOutput || !innerTiling || innerTiling->lanes != tiling.lanes ||
      !lowering::nestsWithBlock(tiling.channels(), parts.weightBlock))
    return std::nullopt;
  return ConvInTasks{&inner, *innerTiling};
}

// How a depthwise layer's 1x1 producer (LoweredLayer::computedInDepthwise)
// is computed in the tasks of `depthwise`, tiled by `tiling`: a row at a
// time, or the task's whole band of rows at once where a row is wider than
// one tile and the tiles fit the band's pixels at least 10% better.
// MobileNetV2's features.14 (96->576 at 14x14, 8-channel tiles of 12
// pixels) took 0.70-0.73x the time on one core of a Zen 3. Rows narrower
// than a tile stay row by row: the tile's pixels past the row repeat its
// last, and features.15-17 (7-wide rows) took 1.3x computed per band.
static std::optional<ConvInTasks> bandProducer(LoweredLayer &producer,
                                               const LoweredLayer &depthwise,
                                               const ConvTiling &tiling,
                                               const Halide::Target &target,
                                               const CacheSizes &caches) {
  auto byRow = convInTasks(producer, tiling, producer.shape[3], target, caches);
  if (!byRow || !producer.conv->rowsMerged ||
      producer.shape[3] <= byRow->tiling.pixels)
    return byRow;
  int64_t bandRows =
      depthwiseBandInputRows(*depthwise.conv, tiling, kParallelTasks);
  auto byBand = convInTasks(producer, tiling, bandRows * producer.shape[3],
                            target, caches);
  if (!byBand || !clearlyCheaper(byBand->tiling, byRow->tiling))
    return byRow;
  byBand->wholeBand = true;
  return byBand;
}

// How a residual add's other operand (LoweredLayer::residualPartner) is
// computed in the tasks of `layer`, the convolution whose tiles store the
// add: where `layer` is tiled in plain tasks of rows (no Winograd, pool or
// depthwise bands) and the partner reads its input directly (no padding).
// ResNet's downsampling shortcuts: their outputs (3.2 MB at 56x56x256) are
// then never stored, nor read back by the add.
static std::optional<ConvInTasks> residualPartner(LoweredLayer &layer,
                                                  LoweredLayer &partner,
                                                  const Halide::Target &target,
                                                  const CacheSizes &caches) {
  const lowering::ConvParts &parts = *layer.conv;
  auto tiling = layerTiling(parts, target, caches);
  if (!tiling || parts.winograd || parts.pooled || layer.isOutput ||
      (parts.padded && parts.isDepthwise()) || partner.conv->winograd ||
      partner.conv->padded)
    return std::nullopt;
  int64_t pixels =
      partner.conv->rowsMerged ? pixelsPerTask(parts.shape) : parts.shape[3];
  return convInTasks(partner, *tiling, pixels, target, caches);
}

// A convolution layer: register tiles where the channels allow, else the
// sum computed whole like any reduction. Given `residualAdd`, the add that
// alone reads the layer (or the activation that alone reads that add), the
// add is what the tiles store (bias, sum, shortcut and activation in one
// epilogue), unless the layer is itself stored; returns whether it was. The
// zero-padded input is copied channels-innermost, so the tiles' inner loop has
// no bounds tests: once, whole, or for a depthwise layer in its tasks, only
// the task's channels and rows, while they are in cache
// (scheduleDepthwiseBands): a depthwise layer does so little per value
// that a separate pass over memory doubled its time. Given `producer`, the
// 1x1 layer that alone feeds this depthwise one
// (LoweredLayer::computedInDepthwise), it is computed in those tasks too
// where the tiles allow, and on its own otherwise. Given `partner`, the
// fused add's other operand (residualPartner), it is computed in the tiles'
// tasks.
bool scheduleConv(LoweredLayer &layer, LoweredLayer *residualAdd,
                  LoweredLayer *producer, const ConvInTasks *partner,
                  const Halide::Target &target, const CacheSizes &caches,
                  int vector) {
  lowering::ConvParts &parts = *layer.conv;
  auto tiling = layerTiling(parts, target, caches);
  bool inBandsOfRows = parts.padded && tiling && !parts.pooled &&
                       !parts.winograd && parts.isDepthwise();
  // Winograd's input transform reads its zero padding inline, a select
  // per point of its tiles, rather than from a padded copy of its input:
  // on one core of an AVX-512 Xeon, ResNet-50's copies and input
  // transforms took 0.8x the time (perf samples of alternating runners).
  if (parts.padded && !inBandsOfRows && !parts.winograd)
    scheduleImage(*parts.padded, parts.inputShape, false, vector);
  std::optional<ConvInTasks> producerInBands;
  if (producer && inBandsOfRows)
    producerInBands = bandProducer(*producer, layer, *tiling, target, caches);
  if (producer && !producerInBands)
    scheduleConv(*producer, nullptr, nullptr, nullptr, target, caches, vector);

  if (parts.winograd) {
    // The GEMMs' pixels are tiles; the last register tile may run past
    // them (scheduleWinogradStages rounds the bands up).
    auto gemm = chooseConvTiling(parts.shape[1], parts.winograd->tileCount,
                                 ConvReduction{parts.weightShape[1]},
                                 parts.weightBlock, target, caches,
                                 PixelFit::RoundsUp);
    assert(gemm && "admitsWinograd admits whole vectors of channels only");
    scheduleWinogradStages(parts, *gemm, vector);
    if (parts.pooled)
      scheduleImage(parts.activated, parts.shape, /*storedNCHW=*/false, vector);
    bool fused = residualAdd && !layer.isOutput;
    LoweredLayer &stored = fused ? *residualAdd : layer;
    scheduleImage(stored.func, stored.shape, stored.storedInNNLayout(), vector);
    return fused;
  }
  if (!tiling && parts.pooled) {
    scheduleConvInPoolRows(layer, vector);
    return false;
  }
  assert((tiling || !parts.rowsMerged) &&
         "rows are merged only where the channels fill vectors");
  if (!tiling) {
    scheduleWhole(parts.sum, parts.shape, parts.reduction, vector);
    if (layer.isOutput)
      scheduleImage(layer.func, layer.shape, layer.storedInNNLayout(), vector);
    return false;
  }
  bool fused = residualAdd && !layer.isOutput && !parts.pooled;
  LoweredLayer &stored = fused ? *residualAdd : layer;
  if (parts.pooled) {
    schedulePooledConvTiles(layer, *tiling, kParallelTasks);
  } else if (inBandsOfRows) {
    scheduleDepthwiseBands(layer, *tiling,
                           producerInBands ? &*producerInBands : nullptr,
                           kParallelTasks, stored.func);
  } else {
    scheduleConvTiles(layer, *tiling, stored.func, fused ? partner : nullptr,
                      kParallelTasks, target, caches);
    // Its tasks' splits divide the sum, so each element is stored once:
    // the sum may go over a stored shortcut (StoreOverShortcut.h).
    if (fused && !partner && !parts.residualShortcut.empty())
      parts.storedOverShortcut = lowering::StoredOverShortcut{
          stored.func.name(), parts.residualShortcut};
  }
  if (!stored.storedInNNLayout()) {
    std::vector<Var> v = stored.func.args();
    stored.func.reorder_storage(v[2], v[0], v[1], v[3]);
  }
  return fused;
}

class TiledPolicy final : public SchedulePolicy {
public:
  TiledPolicy(std::vector<LoweredLayer> &layers, const Halide::Target &target,
              const CacheSizes &caches)
      : layers(layers), target(target), caches(caches),
        vector(target.natural_vector_size<float>()) {}

  // A residual add fused into the tiles is stored there, or inlined into
  // the activation stored there; its other operand, where it is a
  // convolution the tiles' tasks can compute, is computed there too, and
  // passed over where the walk reaches it.
  void conv(LoweredLayer &layer) override {
    LoweredLayer *add =
        layer.residualAdd ? &layers.at(*layer.residualAdd) : nullptr;
    LoweredLayer *stored =
        layer.residualActivation ? &layers.at(*layer.residualActivation) : add;
    if (layer.computedInDepthwise) {
      producers[*layer.computedInDepthwise] = &layer;
      return;
    }
    if (layer.computedInResidual &&
        residualPartner(layers.at(*layer.computedInResidual), layer, target,
                        caches))
      return;
    std::optional<ConvInTasks> partner;
    if (layer.residualPartner)
      partner = residualPartner(layer, layers.at(*layer.residualPartner),
                                target, caches);
    auto producer = producers.find(indexOf(layer));
    if (scheduleConv(layer, stored,
                     producer == producers.end() ? nullptr : producer->second,
                     partner ? &*partner : nullptr, target, caches, vector)) {
      scheduledByConv.insert(add->func.name());
      scheduledByConv.insert(stored->func.name());
    }
  }

  void dense(LoweredLayer &layer) override { scheduleDense(layer, vector); }

  void denseActivationOutput(LoweredLayer &layer) override {
    scheduleWhole(layer.func, layer.shape, std::nullopt, vector);
  }

  // Stored channels-innermost like any other image.
  void concat(LoweredLayer &layer) override {
    bool channelsInnermost = layer.shape.size() == 4 &&
                             !layer.storedInNNLayout() &&
                             layer.shape[1] >= vector;
    scheduleConcat(layer, channelsInnermost, vector);
  }

  void other(LoweredLayer &layer) override {
    if (scheduledByConv.count(layer.func.name()))
      return;
    if (layer.shape.size() == 4 && !layer.func.has_update_definition())
      scheduleImage(layer.func, layer.shape, layer.storedInNNLayout(), vector);
    else
      scheduleWhole(layer.func, layer.shape, layer.reduction, vector);
  }

  void computeOnce(Halide::Func helper) override { helper.compute_root(); }

private:
  std::vector<LoweredLayer> &layers;
  const Halide::Target &target;
  const CacheSizes &caches;
  int vector;
  /// Residual adds computed in their convolution's tiles.
  std::set<std::string> scheduledByConv;
  /// The layers computed in a depthwise layer's tasks, by that layer's
  /// index; scheduled when it is.
  std::map<size_t, LoweredLayer *> producers;

  size_t indexOf(const LoweredLayer &layer) const {
    return static_cast<size_t>(&layer - layers.data());
  }
};

} // namespace

void scheduleTiledCpu(lowering::LoweredNetwork &network,
                      const Halide::Target &target, const CacheSizes &caches) {
  TiledPolicy policy(network.layers, target, caches);
  walkLayers(network, policy);
}

} // namespace kiln::schedules
