//===- NNBase.td - the nn dialect and its shared constraints -*- tablegen -*-===//
//
// The nn dialect models a trained CNN at the level of its layers: value
// semantic ops on statically shaped f32 tensors in NCHW layout.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_BASE
#define KILN_NN_BASE

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::kiln::nn";
  let summary = "Layers of convolutional networks, as tensor operations";
  let description = [{
    The `nn` dialect is Kiln's representation of a network after import.
    Every op works on ranked, statically shaped `tensor<...xf32>` values in
    NCHW layout, infers its result type and rejects impossible attributes with
    a message naming the shapes involved. Weights are `nn.constant` ops whose
    value is a `dense_resource` blob, so large models never become text.
  }];
  // The enum attributes (NNEnums.td): #nn.activation<relu>, #nn.pool<max>.
  let useDefaultAttributePrinterParser = 1;
}

// Every tensor in the dialect: statically shaped, f32.
def NN_Tensor : StaticShapeTensorOf<[F32]>;

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

#endif // KILN_NN_BASE
