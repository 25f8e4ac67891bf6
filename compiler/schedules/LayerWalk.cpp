//===- LayerWalk.cpp - one walk over a network's layers -------------------===//

#include "compiler/schedules/LayerWalk.h"

namespace kiln::schedules {

using lowering::LayerKind;
using lowering::LoweredLayer;

// Unary element-wise activations are cheap enough to recompute in the
// consumer rather than store, and a transpose only renames coordinates:
// inlined, NHWC exports' layout transposes cost no pass over memory of
// their own (the first convolution's padded copy reads the NHWC input).
static bool isInlined(const LoweredLayer &layer) {
  return (layer.kind == LayerKind::Activation ||
          layer.kind == LayerKind::Transpose) &&
         !layer.isOutput;
}

void walkLayers(lowering::LoweredNetwork &network, SchedulePolicy &policy) {
  for (LoweredLayer &layer : network.layers) {
    if (layer.conv) {
      policy.conv(layer);
    } else if (isInlined(layer)) {
      continue;
    } else if (layer.dense) {
      policy.dense(layer);
      if (layer.dense->activated && layer.isOutput)
        policy.denseActivationOutput(layer);
    } else if (layer.concat) {
      policy.concat(layer);
    } else {
      policy.other(layer);
      for (Halide::Func &helper : layer.computedOnce)
        policy.computeOnce(helper);
    }
  }
}

} // namespace kiln::schedules
