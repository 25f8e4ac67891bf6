//===- AbsorbInputScaling.cpp - a network's input rescaling, absorbed -----===//
//
// Keras models carry their input's preprocessing as layers (`Rescaling(1./255)`
// is a multiply and an add on the input). Where the input's contract already
// converts the caller's pixels on the way in, that arithmetic is folded into
// the contract, so the conversion the first layer's input stage computes
// anyway does it all (NNInputContract.h).
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNConstants.h"
#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNInputContract.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

namespace kiln {
#define GEN_PASS_DEF_ABSORBINPUTSCALING
#include "compiler/transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::nn;

namespace {

// The contract whose tensor is `op` applied to the contract's: false where
// `op` is not `input` combined with a one-element constant in a way that
// keeps the conversion affine (k / x is not).
bool absorb(Operation *op, Value input, InputContract &contract) {
  if (!isa<AddOp, SubOp, MulOp, DivOp>(op) ||
      op->getResult(0).getType() != input.getType())
    return false;
  bool inputFirst = op->getOperand(0) == input;
  auto values = constantValues(op->getOperand(inputFirst ? 1 : 0));
  if (!values || values->size() != 1 || !std::isfinite(values->front()))
    return false;
  double k = values->front();
  std::vector<double> std =
      contract.std.empty() ? std::vector<double>{1.0} : contract.std;
  if (isa<MulOp>(op) || (isa<DivOp>(op) && inputFirst)) {
    // (p * scale - mean) / std * k: std divided by k.
    double factor = isa<MulOp>(op) ? 1.0 / k : k;
    if (k == 0.0 || !std::isfinite(factor))
      return false;
    for (double &s : std)
      s *= factor;
    contract.std = std;
    return true;
  }
  if (isa<AddOp>(op) || (isa<SubOp>(op) && inputFirst)) {
    // (p * scale - mean) / std + b: mean less b * std.
    double b = isa<AddOp>(op) ? k : -k;
    auto at = [](const std::vector<double> &values, size_t c, double none) {
      return values.empty() ? none : values[values.size() == 1 ? 0 : c];
    };
    std::vector<double> mean(std::max(contract.mean.size(), std.size()));
    for (size_t c = 0; c < mean.size(); ++c)
      mean[c] = at(contract.mean, c, 0.0) - b * at(std, c, 1.0);
    contract.mean = mean;
    return true;
  }
  return false;
}

struct AbsorbInputScalingPass
    : public kiln::impl::AbsorbInputScalingBase<AbsorbInputScalingPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    for (BlockArgument input : func.getArguments()) {
      unsigned index = input.getArgNumber();
      InputContract contract = contractFromAttr(
          func.getArgAttrOfType<DictionaryAttr>(index, kInputContractAttr));
      if (!contract.convertsValues())
        continue;
      while (input.hasOneUse()) {
        Operation *user = *input.getUsers().begin();
        InputContract absorbed = contract;
        if (!absorb(user, input, absorbed))
          break;
        contract = absorbed;
        rewriter.replaceOp(user, input);
      }
      func.setArgAttr(index, kInputContractAttr,
                      toAttr(&getContext(), contract));
    }
  }
};

} // namespace
