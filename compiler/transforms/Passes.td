//===- Passes.td - Kiln's nn-to-nn passes --------------------*- tablegen -*-===//

#ifndef KILN_TRANSFORMS_PASSES
#define KILN_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def VerifyLowerable : Pass<"kiln-verify-lowerable", "mlir::ModuleOp"> {
  let summary = "Check that a module is in the form the Halide lowering reads";
  let description = [{
    The last pass of every Kiln pipeline. The lowering expects exactly one
    `func.func` whose body holds only nn ops and a `func.return`, with tensor
    arguments and results. Anything else is reported here, at the op that
    breaks the rule, instead of surfacing later as a lowering failure.
  }];
}

def RemoveIdentities : Pass<"kiln-remove-identities", "mlir::func::FuncOp"> {
  let summary = "Replace nn.dropout and nn.identity by their input";
  let description = [{
    At inference dropout passes its input through, and an identity always
    does. Each `nn.dropout` and `nn.identity` is replaced by its input, so
    that no later pass or lowering has to look through them.

    ```mlir
    %d = nn.dropout %x {ratio = 5.000000e-01 : f32} : tensor<1x4096xf32>
    %y = nn.relu %d : tensor<1x4096xf32>
    // becomes
    %y = nn.relu %x : tensor<1x4096xf32>
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each op removed">,
  ];
}

def AbsorbInputScaling : Pass<"kiln-absorb-input-scaling",
                               "mlir::func::FuncOp"> {
  let summary = "Fold a network's own input rescaling into the input contract";
  let description = [{
    Where an input's contract (`kiln.pixels`: 8-bit pixels, a scale, a mean
    or a standard deviation; dialects/nn/NNInputContract.h) already converts
    the caller's values on the way in, arithmetic with a one-element constant
    that the network applies to the input first (a Keras `Rescaling` layer:
    a multiply, then an add) joins that conversion instead of being computed
    apart: `x * k` divides the contract's std by k, `x + b` subtracts b * std
    from its mean (`x / k` and `x - b` likewise).

    ```mlir
    func.func @m(%x: tensor<1x8x8x3xf32> {kiln.pixels = {type = "uint8", ...,
                                                       scale = 1.0 : f64}}) {
      %k = nn.constant dense<0.00392156886> : tensor<f32>
      %y = nn.mul %x, %k : ...
    // becomes, every use of %y reading %x:
    func.func @m(%x: tensor<1x8x8x3xf32> {kiln.pixels = {..., std = array<f64: 255.0>}})
    ```

    An input whose contract only reorders or reinterprets the layout keeps
    its arithmetic, which constant folding may move into the weights for
    free.
  }];
}

def FoldBatchNorm : Pass<"kiln-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold inference batch norm into the convolution before it";
  let description = [{
    At inference a batch norm is a per-channel affine map
    y = x * f + (beta - mean * f) with f = scale / sqrt(variance + epsilon).
    When its input is an `nn.conv2d` used only by it, and the weights and all
    four statistics are constants, the map is folded into the convolution's
    weights and bias (the convolution gains a bias if it had none). Any
    other batch norm with constant statistics becomes `nn.mul` and `nn.add`
    with [1, C, 1, 1] constants. A batch norm whose statistics are computed
    at run time is left alone.

    ```mlir
    %y = nn.conv2d %x, %w, %b ...
    %z = nn.batch_norm %y, %s, %t, %m, %v ...
    // becomes
    %z = nn.conv2d %x, %w_folded, %b_folded ...
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each batch norm: folded, or why not">,
  ];
}

def FoldConstants : Pass<"kiln-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Compute constant arithmetic on weights at compile time";
  let description = [{
    Frontends state a model as its source wrote it: a Gemm with transB = 0
    transposes its weight, a Reshape may reshape a constant, an exporter may
    scale a convolution's output by a per-channel constant. This pass does
    that work once, at compile time:
      - `nn.transpose` and `nn.reshape` of a constant become a constant;
      - `nn.mul` / `nn.div` of a convolution's result by a per-channel (or
        scalar) constant scale its weights and bias;
      - `nn.add` / `nn.sub` of a per-channel (or scalar) constant to a
        convolution's result moves into its bias;
      - `nn.add` / `nn.sub` of a per-feature (or scalar) constant to a dense
        layer's result moves into its bias (MatMul + Add exports);
      - `nn.mul` / `nn.div` of a convolution's input by a per-channel (or
        scalar) constant scales its weights, and `nn.add` / `nn.sub` moves
        into its bias when it has no padding (Keras's Rescaling and
        Normalization before the first convolution);
      - arithmetic with a single-valued constant moves after an
        `nn.reshape` or `nn.transpose` of its result, towards the
        convolution it can fold into;
    the convolution's result must have no other user.
  }];
}

def ShareConcatPrefixes : Pass<"kiln-share-concat-prefixes",
                                "mlir::func::FuncOp"> {
  let summary = "Build a concat on an earlier concat of its leading inputs";
  let description = [{
    When the leading operands of an `nn.concat` are exactly the operands of
    an earlier concat on the same axis (DenseNet joins all earlier feature
    maps of a block anew in every layer), the concat reads that result in
    their place. The longest such prefix is taken. Values are unchanged;
    the copies a block makes grow linearly with its layers, not
    quadratically.

    ```mlir
    %c2 = nn.concat %x0, %x1 {axis = 1 : i64} ...
    %c3 = nn.concat %x0, %x1, %x2 {axis = 1 : i64} ...
    // becomes
    %c3 = nn.concat %c2, %x2 {axis = 1 : i64} ...
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each concat built on an earlier one">,
  ];
}

def FuseConv : Pass<"kiln-fuse-conv", "mlir::func::FuncOp"> {
  let summary = "Fuse conv2d, its activation and the pooling after it";
  let description = [{
    Rewrites `nn.conv2d` [-> `nn.relu` | `nn.clip` | `nn.leaky_relu` |
    `nn.sigmoid` | `nn.tanh`] [-> `nn.max_pool2d` | `nn.avg_pool2d`] into one
    `nn.fused_conv2d`, which the lowering computes without writing the
    convolution's output to memory whole. A value is absorbed only when its
    single user is the next op of the chain: a value used twice (a ResNet
    shortcut, an Inception branch point) must stay, so the chain is cut
    before it. A convolution with nothing to absorb is left alone.

    ```mlir
    %c = nn.conv2d %x, %w, %b ...
    %r = nn.relu %c ...
    %p = nn.max_pool2d %r ...
    // becomes
    %p = nn.fused_conv2d %x, %w, %b {activation = "relu", pool = "max", ...}
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each convolution: what was fused, and why "
           "not more">,
  ];
}

def FuseDense : Pass<"kiln-fuse-dense", "mlir::func::FuncOp"> {
  let summary = "Fuse a dense layer and the activation after it";
  let description = [{
    Rewrites `nn.dense` -> `nn.relu` | `nn.clip` | `nn.leaky_relu` |
    `nn.sigmoid` | `nn.tanh` into one `nn.fused_dense`. As in
    `kiln-fuse-conv`, the activation is absorbed only when it is the dense
    result's single user; a dense layer with nothing to absorb is left alone.

    ```mlir
    %d = nn.dense %x, %w, %b ...
    %r = nn.relu %d ...
    // becomes
    %r = nn.fused_dense %x, %w, %b {activation = "relu"} ...
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each dense layer: fused, or why not">,
  ];
}

#endif // KILN_TRANSFORMS_PASSES
