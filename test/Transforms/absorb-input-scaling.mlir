// RUN: kiln-opt %s -split-input-file -kiln-absorb-input-scaling | FileCheck %s

// A Keras Rescaling(1/255, offset=-1) on a uint8 input: the multiply
// divides the contract's std by 1/255, the add (after it) moves its mean
// by -offset * std.
// CHECK-LABEL: func.func @rescaling
// The multiplier is float32's 1/255, so std is 1 / float(1/255).
// CHECK-SAME: kiln.pixels = {declared = "nhwc", layout = "nhwc", mean = array<f64: 254.99998491956009>, reversed_channels = false, scale = 1.000000e+00 : f64, std = array<f64: 254.99998491956009>, type = "uint8"}
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.add
// CHECK: nn.transpose %arg0
func.func @rescaling(%x: tensor<1x4x4x3xf32> {kiln.pixels = {declared = "nhwc", layout = "nhwc", scale = 1.0 : f64, type = "uint8"}}) -> tensor<1x3x4x4xf32> {
  %k = nn.constant dense<0.00392156862745098> : tensor<f32>
  %b = nn.constant dense<-1.0> : tensor<f32>
  %m = nn.mul %x, %k : (tensor<1x4x4x3xf32>, tensor<f32>) -> tensor<1x4x4x3xf32>
  %a = nn.add %m, %b : (tensor<1x4x4x3xf32>, tensor<f32>) -> tensor<1x4x4x3xf32>
  %t = nn.transpose %a {permutation = array<i64: 0, 3, 1, 2>} : tensor<1x4x4x3xf32> -> tensor<1x3x4x4xf32>
  return %t : tensor<1x3x4x4xf32>
}

// -----

// Per-channel values already there: a division by 2 doubles each std, a
// subtraction of 1 adds 1 * std[c] to each mean.
// CHECK-LABEL: func.func @per_channel
// CHECK-SAME: mean = array<f64: 2.000000e+00, 3.000000e+00, 4.000000e+00>
// CHECK-SAME: std = array<f64: 1.000000e+00, 2.000000e+00, 3.000000e+00>
// CHECK-NOT: nn.div
// CHECK-NOT: nn.sub
func.func @per_channel(%x: tensor<1x3x4x4xf32> {kiln.pixels = {declared = "nchw", layout = "nchw", mean = array<f64: 1.0, 1.0, 1.0>, std = array<f64: 0.5, 1.0, 1.5>, scale = 1.0 : f64, type = "uint8"}}) -> tensor<1x3x4x4xf32> {
  %k = nn.constant dense<2.0> : tensor<f32>
  %b = nn.constant dense<1.0> : tensor<f32>
  %d = nn.div %x, %k : (tensor<1x3x4x4xf32>, tensor<f32>) -> tensor<1x3x4x4xf32>
  %s = nn.sub %d, %b : (tensor<1x3x4x4xf32>, tensor<f32>) -> tensor<1x3x4x4xf32>
  return %s : tensor<1x3x4x4xf32>
}

// -----

// Kept: a float input whose contract only reorders its layout (constant
// folding moves the multiply into the weights for free), a constant
// divided by the input (not affine), and a per-channel constant.
// CHECK-LABEL: func.func @kept
// CHECK: nn.mul %arg0
// CHECK: nn.div %{{.*}}, %arg1
// CHECK: nn.mul %arg2
func.func @kept(%x: tensor<1x3x4x4xf32> {kiln.pixels = {declared = "nchw", layout = "nhwc", scale = 1.0 : f64, type = "float32"}},
                %y: tensor<1x3x4x4xf32> {kiln.pixels = {declared = "nchw", layout = "nchw", scale = 1.0 : f64, type = "uint8"}},
                %z: tensor<1x3x4x4xf32> {kiln.pixels = {declared = "nchw", layout = "nchw", scale = 1.0 : f64, type = "uint8"}})
    -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %k = nn.constant dense<2.0> : tensor<f32>
  %c = nn.constant dense<[[[1.0]], [[2.0]], [[3.0]]]> : tensor<3x1x1xf32>
  %m = nn.mul %x, %k : (tensor<1x3x4x4xf32>, tensor<f32>) -> tensor<1x3x4x4xf32>
  %d = nn.div %k, %y : (tensor<f32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %p = nn.mul %z, %c : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %m, %d, %p : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}
