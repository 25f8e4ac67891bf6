//===- NNFusedOps.td - ops made by the fusion passes ----------*- tablegen -*-===//
//
// Frontends never build these: kiln-fuse-conv rewrites a convolution, the
// activation after it and the pooling after that into one op, so that the
// lowering sees the chain as one computation and can compute the convolution
// tile by tile inside the pooling loop; kiln-fuse-dense does the same for a
// dense layer and its activation. The attributes repeat those of the ops
// that were fused, with a prefix where names would clash.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_FUSED_OPS
#define KILN_NN_FUSED_OPS

// The activation of a fused op, shared by every fused op so that they name
// and check it alike: `activation` is an NN_ActivationKind (NNEnums.td),
// `clip` with `min` and `max`, `leaky_relu` with `alpha` (default 0.01).
defvar NN_FusedActivationArgs = (ins
    DefaultValuedAttr<NN_ActivationKindAttr,
                      "::kiln::nn::ActivationKind::None">:$activation,
    OptionalAttr<F32Attr>:$min,
    OptionalAttr<F32Attr>:$max,
    DefaultValuedAttr<F32Attr, "0.01">:$alpha);

def NN_FusedConv2dOp : NN_Op<"fused_conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "conv2d, then an activation, then an optional pooling";
  let description = [{
    Computes `pool(activation(conv2d(input, weight, bias)))`. The convolution
    attributes are those of `nn.conv2d`. `activation` is one of
    `#nn.activation<none>` (the default), `<relu>`, `<clip>` (with `min` and
    `max`), `<leaky_relu>` (with `alpha`, default 0.01), `<sigmoid>` and
    `<tanh>`. `pool` is `#nn.pool<none>` (the default), `<max>` or `<avg>`;
    when pooling, `pool_kernel`, `pool_strides` and `pool_padding` are
    required and the other `pool_` attributes mean what the attributes of
    `nn.max_pool2d` / `nn.avg_pool2d` without the prefix mean
    (`pool_dilation` is for max pooling only). The result type is the
    convolution's, pooled when there is a pool.

    ```mlir
    %y = nn.fused_conv2d %x, %w, %b {strides = array<i64: 1, 1>,
            padding = array<i64: 2, 2, 2, 2>, dilation = array<i64: 1, 1>,
            groups = 1 : i64, activation = #nn.activation<relu>,
            pool = #nn.pool<max>,
            pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>,
            pool_padding = array<i64: 0, 0, 0, 0>}
        : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>)
        -> tensor<1x6x14x14xf32>
    ```
  }];
  let arguments = !con(
      (ins NN_Tensor:$input, NN_Tensor:$weight,
           Optional<NN_Tensor>:$bias,
           DenseI64ArrayAttr:$strides,
           DenseI64ArrayAttr:$padding,
           DenseI64ArrayAttr:$dilation,
           I64Attr:$groups),
      NN_FusedActivationArgs,
      (ins DefaultValuedAttr<NN_PoolKindAttr,
                             "::kiln::nn::PoolKind::None">:$pool,
           OptionalAttr<DenseI64ArrayAttr>:$pool_kernel,
           OptionalAttr<DenseI64ArrayAttr>:$pool_strides,
           OptionalAttr<DenseI64ArrayAttr>:$pool_padding,
           DefaultValuedAttr<BoolAttr, "false">:$pool_ceil_mode,
           DefaultValuedAttr<BoolAttr, "true">:$pool_count_include_pad,
           DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$pool_dilation));
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The shape of the convolution's output, before pooling.
    llvm::SmallVector<int64_t, 4> getConvShape();
  }];
}

def NN_FusedDenseOp : NN_Op<"fused_dense", [Pure, InferTypeOpAdaptor]> {
  let summary = "dense, then an activation";
  let description = [{
    Computes `activation(dense(input, weight, bias))`: the operands are
    those of `nn.dense`, `activation` and its parameters those of
    `nn.fused_conv2d`. The result type is the dense layer's.

    ```mlir
    %y = nn.fused_dense %x, %w, %b {activation = #nn.activation<relu>}
        : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>)
        -> tensor<1x120xf32>
    ```
  }];
  let arguments = !con((ins NN_Tensor:$input, NN_Tensor:$weight,
                            Optional<NN_Tensor>:$bias),
                       NN_FusedActivationArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // KILN_NN_FUSED_OPS
