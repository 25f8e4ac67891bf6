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
// is looked at once and gets exactly one remark.
//
//===----------------------------------------------------------------------===//

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
using namespace kiln::nn;

namespace {

bool isActivation(Operation *op) {
  return isa<ReluOp, ClipOp, LeakyReluOp, SigmoidOp, TanhOp>(op);
}

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

// The user of `value` that `fits` the next link of the chain, if it is the
// value's only user; otherwise null, and the reason in `why` when one fits
// but shares its input.
Operation *nextLink(Value value, function_ref<bool(Operation *)> fits,
                    std::string &why) {
  Operation *candidate = nullptr;
  for (Operation *user : value.getUsers())
    if (fits(user)) {
      candidate = user;
      break;
    }
  if (!candidate || value.hasOneUse())
    return candidate;
  for (Operation *user : value.getUsers())
    if (user != candidate) {
      why = (candidate->getName().stripDialect() +
             " not fused: its input is also used by " +
             user->getName().getStringRef())
                .str();
      break;
    }
  return nullptr;
}

Chain findChain(Conv2dOp conv) {
  Chain chain{conv};
  chain.activation = nextLink(conv.getOutput(), isActivation, chain.why);
  if (chain.why.empty())
    chain.pool = nextLink(chain.last(), isPool, chain.why);
  if (chain.activation || chain.pool || !chain.why.empty())
    return chain;
  Value result = conv.getOutput();
  if (result.use_empty())
    chain.why = "conv2d not fused: its result is unused";
  else if (result.hasOneUse())
    chain.why = ("conv2d not fused: its only user " +
                 result.getUsers().begin()->getName().getStringRef() +
                 " is neither a fusable activation nor a pooling")
                    .str();
  else
    chain.why = "conv2d not fused: its result has several users, none of "
                "them fusable";
  return chain;
}

// The fused op's attributes for the activation and pool of `chain`.
void addFusedAttrs(Chain &chain, Builder &b,
                   SmallVectorImpl<NamedAttribute> &attrs) {
  auto set = [&](StringRef name, Attribute value) {
    attrs.push_back(b.getNamedAttr(name, value));
  };
  if (Operation *act = chain.activation) {
    set("activation", b.getStringAttr(act->getName().stripDialect()));
    if (auto clip = dyn_cast<ClipOp>(act)) {
      set("min", clip.getMinAttr());
      set("max", clip.getMaxAttr());
    } else if (auto leaky = dyn_cast<LeakyReluOp>(act)) {
      set("alpha", leaky.getAlphaAttr());
    }
  }
  auto setWindow = [&](auto pool) {
    set("pool_kernel", pool.getKernelAttr());
    set("pool_strides", pool.getStridesAttr());
    set("pool_padding", pool.getPaddingAttr());
    set("pool_ceil_mode", pool.getCeilModeAttr());
  };
  if (auto max = dyn_cast_or_null<MaxPool2dOp>(chain.pool)) {
    set("pool", b.getStringAttr("max"));
    setWindow(max);
    set("pool_dilation", max.getDilationAttr());
  } else if (auto avg = dyn_cast_or_null<AvgPool2dOp>(chain.pool)) {
    set("pool", b.getStringAttr("avg"));
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
