//===- FusedConvLowering.cpp - nn.fused_conv2d as one layer ---------------===//
//
// The fused op becomes the Funcs of the ops it replaced, built by the same
// code (defineConv2d, applyActivation, maxPoolValue / avgPoolValue), but
// recorded as one layer so that the schedule can compute the convolution
// inside the pooling's loops. The activation is a pure Func of its own, as
// an unfused activation is, so the schedule can inline it into the pool (or
// the next layer) and the arithmetic stays exactly that of the unfused ops:
// -O0 and -O1 give the same results.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerFusedConv2d(nn::FusedConv2dOp op, LoweringState &state) {
  bool pooled = op.getPool() != "none";
  Activation activation = activationOf(op);
  bool activated = activation.kind != "none";
  LoweredLayer layer{LayerKind::FusedConv, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  layer.pooled = pooled;
  // Without an activation or a pool the layer is a plain convolution.
  Func conv =
      pooled || activated ? Func(state.nameFor(op, "conv")) : layer.func;
  if (pooled || activated)
    layer.helpers.push_back(conv);

  nn::Conv2dParams params{op.getStrides(), op.getPadding(), op.getDilation(),
                          static_cast<int64_t>(op.getGroups())};
  layer.reduction = defineConv2d(conv, op, op.getInput(), op.getWeight(),
                                 op.getBias(), params, state, layer.helpers);

  std::vector<Halide::Var> v = makeVars(4);
  Func activatedConv = conv;
  if (activated) {
    activatedConv = pooled ? Func(state.nameFor(op, "act")) : layer.func;
    activatedConv(v[0], v[1], v[2], v[3]) =
        applyActivation(activation, conv(v[0], v[1], v[2], v[3]));
  }

  if (pooled) {
    auto convShape = op.getConvShape();
    Shape in(convShape.begin(), convShape.end());
    nn::Pool2dParams pool{*op.getPoolKernel(), *op.getPoolStrides(),
                          *op.getPoolPadding(), op.getPoolCeilMode(),
                          op.getPoolDilation()};
    std::string rName = state.nameFor(op, "pool_r");
    layer.func(v[0], v[1], v[2], v[3]) =
        op.getPool() == "max"
            ? maxPoolValue(activatedConv, in, pool, v, rName)
            : avgPoolValue(activatedConv, in, pool, op.getPoolCountIncludePad(),
                           v, rName);
  }

  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
