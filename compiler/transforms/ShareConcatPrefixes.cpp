//===- ShareConcatPrefixes.cpp - build a concat on an earlier one ---------===//
//
// DenseNet (as torchvision writes it, and so its ONNX export) joins all
// earlier feature maps of a block anew in every layer: layer k concatenates
// x0, ..., xk while layer k-1 already built x0, ..., x(k-1). Lowered as
// written, a block of n layers copies O(n^2) inputs in as many loop nests,
// which makes Halide's lowering of DenseNet-121 take many minutes. When the
// leading operands of a concat are exactly the operands of an earlier
// concat on the same axis, this pass makes the concat read that result
// instead: concat(x0..xk) = concat(concat(x0..x(k-1)), xk). The copies then
// grow linearly, one per layer, and the values are unchanged.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

namespace kiln {
#define GEN_PASS_DEF_SHARECONCATPREFIXES
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::nn;

namespace {

/// A concat as the frontend built it, before any rewrite.
struct ConcatForm {
  ConcatOp op;
  int64_t axis;
  SmallVector<Value> inputs;
};

/// The earlier concat with the most operands that are a proper prefix of
/// `form`'s (at least two of them), or null.
ConcatForm *longestPrefix(ConcatForm &form,
                          ArrayRef<ConcatForm *> sameFirstInput) {
  ConcatForm *best = nullptr;
  for (ConcatForm *candidate : sameFirstInput) {
    size_t n = candidate->inputs.size();
    if (n < 2 || n >= form.inputs.size() || candidate->axis != form.axis)
      continue;
    if (candidate->op->getBlock() != form.op->getBlock() ||
        !candidate->op->isBeforeInBlock(form.op))
      continue;
    if (!llvm::equal(candidate->inputs,
                     ArrayRef<Value>(form.inputs).take_front(n)))
      continue;
    if (!best || n > best->inputs.size())
      best = candidate;
  }
  return best;
}

struct ShareConcatPrefixesPass
    : public kiln::impl::ShareConcatPrefixesBase<ShareConcatPrefixesPass> {
  using ShareConcatPrefixesBase::ShareConcatPrefixesBase;

  void runOnOperation() override {
    std::vector<ConcatForm> forms;
    getOperation().walk([&](ConcatOp op) {
      int64_t rank = op.getType().getRank();
      auto axis = normalizeAxis(op.getAxis(), rank);
      if (!axis) {
        llvm::consumeError(axis.takeError());
        return;
      }
      forms.push_back({op, *axis, SmallVector<Value>(op.getInputs())});
    });
    llvm::DenseMap<Value, SmallVector<ConcatForm *>> byFirstInput;
    for (ConcatForm &form : forms)
      byFirstInput[form.inputs.front()].push_back(&form);

    // Decide on the forms as built, then rewrite: a rewritten concat no
    // longer lists its prefix's operands.
    SmallVector<std::pair<ConcatForm *, ConcatForm *>> rewrites;
    for (ConcatForm &form : forms)
      if (ConcatForm *prefix =
              longestPrefix(form, byFirstInput[form.inputs.front()]))
        rewrites.push_back({&form, prefix});
    for (auto [form, prefix] : rewrites) {
      size_t shared = prefix->inputs.size();
      if (remarks)
        form->op->emitRemark() << "concat reads the concat of its first "
                               << shared << " inputs built earlier";
      SmallVector<Value> operands{prefix->op.getOutput()};
      llvm::append_range(operands,
                         ArrayRef<Value>(form->inputs).drop_front(shared));
      form->op->setOperands(operands);
    }
  }
};

} // namespace
