//===- CpuBaseline.cpp - the straightforward, correct CPU schedule --------===//
//
// Each layer is computed whole (compute_root) in program order; the unary
// activations (ReLU, sigmoid, tanh, leaky ReLU, clip) are inlined into their
// consumer, padded inputs into their convolution; a convolution fused with a
// pool is computed row by row inside the pool (scheduleConvInPoolRows).
// Per-channel
// or per-row helpers (batch_norm's multiplier, softmax's max and sum) are
// computed once, whole; other helpers (LRN's sum of squares) are inlined.
// Within a layer the innermost dimension (image width, or the feature index of
// a matrix) is vectorized when it is at least one vector wide, and the
// outermost non-batch dimension (channels) runs in parallel. Convolutions
// and dense layers move their reduction outside the vectorized dimension so
// that the vector loop is over outputs.
//
// This is the reference point for the fusion and speed work, not the final
// word: it favours obviously correct loop nests over speed. Tuned on nothing;
// LeNet-5 runs in well under a millisecond on the 2-core AVX-512 dev machine.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/LayerTraits.h"
#include "compiler/schedules/Schedules.h"

namespace kiln::schedules {

using lowering::LayerKind;
using lowering::LoweredLayer;

namespace {

// Vectorizes `stage` of `func` (of nn shape `shape`) along its dimension 0
// when it is wide enough; runs its outermost non-batch dimension in parallel.
// Update stages guard their tail: rounding up would read weights and inputs
// past their (fixed) bounds.
void vectorizeAndParallelize(Halide::Stage stage, const Halide::Func &func,
                             const lowering::Shape &shape, int vectorWidth,
                             Halide::TailStrategy tail) {
  std::vector<Halide::Var> vars = func.args();
  if (!shape.empty() && shape.back() >= vectorWidth)
    stage.vectorize(vars[0], vectorWidth, tail);
  if (vars.size() >= 2)
    stage.parallel(vars[vars.size() >= 3 ? vars.size() - 2 : 1]);
}

// Computes `func` whole, vectorized and parallel; its update, if it reduces
// over `reduction`, with the reduction outside the vector.
void scheduleWhole(Halide::Func func, const lowering::Shape &shape,
                   const std::optional<Halide::RDom> &reduction,
                   int vectorWidth) {
  func.compute_root();
  vectorizeAndParallelize(func, func, shape, vectorWidth,
                          Halide::TailStrategy::ShiftInwards);
  if (reduction) {
    Halide::Stage update = func.update();
    reorderReduction(update, func, *reduction);
    vectorizeAndParallelize(update, func, shape, vectorWidth,
                            Halide::TailStrategy::GuardWithIf);
  }
}

} // namespace

// A convolution fused with a pool (nn.fused_conv2d): the pool is computed
// whole, like any layer, and the convolution inside the pool's row loop (y;
// the channel and batch loops around it are the pool's, parallel over
// channels), with the activation inlined between them. Each pool row
// computes only the convolution rows its windows read, for one channel, so
// the convolution's full output is never allocated. Storing at the channel
// loop lets Halide slide the window down y: rows shared by overlapping
// windows (3x3 stride-2 pools) are computed once, and storage folding keeps
// only the few live rows, which stay in cache. The convolution's stages run
// over the width inside, vectorized with a guard: the rows are as wide as the
// convolution, which may be narrower than a vector, and must not be read
// past their edge.
void scheduleConvInPoolRows(LoweredLayer &layer, int vectorWidth) {
  Halide::Func &pool = layer.func;
  Halide::Func conv = layer.conv->sum;
  pool.compute_root();
  vectorizeAndParallelize(pool, pool, layer.shape, vectorWidth,
                          Halide::TailStrategy::ShiftInwards);
  std::vector<Halide::Var> poolVars = pool.args();
  conv.store_at(pool, poolVars[2]).compute_at(pool, poolVars[1]);
  Halide::Var x = conv.args()[0];
  conv.vectorize(x, vectorWidth, Halide::TailStrategy::GuardWithIf);
  Halide::Stage update = conv.update();
  reorderReduction(update, conv, *layer.reduction);
  update.vectorize(x, vectorWidth, Halide::TailStrategy::GuardWithIf);
}


// A dense layer fused with its activation (nn.fused_dense): the dense layer
// computed whole, as an unfused one is, and the activation inlined into its
// consumer, as an unfused activation is (computed whole only as an output).
static void scheduleFusedDense(const lowering::LoweredNetwork &network,
                               LoweredLayer &layer, int vectorWidth) {
  Halide::Func sum = denseSum(layer);
  scheduleWhole(sum, layer.shape, layer.reduction, vectorWidth);
  if (sum.name() != layer.func.name() && isOutput(network, layer.func))
    scheduleWhole(layer.func, layer.shape, std::nullopt, vectorWidth);
}

void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target) {
  int vectorWidth = target.natural_vector_size<float>();
  for (LoweredLayer &layer : network.layers) {
    if (layer.kind == LayerKind::FusedDense) {
      scheduleFusedDense(network, layer, vectorWidth);
      continue;
    }
    if (layer.kind == LayerKind::FusedConv && layer.pooled) {
      scheduleConvInPoolRows(layer, vectorWidth);
      continue;
    }
    // A convolution's sum is computed whole; what the layer stores (its
    // activation, or a copy) is inlined into its consumers like an
    // activation.
    if (layer.conv) {
      scheduleWhole(layer.conv->sum, layer.shape, layer.reduction,
                    vectorWidth);
      if (!isOutput(network, layer.func))
        continue;
      scheduleWhole(layer.func, layer.shape, std::nullopt, vectorWidth);
      continue;
    }
    if (isActivation(layer.kind) && !isOutput(network, layer.func))
      continue; // inlined into its consumer
    if (layer.kind == LayerKind::Concat) {
      scheduleConcat(layer, /*channelsInnermost=*/false, vectorWidth);
      continue;
    }
    scheduleWhole(layer.func, layer.shape, layer.reduction, vectorWidth);
    if (hasRootHelpers(layer.kind))
      for (Halide::Func &helper : layer.helpers)
        helper.compute_root();
  }
}

void scheduleForTarget(lowering::LoweredNetwork &network,
                       const Halide::Target &target) {
  if (target.has_gpu_feature())
    scheduleGpu(network);
  else if (target.arch == Halide::Target::X86 ||
           target.arch == Halide::Target::ARM)
    scheduleTiledCpu(network, target);
  else
    scheduleCpuBaseline(network, target);
}

} // namespace kiln::schedules
