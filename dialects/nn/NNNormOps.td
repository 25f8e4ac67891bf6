//===- NNNormOps.td - batch_norm and lrn ------------------*- tablegen -*-===//
//
// Normalizations at inference time: batch_norm applies the statistics that
// training recorded, lrn normalizes each value by its neighbours across
// channels (AlexNet, GoogLeNet). Both keep their input's shape.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_NORM_OPS
#define KILN_NN_NORM_OPS

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Inference-time batch normalization of an NCHW tensor";
  let description = [{
    `y = (x - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]`
    with the running statistics recorded in training (PyTorch's
    `BatchNorm2d` in eval mode). `scale`, `bias`, `mean` and `variance` are
    `[C]`; `epsilon` defaults to 1e-5.

    ```mlir
    %y = nn.batch_norm %x, %scale, %bias, %mean, %var
        : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$scale, NN_Tensor:$bias,
                       NN_Tensor:$mean, NN_Tensor:$variance,
                       DefaultValuedAttr<F32Attr, "1e-5">:$epsilon);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

def NN_LrnOp : NN_Op<"lrn", [Pure, SameOperandsAndResultType]> {
  let summary = "Local response normalization across channels";
  let description = [{
    `y = x / (bias + alpha / size * sum(x^2 over the window))^beta`, where
    the window holds `size` channels around the element's channel, clipped
    to the tensor: channels `c - size / 2` to `c + (size - 1) / 2` (integer
    division), as in PyTorch's `LocalResponseNorm`. Channels are dimension 1
    of a tensor of rank 3 or more. Defaults follow PyTorch: alpha 1e-4,
    beta 0.75, bias 1.

    ```mlir
    %y = nn.lrn %x {size = 5 : i64, bias = 2.000000e+00 : f32}
        : tensor<1x96x55x55xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$size,
                       DefaultValuedAttr<F32Attr, "1e-4">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0">:$bias);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

#endif // KILN_NN_NORM_OPS
