//===- FoldBatchNorm.cpp - inference batch norm into weights --------------===//
//
// A batch norm after a convolution costs a full pass over the activations;
// folded into the convolution's weights and bias it costs nothing. The fold
// needs the convolution's only user to be the batch norm (a value used twice,
// e.g. a ResNet shortcut, must keep its unnormalized form) and every operand
// involved to be a constant.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNConstants.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace kiln {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::nn;

namespace {

/// The per-channel affine map of a batch norm: y = x * factor + shift.
struct AffineMap {
  std::vector<float> factor, shift;
};

std::optional<AffineMap> affineMapOf(BatchNormOp bn) {
  auto scale = constantValues(bn.getScale());
  auto bias = constantValues(bn.getBias());
  auto mean = constantValues(bn.getMean());
  auto variance = constantValues(bn.getVariance());
  if (!scale || !bias || !mean || !variance)
    return std::nullopt;
  AffineMap map;
  float epsilon = bn.getEpsilon().convertToFloat();
  for (size_t c = 0; c < scale->size(); ++c) {
    float f = (*scale)[c] / std::sqrt((*variance)[c] + epsilon);
    map.factor.push_back(f);
    map.shift.push_back((*bias)[c] - (*mean)[c] * f);
  }
  return map;
}

struct FoldIntoConv : public OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *context, bool remarks)
      : OpRewritePattern(context, /*benefit=*/2), remarks(remarks) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2dOp>();
    if (!conv)
      return failure();
    if (!conv->hasOneUse())
      return explain(bn, "its input is used elsewhere too");
    auto map = affineMapOf(bn);
    auto weight = constantValues(conv.getWeight());
    std::optional<std::vector<float>> bias;
    if (conv.getBias())
      bias = constantValues(conv.getBias());
    if (!map || !weight || (conv.getBias() && !bias))
      return explain(bn, "the weights or statistics are not constants");

    // W'[o, ...] = W[o, ...] * f[o];  b'[o] = b[o] * f[o] + shift[o].
    ArrayRef<int64_t> weightShape =
        cast<RankedTensorType>(conv.getWeight().getType()).getShape();
    size_t perChannel = weight->size() / map->factor.size();
    for (size_t i = 0; i < weight->size(); ++i)
      (*weight)[i] *= map->factor[i / perChannel];
    std::vector<float> newBias(map->shift);
    for (size_t o = 0; bias && o < newBias.size(); ++o)
      newBias[o] += (*bias)[o] * map->factor[o];

    rewriter.setInsertionPoint(conv);
    std::string name = constantName(conv.getWeight(), "weight");
    Value foldedWeight = makeConstant(rewriter, conv.getWeight().getLoc(),
                                      weightShape, *weight, name + ".bn");
    Value foldedBias = makeConstant(
        rewriter, bn.getLoc(), {static_cast<int64_t>(newBias.size())}, newBias,
        constantName(conv.getBias(), name) + ".bn_bias");
    auto folded = Conv2dOp::create(
        rewriter, conv.getLoc(), conv.getType(), conv.getInput(), foldedWeight,
        foldedBias, conv.getStridesAttr(), conv.getPaddingAttr(),
        conv.getDilationAttr(), conv.getGroupsAttr());
    if (remarks)
      bn.emitRemark() << "batch norm folded into the convolution before it";
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }

  LogicalResult explain(BatchNormOp bn, StringRef why) const {
    if (remarks)
      bn.emitRemark() << "batch norm not folded into the convolution: " << why;
    return failure();
  }

  bool remarks;
};

// A batch norm with nothing to fold into: x * f + shift, broadcasting
// [1, C, 1, 1] constants.
struct ToScaleShift : public OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto map = affineMapOf(bn);
    if (!map)
      return failure();
    SmallVector<int64_t> shape = {1, static_cast<int64_t>(map->factor.size()),
                                  1, 1};
    std::string name = constantName(bn.getScale(), "batch_norm");
    Value factor = makeConstant(rewriter, bn.getLoc(), shape, map->factor,
                                name + ".factor");
    Value shift =
        makeConstant(rewriter, bn.getLoc(), shape, map->shift, name + ".shift");
    Type type = bn.getType();
    Value scaled =
        MulOp::create(rewriter, bn.getLoc(), type, bn.getInput(), factor);
    rewriter.replaceOpWithNewOp<AddOp>(bn, type, scaled, shift);
    return success();
  }
};

struct FoldBatchNormPass
    : public kiln::impl::FoldBatchNormBase<FoldBatchNormPass> {
  using FoldBatchNormBase::FoldBatchNormBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext(), remarks);
    patterns.add<ToScaleShift>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
