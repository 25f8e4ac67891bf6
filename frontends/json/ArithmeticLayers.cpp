//===- ArithmeticLayers.cpp - add, sub, mul and div layers ----------------===//
//
// Two inputs, combined element by element with numpy broadcasting (a
// residual add, or a [1, C, 1, 1] scale applied to an image). The shape
// rule is checked here first so a mismatch is reported at the layer.
//
//===----------------------------------------------------------------------===//

#include "frontends/json/Layers.h"

#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::jsonimport {

template <typename Op>
static FailureOr<Value> buildBinary(LayerContext &layer) {
  if (failed(layer.expectInputs(2)))
    return failure();
  auto type = layer.resultType(
      nn::inferBroadcastShape(layer.inputShape(0), layer.inputShape(1)));
  if (failed(type))
    return failure();
  return Op::create(layer.builder, layer.loc, *type, layer.inputs[0],
                    layer.inputs[1])
      .getResult();
}

FailureOr<Value> buildAdd(LayerContext &layer) {
  return buildBinary<nn::AddOp>(layer);
}

FailureOr<Value> buildSub(LayerContext &layer) {
  return buildBinary<nn::SubOp>(layer);
}

FailureOr<Value> buildMul(LayerContext &layer) {
  return buildBinary<nn::MulOp>(layer);
}

FailureOr<Value> buildDiv(LayerContext &layer) {
  return buildBinary<nn::DivOp>(layer);
}

} // namespace kiln::jsonimport
