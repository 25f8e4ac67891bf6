//===- FuseDense.cpp - dense + activation into nn.fused_dense -------------===//
//
// The classifier of VGG and AlexNet is dense -> relu -> dense -> relu: as one
// nn.fused_dense each pair is one layer for the lowering, which applies the
// activation as the dense layer's results are read instead of as a separate
// pass over them. As in kiln-fuse-conv (whose chain rules it shares through
// FusionChain.h), the activation is absorbed only when it is the dense
// result's single user: a result read twice is needed unactivated.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/FusionChain.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_FUSEDENSE
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;
using namespace kiln::nn;

namespace {

void fuse(DenseOp dense, Operation *activation, IRRewriter &rewriter) {
  SmallVector<NamedAttribute> attrs;
  fusion::addActivationAttrs(activation, rewriter, attrs);
  rewriter.setInsertionPoint(activation);
  auto fused = FusedDenseOp::create(rewriter, dense.getLoc(),
                                    TypeRange{activation->getResultTypes()},
                                    dense->getOperands(), attrs);
  rewriter.replaceOp(activation, fused.getOutput());
  rewriter.eraseOp(dense);
}

struct FuseDensePass : public kiln::impl::FuseDenseBase<FuseDensePass> {
  using FuseDenseBase::FuseDenseBase;

  void runOnOperation() override {
    SmallVector<DenseOp> denses;
    getOperation().walk([&](DenseOp dense) { denses.push_back(dense); });
    IRRewriter rewriter(&getContext());
    for (DenseOp dense : denses) {
      std::string why;
      Operation *activation =
          fusion::nextLink(dense.getOutput(), fusion::isFusableActivation, why);
      if (!activation && why.empty())
        why = fusion::whyNoChain(dense, "not a fusable activation");
      if (remarks) {
        InFlightDiagnostic diag = dense.emitRemark();
        if (activation)
          diag << "dense fused with " << activation->getName().stripDialect();
        else
          diag << why;
      }
      if (activation)
        fuse(dense, activation, rewriter);
    }
  }
};

} // namespace
