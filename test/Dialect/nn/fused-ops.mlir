// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// nn.fused_conv2d and nn.fused_dense survive a print/parse round trip in each
// of their forms; the result types are the ones the ops infer (conv rule, then
// pool rule; dense rule).

// CHECK-LABEL: func.func @conv_relu_max_pool
// CHECK: nn.fused_conv2d %arg0, %arg1, %arg2 {activation = #nn.activation<relu>, {{.*}}pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>{{.*}}} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<1x6x14x14xf32>
func.func @conv_relu_max_pool(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<1x6x14x14xf32> {
  %0 = nn.fused_conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 2, 2, 2, 2>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<relu>, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<1x6x14x14xf32>
  return %0 : tensor<1x6x14x14xf32>
}

// CHECK-LABEL: func.func @conv_clip
// CHECK: nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<clip>, {{.*}}max = 6.000000e+00 : f32, min = 0.000000e+00 : f32{{.*}}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
func.func @conv_clip(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<clip>, min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @conv_leaky_avg_pool_ceil
// CHECK: nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<leaky_relu>, alpha = 1.000000e-01 : f32, {{.*}}pool = #nn.pool<avg>, pool_ceil_mode = true, pool_count_include_pad = false, {{.*}}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
func.func @conv_leaky_avg_pool_ceil(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<leaky_relu>, alpha = 0.1 : f32, pool = #nn.pool<avg>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>, pool_ceil_mode = true, pool_count_include_pad = false} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// No activation, a dilated max pool; sigmoid and tanh without a pool.
// CHECK-LABEL: func.func @other_forms
// CHECK: nn.fused_conv2d {{.*}}pool = #nn.pool<max>, pool_dilation = array<i64: 2, 2>{{.*}} -> tensor<1x4x4x4xf32>
// CHECK: nn.fused_conv2d {{.*}}activation = #nn.activation<sigmoid>{{.*}} -> tensor<1x4x6x6xf32>
// CHECK: nn.fused_conv2d {{.*}}activation = #nn.activation<tanh>{{.*}} -> tensor<1x4x6x6xf32>
func.func @other_forms(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) {
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 1, 1>, pool_padding = array<i64: 0, 0, 0, 0>, pool_dilation = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<sigmoid>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %2 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<tanh>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0, %1, %2 : tensor<1x4x4x4xf32>, tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @dense_forms
// CHECK: nn.fused_dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<1x120xf32>
// CHECK: nn.fused_dense %arg0, %arg1 {activation = #nn.activation<clip>, max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
// CHECK: nn.fused_dense %arg0, %arg1 {activation = #nn.activation<leaky_relu>, alpha = 2.000000e-01 : f32} : {{.*}} -> tensor<1x120xf32>
// CHECK: nn.fused_dense %arg0, %arg1 : {{.*}} -> tensor<1x120xf32>
func.func @dense_forms(%x: tensor<1x400xf32>, %w: tensor<120x400xf32>, %b: tensor<120xf32>) -> (tensor<1x120xf32>, tensor<1x120xf32>, tensor<1x120xf32>, tensor<1x120xf32>) {
  %0 = nn.fused_dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<1x120xf32>
  %1 = nn.fused_dense %x, %w {activation = #nn.activation<clip>, min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  %2 = nn.fused_dense %x, %w {activation = #nn.activation<leaky_relu>, alpha = 0.2 : f32} : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  %3 = nn.fused_dense %x, %w : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  return %0, %1, %2, %3 : tensor<1x120xf32>, tensor<1x120xf32>, tensor<1x120xf32>, tensor<1x120xf32>
}
