// RUN: kiln-opt %s -split-input-file -kiln-fuse-dense="remarks=true" -verify-diagnostics | FileCheck %s

// dense -> relu (VGG's and AlexNet's classifiers) becomes one op, whatever
// reads the relu.
// CHECK-LABEL: func.func @dense_relu
// CHECK: %[[F:.+]] = nn.fused_dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<1x120xf32>
// CHECK-NOT: nn.dense
// CHECK-NOT: nn.relu
// CHECK: nn.add %[[F]], %[[F]]
func.func @dense_relu(%x: tensor<1x400xf32>, %w: tensor<120x400xf32>, %b: tensor<120xf32>) -> tensor<1x120xf32> {
  // expected-remark @+1 {{dense fused with relu}}
  %d = nn.dense %x, %w, %b : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<1x120xf32>
  %r = nn.relu %d : tensor<1x120xf32>
  %a = nn.add %r, %r : (tensor<1x120xf32>, tensor<1x120xf32>) -> tensor<1x120xf32>
  return %a : tensor<1x120xf32>
}

// -----

// Each other activation, with its parameters (ReLU6's bounds, leaky ReLU's
// alpha), on dense layers without a bias.
// CHECK-LABEL: func.func @other_activations
// CHECK: %[[C:.+]] = nn.fused_dense %arg0, %arg1 {activation = #nn.activation<clip>, max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK: %[[L:.+]] = nn.fused_dense %[[C]], %arg2 {activation = #nn.activation<leaky_relu>, alpha = 2.000000e-01 : f32}
// CHECK: %[[S:.+]] = nn.fused_dense %[[L]], %arg2 {activation = #nn.activation<sigmoid>}
// CHECK: %[[T:.+]] = nn.fused_dense %[[S]], %arg2 {activation = #nn.activation<tanh>}
// CHECK: return %[[T]]
func.func @other_activations(%x: tensor<1x8xf32>, %w: tensor<8x8xf32>, %v: tensor<8x8xf32>) -> tensor<1x8xf32> {
  // expected-remark @+1 {{dense fused with clip}}
  %0 = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  // expected-remark @+1 {{dense fused with leaky_relu}}
  %2 = nn.dense %1, %v : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %3 = nn.leaky_relu %2 {alpha = 0.2 : f32} : tensor<1x8xf32>
  // expected-remark @+1 {{dense fused with sigmoid}}
  %4 = nn.dense %3, %v : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %5 = nn.sigmoid %4 : tensor<1x8xf32>
  // expected-remark @+1 {{dense fused with tanh}}
  %6 = nn.dense %5, %v : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %7 = nn.tanh %6 : tensor<1x8xf32>
  return %7 : tensor<1x8xf32>
}

// -----

// The dense result is also read by nn.add (a residual): it is needed before
// the activation, so nothing is fused.
// CHECK-LABEL: func.func @shared_dense_output
// CHECK: %[[D:.+]] = nn.dense
// CHECK: %[[R:.+]] = nn.relu %[[D]]
// CHECK: nn.add %[[R]], %[[D]]
// CHECK-NOT: nn.fused_dense
func.func @shared_dense_output(%x: tensor<1x8xf32>, %w: tensor<8x8xf32>) -> tensor<1x8xf32> {
  // expected-remark @+1 {{relu not fused: its input is also used by nn.add}}
  %d = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %r = nn.relu %d : tensor<1x8xf32>
  %a = nn.add %r, %d : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %a : tensor<1x8xf32>
}

// -----

// Nothing to fuse: softmax is not an activation a fused op applies; a dense
// result that is returned, or read by two non-activations, stays.
// CHECK-LABEL: func.func @not_fusable
// CHECK: %[[D:.+]] = nn.dense
// CHECK: nn.softmax %[[D]]
// CHECK: %[[E:.+]] = nn.dense
// CHECK: %[[F:.+]] = nn.dense
// CHECK: nn.add %[[F]], %arg0
// CHECK: nn.sub %[[F]], %arg0
// CHECK: return {{.*}}, %[[E]],
// CHECK-NOT: nn.fused_dense
func.func @not_fusable(%x: tensor<1x8xf32>, %w: tensor<8x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  // expected-remark @+1 {{dense not fused: its only user nn.softmax is not a fusable activation}}
  %d = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %s = nn.softmax %d {axis = 1 : i64} : tensor<1x8xf32>
  // expected-remark @+1 {{dense not fused: its only user func.return is not a fusable activation}}
  %e = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  // expected-remark @+1 {{dense not fused: its result has several users, none of them fusable}}
  %f = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %a = nn.add %f, %x : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %b = nn.sub %f, %x : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %m = nn.mul %a, %b : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %s, %e, %m : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}
