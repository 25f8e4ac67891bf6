//===- FoldConstants.cpp - constant arithmetic on weights -----------------===//
//
// Each pattern replaces run-time work on weights with its result: a
// transposed or reshaped constant becomes a new constant, a per-channel
// scale or offset applied to a convolution's output or input moves into the
// convolution's weights and bias (an offset on the input only without
// padding), and an offset after a dense layer into its bias. "Per channel"
// means a constant that broadcasts along the channels only: shape [C, 1, 1]
// or [1, C, 1, 1], or a single value.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNConstants.h"
#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::nn;

namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

struct FoldTransposeOfConstant : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto values = constantValues(op.getInput());
    if (!values)
      return failure();
    ArrayRef<int64_t> out = shapeOf(op.getOutput());
    std::vector<float> result;
    result.reserve(values->size());
    forEachTransposedRow(*values, shapeOf(op.getInput()),
                         op.getPermutation(), [&](ArrayRef<float> row) {
                           result.insert(result.end(), row.begin(), row.end());
                         });
    rewriter.replaceOp(
        op, makeConstant(rewriter, op.getLoc(), out, result,
                         constantName(op.getInput(), "c") + ".transposed"));
    return success();
  }
};

struct FoldReshapeOfConstant : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto values = constantValues(op.getInput());
    if (!values)
      return failure();
    rewriter.replaceOp(
        op,
        makeConstant(rewriter, op.getLoc(), shapeOf(op.getOutput()), *values,
                     constantName(op.getInput(), "c") + ".reshaped"));
    return success();
  }
};

/// The per-output-channel values of `value` for `channels` channels, when it
/// is a constant that broadcasts along the channel dimension of an NCHW
/// tensor only.
std::optional<std::vector<float>> perChannel(Value value, int64_t channels) {
  auto values = constantValues(value);
  if (!values)
    return std::nullopt;
  ArrayRef<int64_t> shape = shapeOf(value);
  if (values->size() == 1)
    return std::vector<float>(channels, values->front());
  // numpy broadcasting aligns shapes from the right, so the channel
  // dimension of NCHW is the third from the end: [C, 1, 1] or [1, C, 1, 1].
  // (A [C] constant would broadcast along the width instead.)
  int64_t rank = shape.size();
  if (rank < 3 || rank > 4 || static_cast<int64_t>(values->size()) != channels)
    return std::nullopt;
  for (int64_t d = 0; d < rank; ++d)
    if (shape[d] != (d == rank - 3 ? channels : 1))
      return std::nullopt;
  return values;
}

/// The values of a layer's optional `bias` for `count` outputs: zeros when
/// there is none, nothing when it is not a constant.
std::optional<std::vector<float>> biasOrZeros(Value bias, int64_t count) {
  if (!bias)
    return std::vector<float>(count, 0.0f);
  return constantValues(bias);
}

/// A copy of `conv` reading `input`, with constant `weight` and `bias`
/// (named after its weights, with one ".folded" suffix however often it is
/// folded; the bias at `biasLoc`), inserted before it.
Value rebuildConv(PatternRewriter &rewriter, Conv2dOp conv, Value input,
                  ArrayRef<float> weight, ArrayRef<float> bias,
                  Location biasLoc) {
  rewriter.setInsertionPoint(conv);
  std::string name = constantName(conv.getWeight(), "weight");
  if (!llvm::StringRef(name).ends_with(".folded"))
    name += ".folded";
  Value w = makeConstant(rewriter, conv.getWeight().getLoc(),
                         shapeOf(conv.getWeight()), weight, name);
  Value b = makeConstant(rewriter, biasLoc, {static_cast<int64_t>(bias.size())},
                         bias, name + "_bias");
  return Conv2dOp::create(rewriter, conv.getLoc(), conv.getType(), input, w, b,
                          conv.getStridesAttr(), conv.getPaddingAttr(),
                          conv.getDilationAttr(), conv.getGroupsAttr())
      .getResult();
}

/// Applies y = conv * scale + offset (per output channel) to a convolution
/// with constant weights and bias; null when the fold does not apply.
Value foldAffineIntoConv(PatternRewriter &rewriter, Operation *user,
                         Value convResult, ArrayRef<float> scale,
                         ArrayRef<float> offset) {
  auto conv = convResult.getDefiningOp<Conv2dOp>();
  if (!conv || !conv->hasOneUse())
    return nullptr;
  size_t channels = scale.size();
  auto weight = constantValues(conv.getWeight());
  auto bias = biasOrZeros(conv.getBias(), static_cast<int64_t>(channels));
  if (!weight || !bias)
    return nullptr;
  size_t perChannelSize = weight->size() / channels;
  for (size_t i = 0; i < weight->size(); ++i)
    (*weight)[i] *= scale[i / perChannelSize];
  for (size_t c = 0; c < channels; ++c)
    (*bias)[c] = (*bias)[c] * scale[c] + offset[c];
  return rebuildConv(rewriter, conv, conv.getInput(), *weight, *bias,
                     user->getLoc());
}

/// conv (*|/|+|-) constant, with the conv on the left (or either side for
/// the commutative ops).
template <typename OpTy>
struct FoldArithmeticIntoConv : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value conv = op.getLhs(), other = op.getRhs();
    constexpr bool commutative =
        std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, AddOp>;
    if (commutative && !conv.getDefiningOp<Conv2dOp>())
      std::swap(conv, other);
    if (!conv.getDefiningOp<Conv2dOp>() || op.getType() != conv.getType())
      return failure();
    int64_t channels = shapeOf(conv)[1];
    auto values = perChannel(other, channels);
    if (!values)
      return failure();
    std::vector<float> scale(channels, 1.0f), offset(channels, 0.0f);
    for (int64_t c = 0; c < channels; ++c) {
      float v = (*values)[c];
      if constexpr (std::is_same_v<OpTy, MulOp>)
        scale[c] = v;
      else if constexpr (std::is_same_v<OpTy, DivOp>)
        scale[c] = 1.0f / v;
      else if constexpr (std::is_same_v<OpTy, AddOp>)
        offset[c] = v;
      else
        offset[c] = -v;
    }
    Value folded = foldAffineIntoConv(rewriter, op, conv, scale, offset);
    if (!folded)
      return failure();
    rewriter.replaceOp(op, folded);
    rewriter.eraseOp(conv.getDefiningOp());
    return success();
  }
};

/// Whether `value` is a constant holding a single value.
bool isScalarConstant(Value value) {
  auto values = constantValues(value);
  return values && values->size() == 1;
}

/// layout(x op c) -> layout(x) op c, for a reshape or transpose (`layout`)
/// of arithmetic with one single-valued constant (which broadcasts the
/// same through any layout), read by the layout op only. Keras exports
/// Rescaling on the NHWC input before the transpose to NCHW: moved after
/// it, the arithmetic reaches the convolution it can fold into.
template <typename LayoutOp, typename ArithOp>
struct MoveScalarArithmeticAfterLayout : public OpRewritePattern<LayoutOp> {
  using OpRewritePattern<LayoutOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(LayoutOp layout,
                                PatternRewriter &rewriter) const override {
    auto arith = layout.getInput().template getDefiningOp<ArithOp>();
    if (!arith || !arith->hasOneUse())
      return failure();
    bool constantRight = isScalarConstant(arith.getRhs());
    Value x = constantRight ? arith.getLhs() : arith.getRhs();
    Value c = constantRight ? arith.getRhs() : arith.getLhs();
    if (!isScalarConstant(c) || x.getType() != arith.getType())
      return failure();
    Operation *moved = rewriter.clone(*layout);
    moved->setOperand(0, x);
    Value lhs = moved->getResult(0), rhs = c;
    if (!constantRight)
      std::swap(lhs, rhs);
    rewriter.replaceOpWithNewOp<ArithOp>(layout, layout.getType(), lhs, rhs);
    rewriter.eraseOp(arith);
    return success();
  }
};

/// conv(x op c) with c per input channel (or a single value), where x op c
/// is read by the convolution only: Keras's Rescaling and Normalization
/// layers before the first convolution. A scale (* or /) moves into the
/// weights, W'[o][i] = W[o][i] * s[c(o, i)], exactly even with zero padding
/// (a padded zero scaled stays zero). An offset (+ or -) moves into the
/// bias, b'[o] = b[o] + sum W[o][i][.][.] * t[c(o, i)], only without
/// padding: with it, the padded border would gain the offset too.
template <typename OpTy>
struct FoldArithmeticIntoConvInput : public OpRewritePattern<Conv2dOp> {
  using OpRewritePattern<Conv2dOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2dOp conv,
                                PatternRewriter &rewriter) const override {
    auto op = conv.getInput().template getDefiningOp<OpTy>();
    if (!op || !op->hasOneUse())
      return failure();
    constexpr bool scales =
        std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, DivOp>;
    constexpr bool commutative =
        std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, AddOp>;
    Value x = op.getLhs(), other = op.getRhs();
    if (commutative && !constantValues(other))
      std::swap(x, other);
    int64_t channels = shapeOf(conv.getInput())[1];
    auto values = perChannel(other, channels);
    if (!values || x.getType() != conv.getInput().getType())
      return failure();
    bool padded =
        llvm::any_of(conv.getPadding(), [](int64_t p) { return p != 0; });
    if (!scales && padded)
      return failure();
    // Weight [O, C/groups, kh, kw]: entry (o, i) reads input channel
    // (o / (O/groups)) * (C/groups) + i.
    ArrayRef<int64_t> w = shapeOf(conv.getWeight());
    int64_t outChannels = w[0], perGroup = w[1], window = w[2] * w[3];
    auto weight = constantValues(conv.getWeight());
    auto bias = biasOrZeros(conv.getBias(), outChannels);
    if (!weight || !bias)
      return failure();
    int64_t outPerGroup = outChannels / conv.getGroups();
    for (int64_t o = 0; o < outChannels; ++o)
      for (int64_t i = 0; i < perGroup; ++i) {
        float v = (*values)[(o / outPerGroup) * perGroup + i];
        for (int64_t k = 0; k < window; ++k) {
          float &entry = (*weight)[(o * perGroup + i) * window + k];
          if constexpr (std::is_same_v<OpTy, MulOp>)
            entry *= v;
          else if constexpr (std::is_same_v<OpTy, DivOp>)
            entry /= v;
          else if constexpr (std::is_same_v<OpTy, AddOp>)
            (*bias)[o] += entry * v;
          else
            (*bias)[o] -= entry * v;
        }
      }

    rewriter.replaceOp(
        conv, rebuildConv(rewriter, conv, x, *weight, *bias, conv.getLoc()));
    rewriter.eraseOp(op);
    return success();
  }
};

/// dense (+|-) constant, per feature ([M], [1, M] or a single value), with
/// the dense layer's result used only here: the constant joins its bias.
/// MatMul + Add, as TensorFlow's and Keras's exporters write a Dense layer.
template <typename OpTy>
struct FoldOffsetIntoDense : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value result = op.getLhs(), other = op.getRhs();
    if (std::is_same_v<OpTy, AddOp> && !result.getDefiningOp<DenseOp>())
      std::swap(result, other);
    auto dense = result.getDefiningOp<DenseOp>();
    if (!dense || !dense->hasOneUse() || op.getType() != dense.getType())
      return failure();
    int64_t features = shapeOf(result)[1];
    auto offset = constantValues(other);
    ArrayRef<int64_t> shape = shapeOf(other);
    bool perFeature =
        offset && (offset->size() == 1 ||
                   (static_cast<int64_t>(offset->size()) == features &&
                    shape.back() == features && shape.size() <= 2));
    if (!perFeature)
      return failure();
    auto bias = biasOrZeros(dense.getBias(), features);
    if (!bias)
      return failure();
    float sign = std::is_same_v<OpTy, AddOp> ? 1.0f : -1.0f;
    for (int64_t i = 0; i < features; ++i)
      (*bias)[i] += sign * (*offset)[offset->size() == 1 ? 0 : i];
    rewriter.setInsertionPoint(dense);
    Value b = makeConstant(rewriter, op.getLoc(), {features}, *bias,
                           constantName(dense.getWeight(), "dense") + "_bias");
    auto folded = DenseOp::create(rewriter, dense.getLoc(), dense.getType(),
                                  dense.getInput(), dense.getWeight(), b);
    rewriter.replaceOp(op, folded.getResult());
    rewriter.eraseOp(dense);
    return success();
  }
};

struct FoldConstantsPass
    : public kiln::impl::FoldConstantsBase<FoldConstantsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<
        FoldTransposeOfConstant, FoldReshapeOfConstant,
        FoldArithmeticIntoConv<MulOp>, FoldArithmeticIntoConv<DivOp>,
        FoldArithmeticIntoConv<AddOp>, FoldArithmeticIntoConv<SubOp>,
        FoldOffsetIntoDense<AddOp>, FoldOffsetIntoDense<SubOp>,
        FoldArithmeticIntoConvInput<MulOp>, FoldArithmeticIntoConvInput<DivOp>,
        FoldArithmeticIntoConvInput<AddOp>, FoldArithmeticIntoConvInput<SubOp>>(
        &getContext());
    addLayoutMoves<ReshapeOp>(patterns);
    addLayoutMoves<TransposeOp>(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

private:
  template <typename LayoutOp>
  void addLayoutMoves(RewritePatternSet &patterns) {
    patterns.add<MoveScalarArithmeticAfterLayout<LayoutOp, MulOp>,
                 MoveScalarArithmeticAfterLayout<LayoutOp, DivOp>,
                 MoveScalarArithmeticAfterLayout<LayoutOp, AddOp>,
                 MoveScalarArithmeticAfterLayout<LayoutOp, SubOp>>(
        &getContext());
  }
};

} // namespace
