//===- CpuBaseline.cpp - the straightforward, correct CPU schedule --------===//
//
// Each layer is computed whole (compute_root) in program order; the unary
// activations (ReLU, sigmoid, tanh, leaky ReLU, clip) are inlined into their
// consumer, padded inputs into their convolution; a convolution fused with a
// pool is computed row by row inside the pool (scheduleFusedPool).
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

#include "compiler/schedules/Schedules.h"

namespace kiln::schedules {

using lowering::LayerKind;
using lowering::LoweredLayer;

namespace {

bool isActivation(LayerKind kind) {
  switch (kind) {
  case LayerKind::Relu:
  case LayerKind::Sigmoid:
  case LayerKind::Tanh:
  case LayerKind::LeakyRelu:
  case LayerKind::Clip:
    return true;
  default:
    return false;
  }
}

// Layers whose helpers are reductions or per-channel values that every
// output element reads: computing them inline would redo them per element.
bool hasRootHelpers(LayerKind kind) {
  return kind == LayerKind::Softmax || kind == LayerKind::LogSoftmax ||
         kind == LayerKind::BatchNorm;
}

bool isOutput(const lowering::LoweredNetwork &network, const Halide::Func &f) {
  for (const Halide::Func &out : network.outputs)
    if (out.name() == f.name())
      return true;
  return false;
}

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

// Reduction outside, output pixels (or features) inside the vector.
void reorderReduction(Halide::Stage update, const Halide::Func &func,
                      const Halide::RDom &reduction) {
  std::vector<Halide::VarOrRVar> order;
  std::vector<Halide::Var> vars = func.args();
  order.push_back(vars[0]);
  for (int i = 0; i < reduction.dimensions(); ++i)
    order.push_back(reduction[i]);
  for (size_t i = 1; i < vars.size(); ++i)
    order.push_back(vars[i]);
  update.reorder(order);
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
void scheduleFusedPool(LoweredLayer &layer, int vectorWidth) {
  Halide::Func &pool = layer.func;
  Halide::Func conv = layer.helpers.front();
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
void scheduleFusedDense(const lowering::LoweredNetwork &network,
                        LoweredLayer &layer, int vectorWidth) {
  bool activated = !layer.helpers.empty();
  Halide::Func dense = activated ? layer.helpers.front() : layer.func;
  scheduleWhole(dense, layer.shape, layer.reduction, vectorWidth);
  if (activated && isOutput(network, layer.func))
    scheduleWhole(layer.func, layer.shape, std::nullopt, vectorWidth);
}

} // namespace

void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target) {
  int vectorWidth = target.natural_vector_size<float>();
  for (LoweredLayer &layer : network.layers) {
    if (layer.kind == LayerKind::FusedDense) {
      scheduleFusedDense(network, layer, vectorWidth);
      continue;
    }
    if (layer.kind == LayerKind::FusedConv && layer.pooled) {
      scheduleFusedPool(layer, vectorWidth);
      continue;
    }
    // A fused convolution and activation: the convolution as an unfused one,
    // the activation like an unfused activation (below).
    bool fusedActivation = layer.kind == LayerKind::FusedConv &&
                           !layer.func.has_update_definition();
    if (fusedActivation)
      scheduleWhole(layer.helpers.front(), layer.shape, layer.reduction,
                    vectorWidth);
    if ((isActivation(layer.kind) || fusedActivation) &&
        !isOutput(network, layer.func))
      continue; // inlined into its consumer
    scheduleWhole(layer.func, layer.shape,
                  fusedActivation ? std::nullopt : layer.reduction,
                  vectorWidth);
    if (hasRootHelpers(layer.kind))
      for (Halide::Func &helper : layer.helpers)
        helper.compute_root();
  }
}

} // namespace kiln::schedules
