// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of nn.fused_conv2d, and those of nn.fused_dense.
// An unknown activation or pool kind is a parse error of its enum attribute
// (NNEnums.td), which lists the valid kinds. Type inference checks the
// activation's and pool's parameters and applies the conv and pool shape
// rules; as for the other ops (invalid.mlir), MLIR then adds "failed to
// infer returned types".

func.func @conv_does_not_fit(%x: tensor<1x3x2x2xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{nn.fused_conv2d: kernel 3x3 (dilation 1x1) with padding [0, 0, 0, 0] does not fit input 2x2}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<relu>} : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @unknown_activation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{expected ::kiln::nn::ActivationKind to be one of: none, relu, clip, leaky_relu, sigmoid, tanh}}
  // expected-error @+1 {{failed to parse NN_ActivationKindAttr parameter 'value'}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<gelu>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @clip_without_bounds(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{nn.fused_conv2d: activation 'clip' needs 'min' and 'max'}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<clip>, min = 0.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @clip_bounds_reversed(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{nn.fused_conv2d: min (6) must not be greater than max (0)}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, activation = #nn.activation<clip>, min = 6.0 : f32, max = 0.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @unknown_pool(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{expected ::kiln::nn::PoolKind to be one of: none, max, avg}}
  // expected-error @+1 {{failed to parse NN_PoolKindAttr parameter 'value'}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<min>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @pool_without_window(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{nn.fused_conv2d: pool 'max' needs 'pool_kernel', 'pool_strides' and 'pool_padding'}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @avg_pool_dilated(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+2 {{nn.fused_conv2d: pool_dilation must be 1x1 for average pooling, got [2, 2]}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<avg>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>, pool_dilation = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// The pool rule applies to the convolution's 6x6 output.
func.func @pool_does_not_fit(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{nn.fused_conv2d: padding 2 must be smaller than the kernel 2x2}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 2, 2, 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @result_type_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'nn.fused_conv2d' op inferred type(s) 'tensor<1x4x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x4x6x6xf32>'}}
  // expected-error @+1 {{'nn.fused_conv2d' op failed to infer returned types}}
  %0 = nn.fused_conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, pool = #nn.pool<max>, pool_kernel = array<i64: 2, 2>, pool_strides = array<i64: 2, 2>, pool_padding = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @dense_does_not_fit(%x: tensor<1x400xf32>, %w: tensor<120x300xf32>) -> tensor<1x120xf32> {
  // expected-error @+2 {{nn.fused_dense: weight 120x300 expects 300 input features, but the input 1x400 has 400}}
  // expected-error @+1 {{'nn.fused_dense' op failed to infer returned types}}
  %0 = nn.fused_dense %x, %w {activation = #nn.activation<relu>} : (tensor<1x400xf32>, tensor<120x300xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}

// -----

func.func @dense_unknown_activation(%x: tensor<1x400xf32>, %w: tensor<120x400xf32>) -> tensor<1x120xf32> {
  // expected-error @+2 {{expected ::kiln::nn::ActivationKind to be one of: none, relu, clip, leaky_relu, sigmoid, tanh}}
  // expected-error @+1 {{failed to parse NN_ActivationKindAttr parameter 'value'}}
  %0 = nn.fused_dense %x, %w {activation = #nn.activation<gelu>} : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}

// -----

func.func @dense_clip_bounds(%x: tensor<1x400xf32>, %w: tensor<120x400xf32>) -> tensor<1x120xf32> {
  // expected-error @+2 {{nn.fused_dense: min (6) must not be greater than max (0)}}
  // expected-error @+1 {{'nn.fused_dense' op failed to infer returned types}}
  %0 = nn.fused_dense %x, %w {activation = #nn.activation<clip>, min = 6.0 : f32, max = 0.0 : f32} : (tensor<1x400xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}
