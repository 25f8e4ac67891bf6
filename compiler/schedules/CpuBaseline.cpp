//===- CpuBaseline.cpp - the straightforward, correct CPU schedule --------===//
//
// Each layer is computed whole (compute_root) in program order; the unary
// activations (ReLU, sigmoid, tanh, leaky ReLU, clip) are inlined into their
// consumer, padded inputs into their convolution. Per-channel or per-row
// helpers (batch_norm's multiplier, softmax's max and sum) are computed once,
// whole; other helpers (LRN's sum of squares) are inlined. Within a
// layer the innermost dimension (image width, or the feature index of a
// matrix) is vectorized when it is at least one vector wide, and the
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

// Vectorizes `stage` along its dimension 0 when the layer is wide enough;
// runs its outermost non-batch dimension in parallel.
// Update stages guard their tail: rounding up would read weights and inputs
// past their (fixed) bounds.
void vectorizeAndParallelize(Halide::Stage stage, const LoweredLayer &layer,
                             int vectorWidth, Halide::TailStrategy tail) {
  std::vector<Halide::Var> vars = layer.func.args();
  if (!layer.shape.empty() && layer.shape.back() >= vectorWidth)
    stage.vectorize(vars[0], vectorWidth, tail);
  if (vars.size() >= 2)
    stage.parallel(vars[vars.size() >= 3 ? vars.size() - 2 : 1]);
}

} // namespace

void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target) {
  int vectorWidth = target.natural_vector_size<float>();
  for (LoweredLayer &layer : network.layers) {
    if (isActivation(layer.kind) && !isOutput(network, layer.func))
      continue; // inlined into its consumer
    layer.func.compute_root();
    vectorizeAndParallelize(layer.func, layer, vectorWidth,
                            Halide::TailStrategy::ShiftInwards);

    if (layer.reduction) {
      // Reduction outside, output pixels (or features) inside the vector.
      std::vector<Halide::VarOrRVar> order;
      std::vector<Halide::Var> vars = layer.func.args();
      order.push_back(vars[0]);
      for (int i = 0; i < layer.reduction->dimensions(); ++i)
        order.push_back((*layer.reduction)[i]);
      for (size_t i = 1; i < vars.size(); ++i)
        order.push_back(vars[i]);
      Halide::Stage update = layer.func.update();
      update.reorder(order);
      vectorizeAndParallelize(update, layer, vectorWidth,
                              Halide::TailStrategy::GuardWithIf);
    }
    if (hasRootHelpers(layer.kind))
      for (Halide::Func &helper : layer.helpers)
        helper.compute_root();
  }
}

} // namespace kiln::schedules
