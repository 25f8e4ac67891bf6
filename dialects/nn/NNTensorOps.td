//===- NNTensorOps.td - rearranging and reducing ops ------*- tablegen -*-===//
//
// Concatenation, reshape, transpose, constant padding, mean reduction and
// matrix multiplication: the glue between layers in Inception blocks and
// ONNX graphs. Semantics follow numpy / ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_TENSOR_OPS
#define KILN_NN_TENSOR_OPS

def NN_ConcatOp : NN_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "Joins tensors along one axis";
  let description = [{
    The inputs must agree in every dimension but `axis` (negative values
    count from the end); the result stacks them along it in operand order,
    as Inception blocks join their branches along channels.

    ```mlir
    %y = nn.concat %a, %b {axis = 1 : i64}
        : (tensor<1x64x28x28xf32>, tensor<1x32x28x28xf32>) -> tensor<1x96x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
  // A concat of one tensor is that tensor.
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure]> {
  let summary = "Same elements in row-major order, another shape";
  let description = [{
    The result type gives the shape; it must hold as many elements as the
    input. Elements keep their row-major (C) order.

    ```mlir
    %y = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "Permutes the dimensions";
  let description = [{
    Output dimension `i` is input dimension `permutation[i]` (numpy's and
    ONNX's convention).

    ```mlir
    %y = nn.transpose %x {permutation = array<i64: 0, 2, 3, 1>}
        : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  // The identity permutation, and a transpose of a transpose (NHWC exports
  // wrap layers in inverse pairs), fold: into the input, or one transpose.
  let hasFolder = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Pads every dimension with a constant";
  let description = [{
    `pads` holds the amount added before each dimension, then after each
    (ONNX's order: `[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`); new
    positions hold `value` (default 0).

    ```mlir
    %y = nn.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>}
        : tensor<1x3x4x4xf32> -> tensor<1x3x6x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<F32Attr, "0.0">:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_SliceOp : NN_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "A strided window of every dimension";
  let description = [{
    Output element `i` of dimension `d` is input element
    `starts[d] + i * steps[d]` of that dimension, for `sizes[d]` elements.
    Steps may be negative (walking backwards from `starts`) but not zero;
    every element read must lie inside the input. torch.chunk and ONNX's
    Split and Slice on activations become this op.

    ```mlir
    %y = nn.slice %x {starts = array<i64: 0, 58, 0, 0>,
                      sizes = array<i64: 1, 58, 28, 28>,
                      steps = array<i64: 1, 1, 1, 1>}
        : tensor<1x116x28x28xf32> -> tensor<1x58x28x28xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$steps);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

// Reductions over some dimensions of one tensor.
class NN_ReduceOp<string mnemonic> : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max"> {
  let summary = "Maximum over some dimensions";
  let description = [{
    The largest value over the dimensions in `axes` (negative values count
    from the end). With `keepdims` (the default, as in ONNX) they stay as
    size 1.

    ```mlir
    %y = nn.reduce_max %x {axes = array<i64: 1>}
        : tensor<1x64x7x7xf32> -> tensor<1x1x7x7xf32>
    ```
  }];
}

def NN_ReduceMeanOp : NN_Op<"reduce_mean", [Pure, InferTypeOpAdaptor]> {
  let summary = "Mean over some dimensions";
  let description = [{
    Averages over the dimensions in `axes` (negative values count from the
    end). With `keepdims` (the default, as in ONNX) they stay as size 1.

    ```mlir
    %y = nn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false}
        : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_MatmulOp : NN_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "Matrix product, batched like numpy.matmul";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; the leading (batch)
    dimensions broadcast as in numpy. Both operands have rank 2 or more.

    ```mlir
    %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

#endif // KILN_NN_TENSOR_OPS
