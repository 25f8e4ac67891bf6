//===- RemoveIdentities.cpp - drop nn.dropout and nn.identity -------------===//
//
// At inference dropout is the identity, and ONNX's Identity always is: the
// frontends keep both ops so that the imported module says what the model
// said, and this pass replaces each by its input. It runs first, so that a
// dropout between a layer and its activation does not stop the folds and
// fusions after it.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_REMOVEIDENTITIES
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::nn;

namespace {

struct RemoveIdentitiesPass
    : public kiln::impl::RemoveIdentitiesBase<RemoveIdentitiesPass> {
  using RemoveIdentitiesBase::RemoveIdentitiesBase;

  void runOnOperation() override {
    SmallVector<Operation *> identities;
    getOperation().walk([&](Operation *op) {
      if (isa<DropoutOp, IdentityOp>(op))
        identities.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : identities) {
      if (remarks)
        op->emitRemark() << op->getName().stripDialect()
                         << " removed: the identity at inference";
      rewriter.replaceOp(op, op->getOperand(0));
    }
  }
};

} // namespace
