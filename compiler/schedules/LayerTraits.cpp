//===- LayerTraits.cpp - what schedules ask of a lowered layer ------------===//

#include "compiler/schedules/LayerTraits.h"

#include <numeric>

namespace kiln::schedules {

using lowering::LayerKind;

Halide::Func denseSum(const lowering::LoweredLayer &layer) {
  bool activated =
      layer.kind == LayerKind::FusedDense && !layer.helpers.empty();
  return activated ? layer.helpers.front() : layer.func;
}

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

void scheduleConcat(const lowering::LoweredLayer &layer,
                    bool channelsInnermost, int vector) {
  Halide::Func f = layer.func;
  std::vector<Halide::Var> v = f.args();
  size_t rank = v.size();
  f.compute_root();
  // Halide dimensions, innermost first.
  std::vector<int> loopOrder(rank);
  std::iota(loopOrder.begin(), loopOrder.end(), 0);
  if (channelsInnermost) {
    f.reorder_storage(v[2], v[0], v[1], v[3]);
    loopOrder = {2, 0, 1, 3};
  }
  for (size_t i = 0; i < layer.concatCopies.size(); ++i) {
    Halide::RVar r = layer.concatCopies[i].x;
    std::vector<Halide::VarOrRVar> loops;
    for (int dim : loopOrder)
      loops.push_back(dim == layer.concatDim ? Halide::VarOrRVar(r)
                                             : Halide::VarOrRVar(v[dim]));
    Halide::Stage copy = f.update(static_cast<int>(i));
    copy.reorder(loops);
    // The input's extent along the innermost loop.
    int inner = loopOrder.front();
    const int64_t *copied = Halide::Internal::as_const_int(r.extent());
    int64_t extent = inner == layer.concatDim ? (copied ? *copied : 0)
                                              : layer.shape[rank - 1 - inner];
    if (extent >= vector)
      copy.vectorize(loops.front(), vector, Halide::TailStrategy::GuardWithIf);
    // The outermost non-batch loop in parallel; not the stacked dimension,
    // whose copies Halide would have to prove disjoint.
    for (size_t k = rank >= 2 ? rank - 1 : 0; k-- > 1;)
      if (loopOrder[k] != layer.concatDim) {
        copy.parallel(loops[k]);
        break;
      }
  }
}

} // namespace kiln::schedules
