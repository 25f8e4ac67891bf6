//===- NNOps.td - ops of the nn dialect ----------------------*- tablegen -*-===//
//
// One record per op. Ops whose result shape depends on attributes infer it
// (InferTypeOpAdaptor); the shape rules live in NNShapes.cpp so that the
// frontends can check a layer with the same rule before building it.
// Element-wise, normalization, tensor-manipulation and fused ops live in the
// files included at the end, one family each.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_OPS
#define KILN_NN_OPS

include "dialects/nn/NNBase.td"
include "dialects/nn/NNEnums.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "A weight tensor";
  let description = [{
    A constant tensor, normally a layer's weights or bias. Frontends create
    it with a `dense_resource` value so that the data is kept as a blob:

    ```mlir
    %w = nn.constant dense_resource<conv1.weight> : tensor<6x1x5x5xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and dense layers
//===----------------------------------------------------------------------===//

def NN_Conv2dOp : NN_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D convolution (cross-correlation) with optional bias";
  let description = [{
    Convolves an NCHW `input` with an OIHW `weight` (I = C / groups), adding
    `bias` (one value per output channel) when present. `padding` is
    `[top, left, bottom, right]`; `strides` and `dilation` are `[h, w]`.

    ```mlir
    %y = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
                               padding = array<i64: 2, 2, 2, 2>,
                               dilation = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>)
        -> tensor<1x6x28x28xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$weight,
                       Optional<NN_Tensor>:$bias,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation,
                       I64Attr:$groups);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_DenseOp : NN_Op<"dense", [Pure, InferTypeOpAdaptor]> {
  let summary = "Fully connected layer: input x weight^T + bias";
  let description = [{
    `input` is `[N, K]`, `weight` is `[M, K]` (the layout of PyTorch's
    `nn.Linear`), `bias` is `[M]`; the result is `[N, M]`.

    ```mlir
    %y = nn.dense %x, %w, %b
        : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>)
        -> tensor<1x120xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$weight,
                       Optional<NN_Tensor>:$bias);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class NN_Pool2dOp<string mnemonic, dag extraArguments = (ins)>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let arguments = !con((ins NN_Tensor:$input,
                            DenseI64ArrayAttr:$kernel,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$padding,
                            DefaultValuedAttr<BoolAttr, "false">:$ceil_mode),
                       extraArguments);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  // A 1x1 window at stride 1 without padding is the identity.
  let hasFolder = 1;
}

def NN_MaxPool2dOp : NN_Pool2dOp<"max_pool2d",
    (ins DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation)> {
  let summary = "2-D max pooling";
  let description = [{
    The largest value of each `kernel` window of an NCHW tensor. Padded
    positions never win. `padding` is `[top, left, bottom, right]`; with
    `ceil_mode` the output size is rounded up, as in PyTorch; `dilation`
    ([h, w], default 1) spaces the window's elements.

    ```mlir
    %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                           padding = array<i64: 0, 0, 0, 0>}
        : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
    ```
  }];
}

def NN_AvgPool2dOp : NN_Pool2dOp<"avg_pool2d",
    (ins DefaultValuedAttr<BoolAttr, "true">:$count_include_pad)> {
  let summary = "2-D average pooling";
  let description = [{
    The mean of each `kernel` window of an NCHW tensor. With
    `count_include_pad` (the default, as in PyTorch) padded positions count
    as zeros in the divisor; without it only input positions are counted.

    ```mlir
    %y = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                           padding = array<i64: 0, 0, 0, 0>}
        : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
    ```
  }];
}

class NN_GlobalPool2dOp<string mnemonic>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def NN_GlobalAvgPool2dOp : NN_GlobalPool2dOp<"global_avg_pool2d"> {
  let summary = "Mean over the whole image, per channel";
  let description = [{
    Reduces each H x W plane of an NCHW tensor to its mean, giving
    `[N, C, 1, 1]` (PyTorch's `AdaptiveAvgPool2d(1)`).

    ```mlir
    %y = nn.global_avg_pool2d %x : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
}

def NN_GlobalMaxPool2dOp : NN_GlobalPool2dOp<"global_max_pool2d"> {
  let summary = "Maximum over the whole image, per channel";
  let description = [{
    Reduces each H x W plane of an NCHW tensor to its largest value, giving
    `[N, C, 1, 1]` (PyTorch's `AdaptiveMaxPool2d(1)`).

    ```mlir
    %y = nn.global_max_pool2d %x : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Reshapes and softmax
//===----------------------------------------------------------------------===//

def NN_FlattenOp : NN_Op<"flatten", [Pure, InferTypeOpAdaptor]> {
  let summary = "Collapse to 2-D: [prod(dims[:axis]), prod(dims[axis:])]";
  let description = [{
    Row-major (NCHW) order is kept, as in PyTorch's `flatten(1)`.

    ```mlir
    %y = nn.flatten %x {axis = 1 : i64} : tensor<1x16x5x5xf32> -> tensor<1x400xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_SoftmaxOp : NN_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "exp(x) / sum(exp(x)) along one axis";
  let description = [{
    Normalizes along `axis` (negative values count from the end). Computed
    with the maximum subtracted first, so large inputs do not overflow.

    ```mlir
    %y = nn.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def NN_LogSoftmaxOp : NN_Op<"log_softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "log(softmax(x)) along one axis, computed stably";
  let description = [{
    `x - max - log(sum(exp(x - max)))` along `axis` (negative values count
    from the end): accurate where `log` of a tiny softmax value would not be.

    ```mlir
    %y = nn.log_softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

include "dialects/nn/NNElementwiseOps.td"
include "dialects/nn/NNNormOps.td"
include "dialects/nn/NNTensorOps.td"
include "dialects/nn/NNFusedOps.td"

#endif // KILN_NN_OPS
