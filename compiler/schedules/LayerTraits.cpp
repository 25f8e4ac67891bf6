//===- LayerTraits.cpp - what schedules ask of a lowered layer ------------===//

#include "compiler/schedules/LayerTraits.h"

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

} // namespace kiln::schedules
