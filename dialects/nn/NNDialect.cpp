//===- NNDialect.cpp - registration of the nn dialect ---------------------===//

#include "dialects/nn/NNDialect.h"

using namespace mlir;
using namespace kiln::nn;

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include "dialects/nn/NNOpsDialect.cpp.inc"

#include "dialects/nn/NNEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "dialects/nn/NNAttrs.cpp.inc"
#include "dialects/nn/NNInterfaces.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/nn/NNOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/nn/NNAttrs.cpp.inc"
      >();
}

void kiln::nn::appendFusedActivationAttrs(
    const Activation &activation, Builder &builder,
    SmallVectorImpl<NamedAttribute> &attrs) {
  auto set = [&](StringRef name, Attribute value) {
    attrs.push_back(builder.getNamedAttr(name, value));
  };
  set("activation",
      ActivationKindAttr::get(builder.getContext(), activation.kind));
  if (activation.kind == ActivationKind::Clip) {
    set("min", builder.getF32FloatAttr(activation.min));
    set("max", builder.getF32FloatAttr(activation.max));
  } else if (activation.kind == ActivationKind::LeakyRelu) {
    set("alpha", builder.getF32FloatAttr(activation.alpha));
  }
}
