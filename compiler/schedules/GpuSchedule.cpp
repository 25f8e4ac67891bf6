//===- GpuSchedule.cpp - a plain, correct GPU schedule (CUDA) -------------===//
//
// Every layer that is not inlined runs as its own kernels: one GPU thread
// per output element, in 16x16 tiles of the two innermost dimensions, the
// third (channels of an NCHW image) as a further block dimension and any
// batch dimension as a loop on the host. Reductions (a convolution's or
// dense layer's sum, a pool) run inside each thread. Unary activations
// are inlined into their consumer, as on the CPU.
//
// This is the first GPU mapping: correct, not fast. It keeps no fused
// conv + pool group on chip and uses no shared memory; weights go to the
// device on every run. Only compiled and checked with ptxas so far (no GPU
// was available to the team when it was written).
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/LayerTraits.h"
#include "compiler/schedules/Schedules.h"

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;
using lowering::LayerKind;
using lowering::LoweredLayer;

namespace {

// The pure Vars of `f` that stage `stage` (0: the pure definition, k: update
// k-1) loops over: all of them for the pure definition, those an update
// writes plainly (not a concat's stacked dimension) for an update.
std::vector<Var> stageVars(const Halide::Func &f, int stage) {
  std::vector<Var> vars = f.args();
  if (stage == 0)
    return vars;
  std::vector<Halide::Expr> lhs = f.update_args(stage - 1);
  std::vector<Var> plain;
  for (size_t d = 0; d < vars.size(); ++d)
    if (const auto *var = lhs[d].as<Halide::Internal::Variable>())
      if (var->name == vars[d].name())
        plain.push_back(vars[d]);
  return plain;
}

void mapStage(Halide::Stage stage, const std::vector<Var> &vars) {
  Var bx("bx"), by("by"), tx("tx"), ty("ty");
  if (vars.size() >= 2) {
    stage.gpu_tile(vars[0], vars[1], bx, by, tx, ty, 16, 16,
                   TailStrategy::GuardWithIf);
    if (vars.size() >= 3)
      stage.gpu_blocks(vars[2]);
  } else if (vars.size() == 1) {
    stage.gpu_tile(vars[0], bx, tx, 256, TailStrategy::GuardWithIf);
  } else {
    stage.gpu_single_thread();
  }
}

// Computes `f` whole on the GPU, every stage mapped to blocks and threads.
void onGpu(Halide::Func f) {
  f.compute_root();
  mapStage(f, stageVars(f, 0));
  for (int i = 0; i < f.num_update_definitions(); ++i)
    mapStage(f.update(i), stageVars(f, i + 1));
}

} // namespace

void scheduleGpu(lowering::LoweredNetwork &network) {
  for (LoweredLayer &layer : network.layers) {
    bool output = isOutput(network, layer.func);
    if (layer.conv) {
      if (layer.conv->padded)
        onGpu(*layer.conv->padded);
      onGpu(layer.conv->sum);
      // The activation is inlined into the pool, if any, or stored.
      if (layer.func.name() != layer.conv->sum.name())
        onGpu(layer.func);
      continue;
    }
    if (isActivation(layer.kind) && !output)
      continue; // inlined into its consumer
    if (layer.kind == LayerKind::Dense || layer.kind == LayerKind::FusedDense) {
      onGpu(denseSum(layer));
      if (output && layer.func.name() != denseSum(layer).name())
        onGpu(layer.func);
      continue;
    }
    onGpu(layer.func);
    if (hasRootHelpers(layer.kind))
      for (Halide::Func &helper : layer.helpers)
        onGpu(helper);
  }
}

} // namespace kiln::schedules
