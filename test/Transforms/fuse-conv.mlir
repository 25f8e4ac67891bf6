// RUN: kiln-opt %s -split-input-file -kiln-fuse-conv="remarks=true" -verify-diagnostics | FileCheck %s

// conv -> relu -> max_pool (LeNet-5's layers) become one op.
// CHECK-LABEL: func.func @conv_relu_max_pool
// CHECK: %[[F:.+]] = nn.fused_conv2d %arg0, %arg1, %arg2 {activation = #nn.activation<relu>, dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 2, 2, 2, 2>, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>, pool_strides = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<1x6x14x14xf32>
// CHECK-NOT: nn.conv2d
// CHECK-NOT: nn.relu
// CHECK-NOT: nn.max_pool2d
// CHECK: return %[[F]]
func.func @conv_relu_max_pool(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<1x6x14x14xf32> {
  // expected-remark @+1 {{conv2d fused with relu and max_pool2d}}
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 2, 2, 2, 2>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<1x6x28x28xf32>
  %r = nn.relu %c : tensor<1x6x28x28xf32>
  %p = nn.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x6x28x28xf32> -> tensor<1x6x14x14xf32>
  return %p : tensor<1x6x14x14xf32>
}

// -----

// ReLU6: the clip bounds move to the fused op.
// CHECK-LABEL: func.func @conv_clip
// CHECK: %[[F:.+]] = nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<clip>, {{.*}}max = 6.000000e+00 : f32, min = 0.000000e+00 : f32, {{.*}}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NOT: pool =
// CHECK-NOT: nn.clip
// CHECK: return %[[F]]
func.func @conv_clip(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-remark @+1 {{conv2d fused with clip}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %y = nn.clip %c {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// An activation without a pool after it; leaky_relu keeps its alpha.
// CHECK-LABEL: func.func @conv_activation
// CHECK: %[[R:.+]] = nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<relu>, {{.*}}} : {{.*}} -> tensor<1x4x6x6xf32>
// CHECK: %[[L:.+]] = nn.fused_conv2d %[[R]], %arg2 {activation = #nn.activation<leaky_relu>, alpha = 2.000000e-01 : f32, {{.*}}} : {{.*}} -> tensor<1x4x4x4xf32>
// CHECK: nn.flatten %[[L]]
func.func @conv_activation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %w2: tensor<4x4x3x3xf32>) -> tensor<1x64xf32> {
  // expected-remark @+1 {{conv2d fused with relu}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %r = nn.relu %c : tensor<1x4x6x6xf32>
  // expected-remark @+1 {{conv2d fused with leaky_relu}}
  %c2 = nn.conv2d %r, %w2 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  %l = nn.leaky_relu %c2 {alpha = 0.2 : f32} : tensor<1x4x4x4xf32>
  %f = nn.flatten %l : tensor<1x4x4x4xf32> -> tensor<1x64xf32>
  return %f : tensor<1x64xf32>
}

// -----

// A pool straight after the convolution, without an activation.
// CHECK-LABEL: func.func @conv_avg_pool
// CHECK: %[[F:.+]] = nn.fused_conv2d %arg0, %arg1 {dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 1, 1, 1, 1>, pool = #nn.pool<avg>, pool_count_include_pad = false, pool_kernel = array<i64: 3, 3>, pool_padding = array<i64: 1, 1, 1, 1>, pool_strides = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NOT: nn.avg_pool2d
// CHECK: return %[[F]]
func.func @conv_avg_pool(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-remark @+1 {{conv2d fused with avg_pool2d}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %p = nn.avg_pool2d %c {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return %p : tensor<1x4x4x4xf32>
}

// -----

// The convolution's output is also a shortcut (used by nn.add): it must stay
// whole, so nothing is fused.
// CHECK-LABEL: func.func @shared_conv_output
// CHECK: %[[C:.+]] = nn.conv2d
// CHECK: %[[R:.+]] = nn.relu %[[C]]
// CHECK: nn.add %[[R]], %[[C]]
// CHECK-NOT: nn.fused_conv2d
func.func @shared_conv_output(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  // expected-remark @+1 {{relu not fused: its input is also used by nn.add}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %r = nn.relu %c : tensor<1x4x6x6xf32>
  %a = nn.add %r, %c : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %a : tensor<1x4x6x6xf32>
}

// -----

// The ReLU's output feeds the pool and an nn.add: conv + relu fuse, the pool
// stays a separate op reading the fused result.
// CHECK-LABEL: func.func @shared_relu_output
// CHECK: %[[F:.+]] = nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<relu>, {{.*}}} : {{.*}} -> tensor<1x4x6x6xf32>
// CHECK-NOT: pool =
// CHECK: %[[P:.+]] = nn.max_pool2d %[[F]]
// CHECK: nn.add %[[F]], %[[F]]
func.func @shared_relu_output(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x6x6xf32>) {
  // expected-remark @+1 {{conv2d fused with relu; max_pool2d not fused: its input is also used by nn.add}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %r = nn.relu %c : tensor<1x4x6x6xf32>
  %p = nn.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x4x6x6xf32> -> tensor<1x4x3x3xf32>
  %a = nn.add %r, %r : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %p, %a : tensor<1x4x3x3xf32>, tensor<1x4x6x6xf32>
}

// -----

// Softmax is not one of the activations the fused op applies, and a
// convolution that is returned directly has nothing to fuse with.
// CHECK-LABEL: func.func @not_fusable
// CHECK: %[[C:.+]] = nn.conv2d
// CHECK: nn.softmax %[[C]]
// CHECK: %[[D:.+]] = nn.conv2d
// CHECK: return {{.*}}, %[[D]]
// CHECK-NOT: nn.fused_conv2d
func.func @not_fusable(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) {
  // expected-remark @+1 {{conv2d not fused: its only user nn.softmax is neither a fusable activation nor a pooling}}
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %s = nn.softmax %c {axis = 1 : i64} : tensor<1x4x6x6xf32>
  // expected-remark @+1 {{conv2d not fused: its only user func.return is neither a fusable activation nor a pooling}}
  %d = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %s, %d : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
}
