//===- ConvLowering.cpp - conv2d and dense as Halide reductions -----------===//
//
// Both are a pure definition (the bias, or zero) plus an update that sums
// over the reduction domain; their definitions (defineConv2d, defineDense)
// are shared with nn.fused_conv2d and nn.fused_dense (FusedConvLowering.cpp,
// FusedDenseLowering.cpp). The weights are
// repacked at compile time so that the output channels / features are
// innermost; the algorithm still indexes them in their nn layout.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/Winograd.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;

namespace kiln::lowering {

/// `input` with zeros around its two innermost (spatial) dimensions.
static Func zeroPadded(Func input, const Shape &shape,
                       const std::string &name) {
  std::vector<Halide::Var> v = makeVars(4);
  Expr width = extent(shape, 3), height = extent(shape, 2);
  Expr inside = v[0] >= 0 && v[0] < width && v[1] >= 0 && v[1] < height;
  Func padded(name);
  // The clamps keep Halide's bounds inference inside the input.
  padded(v[0], v[1], v[2], v[3]) =
      Halide::select(inside,
                     input(Halide::clamp(v[0], 0, width - 1),
                           Halide::clamp(v[1], 0, height - 1), v[2], v[3]),
                     0.0f);
  return padded;
}

// Whether the convolution is a GEMM whose rows (the output pixels) may be
// merged across image rows: ungrouped, storing whole vectors of channels
// (the tiled schedule's condition for register tiles, TiledConv.h), not
// computed under a pool's rows, and either 1x1 and unpadded or a kernel
// whose rows the target's tiles fit badly (LoweringOptions::
// mergesKernelRows).
static bool suitsMergedRows(const ConvParts &parts,
                            const nn::Conv2dParams &params, const Shape &w,
                            const LoweringState &state) {
  if (params.groups != 1 || parts.pooled || w[0] % 8 != 0 ||
      !state.mergesGemmRows())
    return false;
  bool pointwise =
      w[2] == 1 && w[3] == 1 &&
      llvm::all_of(params.padding, [](int64_t p) { return p == 0; });
  return pointwise || state.mergesKernelRows(parts.shape, w);
}

// The convolution as a GEMM over pixel = x + y * width (ConvParts::
// rowsMerged), so that a register tile of pixels may span two rows: 7x7
// and 14x14 maps have no good tile within one row. A tile rounded up past
// the last pixel reads the last pixel again, so it stays inside the input
// (or its zero padding).
static Halide::RDom defineMergedRowGemm(ConvParts &parts, Operation *op,
                                        Func input, Func weight, Value bias,
                                        const nn::Conv2dParams &params,
                                        LoweringState &state) {
  int width = static_cast<int>(parts.shape[3]);
  int pixels = static_cast<int>(parts.shape[2]) * width;
  const Shape &w = parts.weightShape;
  Halide::Var p("p"), c("c"), n("n");
  Halide::RDom r(0, static_cast<int>(w[1]), 0, static_cast<int>(w[3]), 0,
                 static_cast<int>(w[2]), state.nameFor(op, "r"));
  Halide::RVar ci = r.x, kx = r.y, ky = r.z;
  Expr pixel = Halide::min(p, pixels - 1);
  Expr ix = (pixel % width) * static_cast<int>(params.strides[1]) -
            static_cast<int>(params.padding[1]) +
            kx * static_cast<int>(params.dilation[1]);
  Expr iy = (pixel / width) * static_cast<int>(params.strides[0]) -
            static_cast<int>(params.padding[0]) +
            ky * static_cast<int>(params.dilation[0]);

  Func merged(state.nameFor(op, "gemm"));
  merged(p, c, n) = bias ? state.lookup(bias)(c) : Expr(0.0f);
  merged(p, c, n) += weight(kx, ky, ci, c) * input(ix, iy, ci, n);
  parts.rowsMerged = merged;

  std::vector<Halide::Var> v = makeVars(4);
  parts.sum(v) = merged(v[0] + v[1] * width, v[2], v[3]);
  return r;
}

Halide::RDom defineConv2d(ConvParts &parts, Operation *op, Value input,
                          Value weight, Value bias,
                          const nn::Conv2dParams &params,
                          LoweringState &state) {
  Shape in = shapeOf(input), w = shapeOf(weight);
  ArrayRef<int64_t> strides = params.strides, padding = params.padding,
                    dilation = params.dilation;
  int groups = static_cast<int>(params.groups);
  int inPerGroup = static_cast<int>(w[1]);
  int outPerGroup = static_cast<int>(w[0] / groups);
  parts.inputShape = in;
  parts.weightShape = w;
  parts.stride = {static_cast<int>(strides[1]), static_cast<int>(strides[0])};

  Func inputFunc = state.lookup(input);
  if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
    inputFunc = zeroPadded(inputFunc, in, state.nameFor(op, "padded"));
    parts.padded = inputFunc;
  }
  parts.input = inputFunc;
  if (const WinogradVariant *variant =
          winogradVariantFor(params, w, parts.shape, state.loweringOptions()))
    if (lowerWinogradConv(parts, op, inputFunc, weight, bias, *variant, state))
      return Halide::RDom();
  int64_t widestBlock = state.loweringOptions().convWeightBlock;
  bool mergedRows = suitsMergedRows(parts, params, w, state);
  if (!mergedRows && groups == 1 && w[2] * w[3] > 1)
    widestBlock = state.rowConvWeightBlock(
        parts.shape, w, parts.stride[0] > 1 || parts.stride[1] > 1,
        parts.padded.has_value());
  WeightLayout layout = convWeightLayout(w, widestBlock);
  Func weightFunc = state.lookupRepacked(weight, layout);
  parts.weightsBuffer = state.weightBufferName(weight, layout);
  parts.weightBlock = channelBlock(w[0], widestBlock);
  if (mergedRows)
    return defineMergedRowGemm(parts, op, inputFunc, weightFunc, bias, params,
                               state);

  std::vector<Halide::Var> v = makeVars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  // Input channels innermost: consecutive reduction steps read neighbouring
  // weights and (channels-innermost) inputs.
  Halide::RDom r(0, inPerGroup, 0, static_cast<int>(w[3]), 0,
                 static_cast<int>(w[2]), state.nameFor(op, "r"));
  Halide::RVar ci = r.x, kx = r.y, ky = r.z;
  Expr inChannel = groups == 1 ? Expr(ci) : (c / outPerGroup) * inPerGroup + ci;
  Expr ix = x * static_cast<int>(strides[1]) - static_cast<int>(padding[1]) +
            kx * static_cast<int>(dilation[1]);
  Expr iy = y * static_cast<int>(strides[0]) - static_cast<int>(padding[0]) +
            ky * static_cast<int>(dilation[0]);

  Func &sum = parts.sum;
  sum(x, y, c, n) = bias ? state.lookup(bias)(c) : Expr(0.0f);
  sum(x, y, c, n) +=
      weightFunc(kx, ky, ci, c) * inputFunc(ix, iy, inChannel, n);
  return r;
}

void markDepthwiseProducer(Value input, const ConvParts &parts,
                           LoweringState &state) {
  if (!parts.isDepthwise() || parts.pooled || !parts.padded ||
      !input.hasOneUse())
    return;
  LoweredLayer *producer = state.convLayerOf(input);
  if (producer && producer->conv->isPointwiseGemm() &&
      !producer->conv->pooled && !producer->residualAdd)
    producer->computedInDepthwise = state.nextLayerIndex();
}

LogicalResult lowerConv2d(nn::Conv2dOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::Conv2d, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  nn::Conv2dParams params{op.getStrides(), op.getPadding(), op.getDilation(),
                          static_cast<int64_t>(op.getGroups())};
  ConvParts parts{Func(state.nameFor(op, "sum")), layer.func};
  parts.shape = layer.shape;
  parts.reduction = defineConv2d(parts, op, op.getInput(), op.getWeight(),
                                 op.getBias(), params, state);
  std::vector<Halide::Var> v = makeVars(4);
  layer.func(v) = parts.sum(v);
  markDepthwiseProducer(op.getInput(), parts, state);
  layer.conv = parts;
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

Halide::RDom defineDense(Func dense, Operation *op, Value input, Value weight,
                         Value bias, LoweringState &state) {
  Shape in = shapeOf(input);
  Func inputFunc = state.lookup(input);
  Func weightFunc = state.lookupRepacked(weight, denseWeightLayout(shapeOf(weight)));

  std::vector<Halide::Var> v = makeVars(2);
  Halide::Var i = v[0], n = v[1];
  Halide::RDom k(0, static_cast<int>(in[1]), state.nameFor(op, "k"));
  dense(i, n) = bias ? state.lookup(bias)(i) : Expr(0.0f);
  dense(i, n) += weightFunc(k, i) * inputFunc(k, n);
  return k;
}

LogicalResult lowerDense(nn::DenseOp op, LoweringState &state) {
  LoweredLayer layer{LayerKind::Dense, Func(state.nameFor(op)),
                     shapeOf(op.getOutput())};
  Halide::RDom k = defineDense(layer.func, op, op.getInput(), op.getWeight(),
                               op.getBias(), state);
  layer.dense = DenseParts{layer.func, k};
  state.define(op.getOutput(), layer.func);
  state.addLayer(std::move(layer));
  return success();
}

} // namespace kiln::lowering
