//===- FusedConvLowering.cpp - nn.fused_conv2d as one layer ---------------===//
//
// The fused op becomes the Funcs of the ops it replaced, built by the same
// code (defineConv2d, applyActivation, maxPoolValue / avgPoolValue), but
// recorded as one layer so that the schedule can compute the convolution
// inside the pooling's loops. The arithmetic stays exactly that of the
// unfused ops: -O0 and -O1 give the same results.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

using namespace mlir;
using Halide::Func;

namespace kiln::lowering {

LogicalResult lowerFusedConv2d(nn::FusedConv2dOp op, LoweringState &state) {
  bool pooled = op.getPool() != nn::PoolKind::None;
  nn::Activation activation = nn::fusedActivation(op);
  LoweredLayer layer{LayerKind::FusedConv, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  ConvParts parts{Func(state.nameFor(op, "sum")),
                  pooled ? Func(state.nameFor(op, "act")) : layer.func};
  parts.pooled = pooled;
  auto convShape = op.getConvShape();
  parts.shape.assign(convShape.begin(), convShape.end());
  nn::Conv2dParams params{op.getStrides(), op.getPadding(), op.getDilation(),
                          static_cast<int64_t>(op.getGroups())};
  parts.reduction = defineConv2d(parts, op, op.getInput(), op.getWeight(),
                                 op.getBias(), params, state);

  std::vector<Halide::Var> v = makeVars(4);
  parts.activated(v) = applyActivation(activation, parts.sum(v));
  markDepthwiseProducer(op.getInput(), parts, state);
  layer.conv = parts;

  if (pooled) {
    const Shape &in = parts.shape;
    nn::Pool2dParams pool{*op.getPoolKernel(), *op.getPoolStrides(),
                          *op.getPoolPadding(), op.getPoolCeilMode(),
                          op.getPoolDilation()};
    // Halide's (x, y) is nn's (w, h): index 1, then 0.
    for (int axis = 0; axis < 2; ++axis) {
      layer.conv->poolKernel[axis] = static_cast<int>(pool.kernel[1 - axis]);
      layer.conv->poolStride[axis] = static_cast<int>(pool.strides[1 - axis]);
      if (!pool.dilation.empty())
        layer.conv->poolDilation[axis] =
            static_cast<int>(pool.dilation[1 - axis]);
    }
    std::string rName = state.nameFor(op, "pool_r");
    layer.func(v[0], v[1], v[2], v[3]) =
        op.getPool() == nn::PoolKind::Max
            ? maxPoolValue(parts.activated, in, pool, v, rName)
            : avgPoolValue(parts.activated, in, pool,
                           op.getPoolCountIncludePad(), v, rName);
  }

  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
