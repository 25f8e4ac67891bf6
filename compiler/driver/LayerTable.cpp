//===- LayerTable.cpp - a network's layers, for people --------------------===//

#include "compiler/driver/LayerTable.h"

#include "compiler/lowering/LowerToHalide.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace kiln::driver {
namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

int64_t product(ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t v : values)
    result *= v;
  return result;
}

// 2 x output elements x the taps each sums (OIHW weights: I x kh x kw).
int64_t convFlops(ArrayRef<int64_t> convShape, Value weight) {
  ArrayRef<int64_t> w = shapeOf(weight);
  return 2 * product(convShape) * w[1] * w[2] * w[3];
}

int64_t flopsOf(Operation *op) {
  if (auto conv = dyn_cast<nn::Conv2dOp>(op))
    return convFlops(shapeOf(conv.getOutput()), conv.getWeight());
  if (auto conv = dyn_cast<nn::FusedConv2dOp>(op))
    return convFlops(conv.getConvShape(), conv.getWeight());
  // Dense weights are [units, K]; matmul's left operand is [..., M, K].
  if (isa<nn::DenseOp, nn::FusedDenseOp>(op))
    return 2 * product(shapeOf(op->getResult(0))) *
           shapeOf(op->getOperand(1)).back();
  if (auto matmul = dyn_cast<nn::MatmulOp>(op))
    return 2 * product(shapeOf(matmul.getOutput())) *
           shapeOf(matmul.getLhs()).back();
  return 0;
}

} // namespace

std::string layerName(Operation *op) {
  std::string name;
  op->getLoc()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name.empty() ? op->getName().stripDialect().str() : name;
}

std::vector<LayerRow> layerTable(ModuleOp module) {
  std::vector<LayerRow> rows;
  auto func = *module.getOps<func::FuncOp>().begin();
  for (Operation &op : func.getBody().front()) {
    if (op.hasTrait<OpTrait::ConstantLike>() || isa<func::ReturnOp>(op) ||
        op.getNumResults() == 0)
      continue;
    rows.push_back({layerName(&op), op.getName().stripDialect().str(),
                    lowering::layerFuncBase(&op), flopsOf(&op)});
  }
  return rows;
}

} // namespace kiln::driver
