//===- CpuBaseline.cpp - the straightforward, correct CPU schedule --------===//
//
// Each layer is computed whole (compute_root) in program order (the walk,
// LayerWalk.h, inlines activations and computes per-channel values once);
// padded inputs are inlined into their convolution; a convolution fused with
// a pool is computed row by row inside the pool (scheduleConvInPoolRows).
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

#include "compiler/schedules/CpuLoops.h"
#include "compiler/schedules/LayerWalk.h"
#include "compiler/schedules/Schedules.h"

namespace kiln::schedules {

using lowering::LoweredLayer;

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
  scheduleWhole(pool, layer.shape, std::nullopt, vectorWidth);
  std::vector<Halide::Var> poolVars = pool.args();
  conv.store_at(pool, poolVars[2]).compute_at(pool, poolVars[1]);
  Halide::Var x = conv.args()[0];
  conv.vectorize(x, vectorWidth, Halide::TailStrategy::GuardWithIf);
  Halide::Stage update = conv.update();
  reorderReduction(update, conv, layer.conv->reduction);
  update.vectorize(x, vectorWidth, Halide::TailStrategy::GuardWithIf);
}

namespace {

class BaselinePolicy final : public SchedulePolicy {
public:
  explicit BaselinePolicy(int vectorWidth) : vectorWidth(vectorWidth) {}

  // The sum computed whole; what the layer stores (its activation, or a
  // copy) inlined into its consumers like an activation, unless it is an
  // output.
  void conv(LoweredLayer &layer) override {
    if (layer.conv->pooled) {
      scheduleConvInPoolRows(layer, vectorWidth);
      return;
    }
    scheduleWhole(layer.conv->sum, layer.shape, layer.conv->reduction,
                  vectorWidth);
    if (layer.isOutput)
      scheduleWhole(layer.func, layer.shape, std::nullopt, vectorWidth);
  }

  void dense(LoweredLayer &layer) override {
    scheduleWhole(layer.dense->sum, layer.shape, layer.dense->reduction,
                  vectorWidth);
  }

  void denseActivationOutput(LoweredLayer &layer) override {
    scheduleWhole(layer.func, layer.shape, std::nullopt, vectorWidth);
  }

  void concat(LoweredLayer &layer) override {
    scheduleConcat(layer, /*channelsInnermost=*/false, vectorWidth);
  }

  void other(LoweredLayer &layer) override {
    scheduleWhole(layer.func, layer.shape, layer.reduction, vectorWidth);
  }

  void computeOnce(Halide::Func helper) override { helper.compute_root(); }

private:
  int vectorWidth;
};

} // namespace

void scheduleCpuBaseline(lowering::LoweredNetwork &network,
                         const Halide::Target &target) {
  BaselinePolicy policy(target.natural_vector_size<float>());
  walkLayers(network, policy);
}

} // namespace kiln::schedules
