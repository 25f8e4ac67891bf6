//===- NNEnums.td - the kinds the nn ops name --------------*- tablegen -*-===//
//
// The activation a fused op applies and the pooling it ends with are enums,
// not strings: the parser rejects an unknown kind with the list of valid
// ones, and every stage switches over the same C++ enum. In MLIR text they
// read `activation = #nn.activation<relu>`, `pool = #nn.pool<max>`.
//
// The activation ops (nn.relu, nn.clip, ...) implement
// NN_ActivationOpInterface, which says which kind each one is: that and
// this enum are the one list of activations that fusion, verification and
// lowering query.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_ENUMS
#define KILN_NN_ENUMS

include "dialects/nn/NNBase.td"
include "mlir/IR/EnumAttr.td"

def NN_ActivationKind : I32EnumAttr<"ActivationKind",
    "a unary activation, or none", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Relu", 1, "relu">,
      I32EnumAttrCase<"Clip", 2, "clip">,
      I32EnumAttrCase<"LeakyRelu", 3, "leaky_relu">,
      I32EnumAttrCase<"Sigmoid", 4, "sigmoid">,
      I32EnumAttrCase<"Tanh", 5, "tanh">]> {
  let cppNamespace = "::kiln::nn";
  let genSpecializedAttr = 0;
}

def NN_ActivationKindAttr
    : EnumAttr<NN_Dialect, NN_ActivationKind, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

def NN_PoolKind : I32EnumAttr<"PoolKind", "a pooling, or none", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Max", 1, "max">,
      I32EnumAttrCase<"Avg", 2, "avg">]> {
  let cppNamespace = "::kiln::nn";
  let genSpecializedAttr = 0;
}

def NN_PoolKindAttr : EnumAttr<NN_Dialect, NN_PoolKind, "pool"> {
  let assemblyFormat = "`<` $value `>`";
}

def NN_ActivationOpInterface : OpInterface<"ActivationOpInterface"> {
  let cppNamespace = "::kiln::nn";
  let description = [{
    An op that applies one unary activation to every element of its input.
    The fusion passes fold such an op into the layer before it; the lowering
    computes it with the same function a fused op applies.
  }];
  let methods = [
    InterfaceMethod<"The activation and its parameters.",
                    "::kiln::nn::Activation", "getActivationFunction">,
  ];
}

#endif // KILN_NN_ENUMS
