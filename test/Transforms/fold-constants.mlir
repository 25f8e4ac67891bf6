// RUN: kiln-opt %s -split-input-file -kiln-fold-constants | FileCheck %s

// A transposed constant (Gemm with transB = 0) becomes a constant.
// CHECK-LABEL: func.func @transpose
// CHECK: %[[W:.+]] = nn.constant dense_resource<c.transposed> : tensor<2x3xf32>
// CHECK-NOT: nn.transpose
// CHECK: nn.dense %arg0, %[[W]]
// Rows of the transpose: [1, 3, 5], [2, 4, 6].
// CHECK: c.transposed: "0x040000000000803F000040400000A04000000040000080400000C040"
func.func @transpose(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = nn.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %t = nn.transpose %w {permutation = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
  %y = nn.dense %x, %t : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A reshaped constant becomes a constant of the new shape.
// CHECK-LABEL: func.func @reshape
// CHECK: nn.constant dense_resource<{{.*}}.reshaped> : tensor<1x2x1x1xf32>
// CHECK-NOT: nn.reshape
func.func @reshape(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %s = nn.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %r = nn.reshape %s : tensor<2xf32> -> tensor<1x2x1x1xf32>
  %y = nn.mul %x, %r : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A per-channel scale and offset after a convolution move into its weights
// and bias: W' = W * [2, 3]; b' = [0, 0] * [2, 3] + [1, -1].
// CHECK-LABEL: func.func @scale_and_offset
// (The blob manager numbers the names of blobs folded twice.)
// CHECK-DAG: %[[W:.+]] = nn.constant dense_resource<[[WN:weight.folded(_[0-9]+)?]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense_resource<[[BN:weight.folded_bias(_[0-9]+)?]]> : tensor<2xf32>
// CHECK: %[[C:.+]] = nn.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.add
// CHECK: return %[[C]]
// CHECK-DAG: [[WN]]: "0x040000000000004000004040"
// CHECK-DAG: [[BN]]: "0x040000000000803F000080BF"
func.func @scale_and_offset(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<0.0> : tensor<2xf32>
  %s = nn.constant dense<[[[2.0]], [[3.0]]]> : tensor<2x1x1xf32>
  %o = nn.constant dense<[[[[1.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %m = nn.mul %s, %c : (tensor<2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %y = nn.add %m, %o : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Not per channel: a [C] constant broadcasts along the width, and a
// convolution whose result is used twice cannot change.
// CHECK-LABEL: func.func @not_folded
// CHECK: nn.mul
// CHECK: nn.add
func.func @not_folded(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %s = nn.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %o = nn.constant dense<1.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %m = nn.mul %c, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %c2 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %a = nn.add %c2, %o : (tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %sum = nn.add %a, %c2 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %m, %sum : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// MatMul + Add, as TensorFlow exports a Dense layer: the offset joins the
// dense layer's bias (none here: b' = [0, 0] + [1, -2], then - 1 = [0, -3]).
// CHECK-LABEL: func.func @dense_offset
// CHECK: %[[B:.+]] = nn.constant dense_resource<[[BN:dense_bias(_[0-9]+)?]]> : tensor<2xf32>
// CHECK: %[[D:.+]] = nn.dense %arg0, %{{.+}}, %[[B]]
// CHECK-NOT: nn.add
// CHECK-NOT: nn.sub
// CHECK: return %[[D]]
// CHECK: [[BN]]: "0x0400000000000000000040C0"
func.func @dense_offset(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x3xf32>
  %o = nn.constant dense<[[1.0, -2.0]]> : tensor<1x2xf32>
  %one = nn.constant dense<1.0> : tensor<f32>
  %d = nn.dense %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %a = nn.add %o, %d : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %y = nn.sub %a, %one : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Keras's Rescaling on the NHWC input: x * s + t, then the layout change,
// then a convolution. The arithmetic moves after the reshape and into the
// convolution: W' = W * s = [2, 2] per tap; without padding the offset joins
// the bias, b' = b + sum(W) * t = 1 + 4 * 1 * 0.5 = 3.
// CHECK-LABEL: func.func @rescaling
// CHECK-DAG: %[[W:.+]] = nn.constant dense_resource<[[WN:w.folded(_[0-9]+)?]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense_resource<[[BN:w.folded_bias(_[0-9]+)?]]> : tensor<1xf32>
// CHECK: %[[R:.+]] = nn.reshape %arg0
// CHECK-NEXT: %[[C:.+]] = nn.conv2d %[[R]], %[[W]], %[[B]]
// CHECK-NEXT: return %[[C]]
// CHECK-DAG: [[WN]]: "0x0400000000000040000000400000004000000040"
// CHECK-DAG: [[BN]]: "0x0400000000004040"
func.func @rescaling(%x: tensor<1x3x3x1xf32>) -> tensor<1x1x2x2xf32> {
  %s = nn.constant dense<2.0> : tensor<f32>
  %t = nn.constant dense<0.5> : tensor<f32>
  %w = nn.constant dense_resource<w> : tensor<1x1x2x2xf32>
  %b = nn.constant dense<1.0> : tensor<1xf32>
  %m = nn.mul %x, %s : (tensor<1x3x3x1xf32>, tensor<f32>) -> tensor<1x3x3x1xf32>
  %a = nn.add %m, %t : (tensor<1x3x3x1xf32>, tensor<f32>) -> tensor<1x3x3x1xf32>
  %r = nn.reshape %a : tensor<1x3x3x1xf32> -> tensor<1x1x3x3xf32>
  %c = nn.conv2d %r, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %c : tensor<1x1x2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}

// -----

// With padding, a scale still folds (a padded zero scaled stays zero), an
// offset does not (the border would gain it).
// CHECK-LABEL: func.func @padded_offset
// CHECK: %[[A:.+]] = nn.add %arg0
// CHECK: nn.conv2d %[[A]]
func.func @padded_offset(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  %t = nn.constant dense<0.5> : tensor<f32>
  %w = nn.constant dense<1.0> : tensor<1x1x2x2xf32>
  %a = nn.add %x, %t : (tensor<1x1x3x3xf32>, tensor<f32>) -> tensor<1x1x3x3xf32>
  %c = nn.conv2d %a, %w {strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %c : tensor<1x1x4x4xf32>
}
