//===- TiledSchedule.cpp - the tiled CPU schedule (x86-64, ARM) ------------===//
//
// One schedule for the CPUs with wide vector units, x86-64 (AVX2, AVX-512)
// and ARM (NEON); the register tiles are sized per target (TiledConv.cpp).
//
// Activations between layers are stored channels-innermost (NHWC within
// the pipeline; inputs and outputs keep the caller's NCHW), so that every
// layer vectorizes over channels: convolutions (TiledConv.cpp) broadcast one
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

#include "compiler/schedules/LayerTraits.h"
#include "compiler/schedules/Schedules.h"
#include "compiler/schedules/TiledConv.h"

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;
using lowering::LayerKind;
using lowering::LoweredLayer;
using lowering::Shape;

namespace {

// Tasks per parallel loop: a few per core evens out uneven tiles.
constexpr int kParallelTasks = 16;

// Computes a 4-D Func whole. Inside the pipeline it is stored
// channels-innermost and vectorized over channels when they fill a
// vector; pipeline outputs (NCHW buffers) and narrow layers are vectorized
// along the width instead. Rows run in parallel.
void scheduleImage(Halide::Func f, const Shape &shape, bool output,
                   int vector) {
  std::vector<Var> v = f.args();
  Var x = v[0], y = v[1], c = v[2], n = v[3];
  f.compute_root();
  bool channelsInnermost = !output && shape[1] >= vector;
  if (channelsInnermost) {
    f.reorder_storage(c, x, y, n)
        .reorder(c, x, y, n)
        .vectorize(c, vector, TailStrategy::ShiftInwards);
  } else if (shape[3] >= vector) {
    f.vectorize(x, vector, TailStrategy::ShiftInwards);
  }
  f.parallel(y);
}

// Computes a Func of any rank whole: dimension 0 vectorized, the outermost
// non-batch dimension parallel; an update with its reduction outside the
// vector.
void scheduleWhole(Halide::Func f, const Shape &shape,
                   const std::optional<Halide::RDom> &reduction, int vector) {
  std::vector<Var> v = f.args();
  f.compute_root();
  auto vectorizeAndParallelize = [&](Halide::Stage stage, TailStrategy tail) {
    if (!shape.empty() && shape.back() >= vector)
      stage.vectorize(v[0], vector, tail);
    if (v.size() >= 2)
      stage.parallel(v[v.size() >= 3 ? v.size() - 2 : 1]);
  };
  vectorizeAndParallelize(f, TailStrategy::ShiftInwards);
  if (reduction) {
    Halide::Stage update = f.update();
    reorderReduction(update, f, *reduction);
    // Guarded: rounding up would read past the fixed-size weights.
    vectorizeAndParallelize(update, TailStrategy::GuardWithIf);
  }
}

// out(i, n) = bias(i) + sum_k weight(k, i) * in(k, n), weights stored
// [K][block] per block of features: tiles of several vectors of features
// (one block or part of one), the batch inside the reduction so each
// weight vector is loaded once for the whole batch.
// Only tiles that divide the features are unrolled: Halide 14 miscompiles
// an unrolled, guarded tail (it re-adds earlier vectors), so other counts
// get one guarded vector per tile.
void scheduleDense(LoweredLayer &layer, int vector) {
  Halide::Func dense = denseSum(layer);
  std::vector<Var> v = dense.args();
  Var i = v[0], n = v[1];
  int64_t features = layer.shape[1], batch = layer.shape[0];
  int lanes = vector, unrolled = 1;
  bool exact = false;
  for (int candidateLanes : {vector, 8})
    for (int candidate : {4, 3, 2, 1})
      if (!exact && candidateLanes <= vector &&
          features % (candidateLanes * candidate) == 0 &&
          lowering::nestsWithBlock(candidateLanes * candidate, features)) {
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
      .reorder(iv, iu, n, (*layer.reduction)[0], io)
      .vectorize(iv)
      .parallel(io);
  if (exact)
    update.unroll(iu);
  if (batch <= 8)
    update.unroll(n);
}

// A convolution layer: register tiles where the channels allow, else the
// sum computed whole like any reduction. The zero-padded input is copied
// once, channels-innermost, so the tiles' inner loop has no bounds tests.
void scheduleConv(lowering::LoweredNetwork &network, LoweredLayer &layer,
                  const Halide::Target &target, int vector) {
  lowering::ConvParts &parts = *layer.conv;
  bool output = isOutput(network, layer.func);
  if (parts.padded)
    scheduleImage(*parts.padded, parts.inputShape, false, vector);

  auto tiling =
      chooseConvTiling(parts.shape[1], parts.shape[3], parts.weightShape[1],
                       parts.weightShape[2] * parts.weightShape[3], target);
  if (!tiling && layer.pooled) {
    scheduleConvInPoolRows(layer, vector);
    return;
  }
  if (!tiling) {
    scheduleWhole(parts.sum, parts.shape, layer.reduction, vector);
    if (output)
      scheduleImage(layer.func, layer.shape, output, vector);
    return;
  }
  if (layer.pooled)
    schedulePooledConvTiles(layer, *tiling, kParallelTasks);
  else
    scheduleConvTiles(layer, *tiling);
  if (!output) {
    std::vector<Var> v = layer.func.args();
    layer.func.reorder_storage(v[2], v[0], v[1], v[3]);
  }
}

} // namespace

void scheduleTiledCpu(lowering::LoweredNetwork &network,
                      const Halide::Target &target) {
  int vector = target.natural_vector_size<float>();
  for (LoweredLayer &layer : network.layers) {
    bool output = isOutput(network, layer.func);
    if (layer.conv) {
      scheduleConv(network, layer, target, vector);
      continue;
    }
    if (isActivation(layer.kind) && !output)
      continue; // inlined into its consumer
    if (layer.kind == LayerKind::Dense ||
        layer.kind == LayerKind::FusedDense) {
      scheduleDense(layer, vector);
      // A fused activation is inlined into its consumers, unless it is an
      // output.
      if (output && layer.func.name() != denseSum(layer).name())
        scheduleWhole(layer.func, layer.shape, std::nullopt, vector);
      continue;
    }
    if (layer.kind == LayerKind::Concat) {
      // Stored channels-innermost like any other image.
      bool channelsInnermost =
          layer.shape.size() == 4 && !output && layer.shape[1] >= vector;
      scheduleConcat(layer, channelsInnermost, vector);
      continue;
    }
    if (layer.shape.size() == 4 && !layer.func.has_update_definition())
      scheduleImage(layer.func, layer.shape, output, vector);
    else
      scheduleWhole(layer.func, layer.shape, layer.reduction, vector);
    if (hasRootHelpers(layer.kind))
      for (Halide::Func &helper : layer.helpers)
        helper.compute_root();
  }
}

} // namespace kiln::schedules
