// RUN: kiln-opt %s -split-input-file -kiln-fold-batch-norm="remarks=true" -verify-diagnostics | FileCheck %s

// A batch norm after a convolution used only by it folds into the weights
// and bias: f = scale / sqrt(var + eps) = [2, 0.5], shift = beta - mean * f.
// W' = W * f per output channel, b' = b * f + shift.
// CHECK-LABEL: func.func @into_conv
// CHECK-DAG: %[[W:.+]] = nn.constant dense_resource<w.bn> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense_resource<b.bn_bias> : tensor<2xf32>
// CHECK: %[[C:.+]] = nn.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C]]
// Values: W' = [3 * 2, 5 * 0.5] = [6, 2.5]; b' = [1 * 2 + (0.5 - 1 * 2),
// -1 * 0.5 + (0 - 4 * 0.5)] = [0.5, -2.5].
// CHECK-DAG: w.bn: "0x040000000000C04000002040"
// CHECK-DAG: b.bn_bias: "0x040000000000003F000020C0"
func.func @into_conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = nn.constant dense_resource<w> : tensor<2x1x1x1xf32>
  %b = nn.constant dense_resource<b> : tensor<2xf32>
  %s = nn.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %t = nn.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %v = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{batch norm folded into the convolution before it}}
  %y = nn.batch_norm %c, %s, %t, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000000040400000A040",
      b: "0x040000000000803F000080BF"
    }
  }
#-}

// -----

// The convolution's result is also returned (like a shortcut): folding would
// change that use, so the batch norm becomes a per-channel scale and shift.
// CHECK-LABEL: func.func @conv_used_twice
// CHECK-DAG: %[[F:.+]] = nn.constant dense_resource<s.factor> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[S:.+]] = nn.constant dense_resource<s.shift> : tensor<1x2x1x1xf32>
// CHECK: %[[C:.+]] = nn.conv2d
// CHECK: %[[M:.+]] = nn.mul %[[C]], %[[F]]
// CHECK: %[[A:.+]] = nn.add %[[M]], %[[S]]
// CHECK: return %[[C]], %[[A]]
func.func @conv_used_twice(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %s = nn.constant dense_resource<s> : tensor<2xf32>
  %t = nn.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %v = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{batch norm not folded into the convolution: its input is used elsewhere too}}
  %y = nn.batch_norm %c, %s, %t, %m, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %c, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      s: "0x040000000000803F0000803F"
    }
  }
#-}

// -----

// A batch norm of a network input has nothing to fold into.
// CHECK-LABEL: func.func @lone
// CHECK: %[[M:.+]] = nn.mul %arg0, %{{.+}} : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK: nn.add %[[M]], %{{.+}} : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NOT: nn.batch_norm
func.func @lone(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %s = nn.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %t = nn.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %v = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %y = nn.batch_norm %x, %s, %t, %m, %v : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Statistics computed at run time (here: network inputs) cannot be folded.
// CHECK-LABEL: func.func @runtime_statistics
// CHECK: nn.batch_norm
func.func @runtime_statistics(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %t = nn.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %v = nn.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %y = nn.batch_norm %x, %s, %t, %m, %v : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
