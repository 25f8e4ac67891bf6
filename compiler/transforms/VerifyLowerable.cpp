//===- VerifyLowerable.cpp - the pipeline's closing form check ------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {
#define GEN_PASS_DEF_VERIFYLOWERABLE
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

bool isStaticF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

struct VerifyLowerablePass
    : public kiln::impl::VerifyLowerableBase<VerifyLowerablePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
    if (funcs.size() != 1) {
      module.emitError() << "expected exactly one func.func (the network), "
                         << "found " << funcs.size();
      return signalPassFailure();
    }
    func::FuncOp network = funcs.front();
    if (network.isExternal()) {
      network.emitError() << "the network has no body";
      return signalPassFailure();
    }
    if (!network.getBody().hasOneBlock()) {
      network.emitError() << "the network must be a single block";
      return signalPassFailure();
    }
    for (Type type : llvm::concat<const Type>(network.getArgumentTypes(),
                                              network.getResultTypes()))
      if (!isStaticF32Tensor(type)) {
        network.emitError() << "network inputs and outputs must be statically "
                            << "shaped f32 tensors, got " << type;
        return signalPassFailure();
      }
    if (network.getNumResults() == 0) {
      network.emitError() << "the network has no outputs";
      return signalPassFailure();
    }
    for (Operation &op : network.getBody().front()) {
      // Unregistered ops have no dialect object.
      if (isa<func::ReturnOp>(op) ||
          isa_and_nonnull<kiln::nn::NNDialect>(op.getDialect()))
        continue;
      op.emitError() << "'" << op.getName()
                     << "' cannot be lowered to Halide: only nn ops may "
                     << "appear in the network";
      signalPassFailure();
    }
  }
};

} // namespace
