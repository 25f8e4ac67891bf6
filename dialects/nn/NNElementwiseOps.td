//===- NNElementwiseOps.td - activations, arithmetic -----*- tablegen -*-===//
//
// Ops that compute each output element from the elements at the same
// position. Activations and the pass-through ops (dropout, identity) keep
// their input's type; the binary ops broadcast
// like numpy, so a per-channel [1, C, 1, 1] tensor can scale an image.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_ELEMENTWISE_OPS
#define KILN_NN_ELEMENTWISE_OPS

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

// `kind` is the op's ActivationKind; `parameters` the C++ that fills in an
// Activation's other fields from the op's attributes.
class NN_ActivationOp<string mnemonic, string kind, code parameters = "">
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType,
                       DeclareOpInterfaceMethods<NN_ActivationOpInterface>]> {
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let extraClassDefinition = [{
    ::kiln::nn::Activation $cppClass::getActivationFunction() {
      ::kiln::nn::Activation activation{
          ::kiln::nn::ActivationKind::}] # kind # [{};
      }] # parameters # [{
      return activation;
    }
  }];
}

def NN_ReluOp : NN_ActivationOp<"relu", "Relu"> {
  let summary = "max(x, 0), element-wise";
  let description = [{
    ```mlir
    %y = nn.relu %x : tensor<1x6x24x24xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_SigmoidOp : NN_ActivationOp<"sigmoid", "Sigmoid"> {
  let summary = "1 / (1 + exp(-x)), element-wise";
  let description = [{
    ```mlir
    %y = nn.sigmoid %x : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_TanhOp : NN_ActivationOp<"tanh", "Tanh"> {
  let summary = "Hyperbolic tangent, element-wise";
  let description = [{
    ```mlir
    %y = nn.tanh %x : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_LeakyReluOp : NN_ActivationOp<"leaky_relu", "LeakyRelu", [{
      activation.alpha = getAlpha().convertToFloat();
    }]> {
  let summary = "x if x >= 0, else alpha * x, element-wise";
  let description = [{
    `alpha` defaults to 0.01, as in PyTorch's `LeakyReLU`.

    ```mlir
    %y = nn.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}

def NN_ClipOp : NN_ActivationOp<"clip", "Clip", [{
      activation.min = getMin().convertToFloat();
      activation.max = getMax().convertToFloat();
    }]> {
  let summary = "min(max(x, min), max), element-wise";
  let description = [{
    Clamps every element to `[min, max]`; ReLU6 is `clip` with 0 and 6.

    ```mlir
    %y = nn.clip %x {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32}
        : tensor<1x32x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pass-through ops: the identity at inference
//===----------------------------------------------------------------------===//

// Frontends keep these so that the module says what the model said; the
// kiln-remove-identities pass replaces them by their input, and at -O0 the
// lowering makes their result another name for their input.

def NN_DropoutOp : NN_Op<"dropout", [Pure, SameOperandsAndResultType]> {
  let summary = "Dropout at inference: the identity";
  let description = [{
    At inference dropout passes its input through unchanged. `ratio`, the
    fraction dropped during training, is kept for the reader when the model
    states it (it is absent when an ONNX model computes it at run time); it
    must be in [0, 1).

    ```mlir
    %y = nn.dropout %x {ratio = 5.000000e-01 : f32} : tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, OptionalAttr<F32Attr>:$ratio);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def NN_IdentityOp : NN_Op<"identity", [Pure, SameOperandsAndResultType]> {
  let summary = "The input, unchanged";
  let description = [{
    ```mlir
    %y = nn.identity %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

//===----------------------------------------------------------------------===//
// Binary arithmetic with numpy broadcasting
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor], traits)> {
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def NN_AddOp : NN_BinaryOp<"add", [Commutative]> {
  let summary = "lhs + rhs, element-wise with numpy broadcasting";
  let description = [{
    Shapes are aligned from the right; a dimension of size 1 (or a missing
    leading one) is repeated to match the other operand. Residual
    connections add two tensors of the same shape.

    ```mlir
    %y = nn.add %a, %b : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>)
        -> tensor<1x64x56x56xf32>
    ```
  }];
}

def NN_SubOp : NN_BinaryOp<"sub"> {
  let summary = "lhs - rhs, element-wise with numpy broadcasting";
  let description = [{
    ```mlir
    %y = nn.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
}

def NN_MulOp : NN_BinaryOp<"mul", [Commutative]> {
  let summary = "lhs * rhs, element-wise with numpy broadcasting";
  let description = [{
    ```mlir
    %y = nn.mul %a, %s : (tensor<1x64x8x8xf32>, tensor<1x64x1x1xf32>)
        -> tensor<1x64x8x8xf32>
    ```
  }];
}

def NN_DivOp : NN_BinaryOp<"div"> {
  let summary = "lhs / rhs, element-wise with numpy broadcasting";
  let description = [{
    IEEE float division: dividing by zero gives an infinity or NaN.

    ```mlir
    %y = nn.div %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
    ```
  }];
}

#endif // KILN_NN_ELEMENTWISE_OPS
