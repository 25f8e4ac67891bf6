//===- FuseConv.cpp - conv2d + activation + pool into nn.fused_conv2d -----===//
//
// A convolution followed by an activation and a pooling is one computation:
// each pooled value needs only a few rows of the convolution. As separate
// ops the lowering must write the whole convolution output to memory and
// read it back; as one nn.fused_conv2d it can compute the convolution row by
// row inside the pooling loop. A value is absorbed only when its single user
// is the next op of the chain; a value used twice (a ResNet shortcut, an
// Inception branch point) is needed whole, so the chain stops before it.
// The rewrite is a plain walk, not a pattern set, so that each convolution
// is looked at once and gets exactly one remark. FusionChain.h holds what
// kiln-fuse-dense shares with it.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/FusionChain.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/TypeSwitch.h"

namespace kiln {
#define GEN_PASS_DEF_FUSECONV
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;
using namespace kiln::nn;

namespace {

bool isPool(Operation *op) { return isa<MaxPool2dOp, AvgPool2dOp>(op); }

/// The ops to fuse, and why the chain stopped where it did (empty when it
/// simply ended).
struct Chain {
  Conv2dOp conv;
  Operation *activation = nullptr;
  Operation *pool = nullptr;
  std::string why;

  Value last() {
    Operation *op = pool ? pool : activation ? activation : conv.getOperation();
    return op->getResult(0);
  }
};

Chain findChain(Conv2dOp conv) {
  Chain chain{conv};
  chain.activation = fusion::nextLink(conv.getOutput(),
                                      fusion::isFusableActivation, chain.why);
  if (chain.why.empty())
    chain.pool = fusion::nextLink(chain.last(), isPool, chain.why);
  if (!chain.activation && !chain.pool && chain.why.empty())
    chain.why =
        fusion::whyNoChain(conv, "neither a fusable activation nor a pooling");
  return chain;
}

// The fused op's attributes for the activation and pool of `chain`.
void addFusedAttrs(Chain &chain, Builder &b,
                   SmallVectorImpl<NamedAttribute> &attrs) {
  auto set = [&](StringRef name, Attribute value) {
    attrs.push_back(b.getNamedAttr(name, value));
  };
  if (chain.activation)
    fusion::addActivationAttrs(chain.activation, b, attrs);
  auto setWindow = [&](auto pool) {
    set("pool_kernel", pool.getKernelAttr());
    set("pool_strides", pool.getStridesAttr());
    set("pool_padding", pool.getPaddingAttr());
    set("pool_ceil_mode", pool.getCeilModeAttr());
  };
  if (auto max = dyn_cast_or_null<MaxPool2dOp>(chain.pool)) {
    set("pool", PoolKindAttr::get(b.getContext(), PoolKind::Max));
    setWindow(max);
    set("pool_dilation", max.getDilationAttr());
  } else if (auto avg = dyn_cast_or_null<AvgPool2dOp>(chain.pool)) {
    set("pool", PoolKindAttr::get(b.getContext(), PoolKind::Avg));
    setWindow(avg);
    set("pool_count_include_pad", avg.getCountIncludePadAttr());
  }
}

void fuse(Chain &chain, IRRewriter &rewriter) {
  Conv2dOp conv = chain.conv;
  Value last = chain.last();
  SmallVector<NamedAttribute> attrs = {
      rewriter.getNamedAttr("strides", conv.getStridesAttr()),
      rewriter.getNamedAttr("padding", conv.getPaddingAttr()),
      rewriter.getNamedAttr("dilation", conv.getDilationAttr()),
      rewriter.getNamedAttr("groups", conv.getGroupsAttr())};
  addFusedAttrs(chain, rewriter, attrs);
  rewriter.setInsertionPoint(last.getDefiningOp());
  auto fused =
      FusedConv2dOp::create(rewriter, conv.getLoc(), TypeRange{last.getType()},
                            conv->getOperands(), attrs);
  rewriter.replaceAllUsesWith(last, fused.getOutput());
  if (chain.pool)
    rewriter.eraseOp(chain.pool);
  if (chain.activation)
    rewriter.eraseOp(chain.activation);
  rewriter.eraseOp(conv);
}

struct FuseConvPass : public kiln::impl::FuseConvBase<FuseConvPass> {
  using FuseConvBase::FuseConvBase;

  void runOnOperation() override {
    SmallVector<Conv2dOp> convs;
    getOperation().walk([&](Conv2dOp conv) { convs.push_back(conv); });
    IRRewriter rewriter(&getContext());
    for (Conv2dOp conv : convs) {
      Chain chain = findChain(conv);
      bool fusing = chain.activation || chain.pool;
      if (remarks)
        remark(chain, fusing);
      if (fusing)
        fuse(chain, rewriter);
    }
  }

  static void remark(Chain &chain, bool fusing) {
    InFlightDiagnostic diag = chain.conv.emitRemark();
    if (!fusing) {
      diag << chain.why;
      return;
    }
    diag << "conv2d fused with ";
    if (chain.activation)
      diag << chain.activation->getName().stripDialect()
           << (chain.pool ? " and " : "");
    if (chain.pool)
      diag << chain.pool->getName().stripDialect();
    if (!chain.why.empty())
      diag << "; " << chain.why;
  }
};

} // namespace
