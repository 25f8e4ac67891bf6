//===- LayerWalk.h - one walk over a network's layers -----------*- C++ -*-===//
//
// Every Kiln schedule makes the same decisions about which layers are
// computed on their own: a convolution with whatever it was fused with, a
// dense layer (whose fused activation is inlined into its readers unless it
// is an output), unary activations and transposes inlined into their
// consumers unless they are outputs, and per-channel or per-row values computed
// once. walkLayers makes those decisions once; a target's SchedulePolicy says
// only how each kind of layer is computed. A new layer kind touches the walk
// once and a policy only where that target computes it differently.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_LAYERWALK_H
#define KILN_COMPILER_SCHEDULES_LAYERWALK_H

#include "compiler/lowering/LoweredNetwork.h"

namespace kiln::schedules {

/// How one target family computes each kind of layer. walkLayers calls the
/// hooks in program order.
class SchedulePolicy {
public:
  virtual ~SchedulePolicy() = default;

  /// A convolution layer (`layer.conv`): its sum, activation and pool.
  virtual void conv(lowering::LoweredLayer &layer) = 0;
  /// A dense layer's sum (`layer.dense`).
  virtual void dense(lowering::LoweredLayer &layer) = 0;
  /// A dense layer's fused activation when it is a pipeline output (it is
  /// inlined into its readers otherwise).
  virtual void denseActivationOutput(lowering::LoweredLayer &layer) = 0;
  /// A concat (`layer.concat`).
  virtual void concat(lowering::LoweredLayer &layer) = 0;
  /// Any other layer computed on its own.
  virtual void other(lowering::LoweredLayer &layer) = 0;
  /// One of a layer's `computedOnce` Funcs, after the layer's own hook.
  virtual void computeOnce(Halide::Func helper) = 0;
};

/// Schedules every layer of `network` through `policy`.
void walkLayers(lowering::LoweredNetwork &network, SchedulePolicy &policy);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_LAYERWALK_H
