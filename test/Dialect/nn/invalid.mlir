// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the nn verifiers. The shape rules live in
// dialects/nn/NNShapes.cpp; when one fails, type inference reports the rule's
// message prefixed with the op name, and MLIR's InferTypeOpInterface verifier
// then adds its own "failed to infer returned types", so those cases expect
// both errors.

//===----------------------------------------------------------------------===//
// nn.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_input_rank(%x: tensor<3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: input (NCHW) must have rank 4, got shape 3x9x10}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: weight (OIHW) must have rank 4, got shape 6x3x3}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_strides_count(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: strides needs 2 values, got 3}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_dilation_count(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: dilation needs 2 values, got 1}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_padding_count(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: padding [top, left, bottom, right] needs 4 values, got 2}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_stride_below_one(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: strides must be >= 1, got 0}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 0>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_dilation_below_one(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: dilation must be >= 1, got 0}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 0, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_negative_padding(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: padding must be >= 0, got -1}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, -1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_groups_below_one(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: groups must be >= 1, got 0}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 0 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

// The input channels (4) are not a multiple of groups (3).
func.func @conv2d_groups_not_dividing_input_channels(%x: tensor<1x4x9x10xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: groups = 3 must divide both the input channels (4) and the output channels (6)}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 3 : i64} : (tensor<1x4x9x10xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

// The output channels (4) are not a multiple of groups (3), although the
// weight's 2 channels per group match the input's 6 = 2 x 3.
func.func @conv2d_groups_not_dividing_output_channels(%x: tensor<1x6x9x10xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: groups = 3 must divide both the input channels (6) and the output channels (4)}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 3 : i64} : (tensor<1x6x9x10xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x7x8xf32>
  return %0 : tensor<1x4x7x8xf32>
}

// -----

func.func @conv2d_weight_channels(%x: tensor<1x3x9x10xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: weight 6x2x3x3 expects 2 input channels per group, but the input 1x3x9x10 has 3 channels in 1 group(s)}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

// Grouped: 2 groups of 3 weight channels need 6 input channels, not 4.
func.func @conv2d_weight_channels_grouped(%x: tensor<1x4x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: weight 6x3x3x3 expects 3 input channels per group, but the input 1x4x9x10 has 4 channels in 2 group(s)}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 2 : i64} : (tensor<1x4x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_bias_length(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>, %b: tensor<5xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+2 {{nn.conv2d: bias has 5 values but the weight has 6 output channels}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>, tensor<5xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @conv2d_kernel_does_not_fit(%x: tensor<1x3x3x3xf32>, %w: tensor<6x3x5x5xf32>) -> tensor<1x6x1x1xf32> {
  // expected-error @+2 {{nn.conv2d: kernel 5x5 (dilation 1x1) with padding [0, 0, 0, 0] does not fit input 3x3}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x3x3xf32>, tensor<6x3x5x5xf32>) -> tensor<1x6x1x1xf32>
  return %0 : tensor<1x6x1x1xf32>
}

// -----

// A 3-wide kernel fits the 4-wide input, but dilated by 2 it spans 5.
func.func @conv2d_dilated_kernel_does_not_fit(%x: tensor<1x3x8x4xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x6x1xf32> {
  // expected-error @+2 {{nn.conv2d: kernel 3x3 (dilation 1x2) with padding [0, 0, 0, 0] does not fit input 8x4}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 2>, groups = 1 : i64} : (tensor<1x3x8x4xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x6x1xf32>
  return %0 : tensor<1x6x6x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.dense
//===----------------------------------------------------------------------===//

func.func @dense_input_rank(%x: tensor<2x4x4xf32>, %w: tensor<10x16xf32>) -> tensor<2x10xf32> {
  // expected-error @+2 {{nn.dense: input [N, K] must have rank 2, got shape 2x4x4}}
  // expected-error @+1 {{'nn.dense' op failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x4x4xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @dense_weight_rank(%x: tensor<2x16xf32>, %w: tensor<16xf32>) -> tensor<2x10xf32> {
  // expected-error @+2 {{nn.dense: weight [M, K] must have rank 2, got shape 16}}
  // expected-error @+1 {{'nn.dense' op failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @dense_feature_mismatch(%x: tensor<2x16xf32>, %w: tensor<10x15xf32>) -> tensor<2x10xf32> {
  // expected-error @+2 {{nn.dense: weight 10x15 expects 15 input features, but the input 2x16 has 16}}
  // expected-error @+1 {{'nn.dense' op failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x16xf32>, tensor<10x15xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @dense_bias_length(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<9xf32>) -> tensor<2x10xf32> {
  // expected-error @+2 {{nn.dense: bias has 9 values but the weight has 10 outputs}}
  // expected-error @+1 {{'nn.dense' op failed to infer returned types}}
  %0 = nn.dense %x, %w, %b : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<9xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @dense_bias_rank(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<1x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+2 {{nn.dense: bias must have rank 1, got shape 1x10}}
  // expected-error @+1 {{'nn.dense' op failed to infer returned types}}
  %0 = nn.dense %x, %w, %b : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<1x10xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.max_pool2d / nn.avg_pool2d (one shape rule)
//===----------------------------------------------------------------------===//

func.func @pool_input_rank(%x: tensor<2x6x6xf32>) -> tensor<2x3x3xf32> {
  // expected-error @+2 {{nn.max_pool2d: input (NCHW) must have rank 4, got shape 2x6x6}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<2x6x6xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.max_pool2d: kernel needs 2 values, got 1}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_strides_count(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.avg_pool2d: strides needs 2 values, got 3}}
  // expected-error @+1 {{'nn.avg_pool2d' op failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_padding_count(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.max_pool2d: padding [top, left, bottom, right] needs 4 values, got 2}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_kernel_below_one(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.max_pool2d: kernel must be >= 1, got 0}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 0>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_stride_below_one(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.avg_pool2d: strides must be >= 1, got 0}}
  // expected-error @+1 {{'nn.avg_pool2d' op failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_negative_padding(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+2 {{nn.max_pool2d: padding must be >= 0, got -1}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: -1, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// The left padding (2) is compared with the kernel width (2), not its
// height (3): a window could lie entirely in the padding.
func.func @pool_padding_not_smaller_than_kernel(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x5xf32> {
  // expected-error @+2 {{nn.max_pool2d: padding 2 must be smaller than the kernel 3x2}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 2, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x4x5xf32>
  return %0 : tensor<1x2x4x5xf32>
}

// -----

func.func @pool_window_does_not_fit_height(%x: tensor<1x2x2x6xf32>) -> tensor<1x2x1x2xf32> {
  // expected-error @+2 {{nn.max_pool2d: height: window of 3 does not fit the padded input of 2 (2 + padding 0 + 0)}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 3, 3>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x2x6xf32> -> tensor<1x2x1x2xf32>
  return %0 : tensor<1x2x1x2xf32>
}

// -----

func.func @pool_window_does_not_fit_width(%x: tensor<1x2x6x1xf32>) -> tensor<1x2x2x1xf32> {
  // expected-error @+2 {{nn.avg_pool2d: width: window of 4 does not fit the padded input of 3 (1 + padding 1 + 1)}}
  // expected-error @+1 {{'nn.avg_pool2d' op failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 3, 4>, strides = array<i64: 3, 1>, padding = array<i64: 0, 1, 0, 1>} : tensor<1x2x6x1xf32> -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.flatten, nn.softmax
//===----------------------------------------------------------------------===//

// flatten's axis may equal the rank, but not exceed it.
func.func @flatten_axis_too_large(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error @+2 {{nn.flatten: axis 3 is out of range for rank 2}}
  // expected-error @+1 {{'nn.flatten' op failed to infer returned types}}
  %0 = nn.flatten %x {axis = 3 : i64} : tensor<2x3xf32> -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func.func @flatten_axis_too_negative(%x: tensor<2x3xf32>) -> tensor<1x6xf32> {
  // expected-error @+2 {{nn.flatten: axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'nn.flatten' op failed to infer returned types}}
  %0 = nn.flatten %x {axis = -3 : i64} : tensor<2x3xf32> -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

// Unlike flatten's, softmax's axis must be smaller than the rank.
func.func @softmax_axis_too_large(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for rank 2}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @softmax_axis_too_negative(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.softmax' op axis -3 is out of range for rank 2}}
  %0 = nn.softmax %x {axis = -3 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Declared result types and operand types
//===----------------------------------------------------------------------===//

// The attributes are valid, but the declared result disagrees with the
// inferred 1x2x2x2 (floor((5 - 2) / 2) + 1 = 2, not 3).
func.func @declared_type_disagrees(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+2 {{'nn.max_pool2d' op inferred type(s) 'tensor<1x2x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x2x2x3xf32>'}}
  // expected-error @+1 {{'nn.max_pool2d' op failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

func.func @declared_conv2d_type_disagrees(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x9x10xf32> {
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<1x6x7x8xf32>' are incompatible with return type(s) of operation 'tensor<1x6x9x10xf32>'}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x9x10xf32>
  return %0 : tensor<1x6x9x10xf32>
}

// -----

func.func @non_f32_operand(%x: tensor<1x2x5x5xf16>) -> tensor<1x2x5x5xf16> {
  // expected-error @+1 {{'nn.relu' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x2x5x5xf16>'}}
  %0 = nn.relu %x : tensor<1x2x5x5xf16>
  return %0 : tensor<1x2x5x5xf16>
}

// -----

func.func @dynamic_operand(%x: tensor<?x3x9x10xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32> {
  // expected-error @+1 {{'nn.conv2d' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x3x9x10xf32>'}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  return %0 : tensor<1x6x7x8xf32>
}

// -----

func.func @non_f32_constant() -> tensor<3xf16> {
  // expected-error @+1 {{'nn.constant' op result #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<3xf16>'}}
  %0 = nn.constant dense<1.0> : tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

// A kernel with a zero-sized dimension would "fit" any input.
func.func @conv_zero_kernel(%x: tensor<1x3x9x10xf32>, %w: tensor<4x3x0x3xf32>) -> tensor<1x4x12x8xf32> {
  // expected-error @+2 {{nn.conv2d: weight sizes must be >= 1, got 0}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 3, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x12x8xf32>
  return %0 : tensor<1x4x12x8xf32>
}

//===----------------------------------------------------------------------===//
// nn.global_avg_pool2d, nn.global_max_pool2d
//===----------------------------------------------------------------------===//

// -----

func.func @global_pool_rank(%x: tensor<2x3x5xf32>) -> tensor<2x3x1x1xf32> {
  // expected-error @+2 {{nn.global_avg_pool2d: input (NCHW) must have rank 4, got shape 2x3x5}}
  // expected-error @+1 {{'nn.global_avg_pool2d' op failed to infer returned types}}
  %0 = nn.global_avg_pool2d %x : tensor<2x3x5xf32> -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// -----

func.func @global_max_pool_type(%x: tensor<2x3x5x5xf32>) -> tensor<2x3x5x1xf32> {
  // expected-error @+2 {{'nn.global_max_pool2d' op inferred type(s) 'tensor<2x3x1x1xf32>' are incompatible with return type(s) of operation 'tensor<2x3x5x1xf32>'}}
  // expected-error @+1 {{'nn.global_max_pool2d' op failed to infer returned types}}
  %0 = nn.global_max_pool2d %x : tensor<2x3x5x5xf32> -> tensor<2x3x5x1xf32>
  return %0 : tensor<2x3x5x1xf32>
}

//===----------------------------------------------------------------------===//
// nn.batch_norm
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_rank(%x: tensor<4x3x3xf32>, %p: tensor<4xf32>) -> tensor<4x3x3xf32> {
  // expected-error @+2 {{nn.batch_norm: input (NCHW) must have rank 4, got shape 4x3x3}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x3x3xf32>
  return %0 : tensor<4x3x3xf32>
}

// -----

func.func @batch_norm_param_size(%x: tensor<1x4x3x3xf32>, %p: tensor<4xf32>, %v: tensor<3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{nn.batch_norm: variance must have shape 4 (one value per channel of the input 1x4x3x3), got 3}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %v : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4x3x3xf32>, %p: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{nn.batch_norm: epsilon must be >= 0, got -1}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f32} : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

//===----------------------------------------------------------------------===//
// nn.lrn
//===----------------------------------------------------------------------===//

// -----

func.func @lrn_size(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{'nn.lrn' op size must be >= 1, got 0}}
  %0 = nn.lrn %x {size = 0 : i64} : tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @lrn_rank(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nn.lrn' op input (channels in dimension 1) must have rank >= 3, got shape 4x3}}
  %0 = nn.lrn %x {size = 3 : i64} : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

// -----

func.func @clip_bounds(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'nn.clip' op min (6) must not be greater than max (0)}}
  %0 = nn.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @dropout_ratio(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'nn.dropout' op ratio must be in [0, 1), got 1}}
  %0 = nn.dropout %x {ratio = 1.0 : f32} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @identity_type(%x: tensor<1x4xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'nn.identity' op requires the same type for all operands and results}}
  %0 = "nn.identity"(%x) : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @sigmoid_type(%x: tensor<1x4xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'nn.sigmoid' op requires the same type for all operands and results}}
  %0 = "nn.sigmoid"(%x) : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

// -----

func.func @add_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{nn.add: shapes 2x3 and 4x3 do not broadcast: dimension 0 of the result would be 2 and 4 (sizes must be equal, or one of them 1)}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @div_result_type(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'nn.div' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'nn.div' op failed to infer returned types}}
  %0 = nn.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

// -----

func.func @concat_other_dim(%a: tensor<1x2x3x3xf32>, %b: tensor<1x2x4x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{nn.concat: input 1 has shape 1x2x4x3 and input 0 has shape 1x2x3x3: they differ in dimension 2, but only the axis (1) may differ}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x4x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @concat_rank(%a: tensor<1x2x3x3xf32>, %b: tensor<2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+2 {{nn.concat: input 1 has shape 2x3x3, of rank 3, but input 0 has shape 1x2x3x3, of rank 4}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+2 {{nn.concat: axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a {axis = 2 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @concat_no_inputs() -> tensor<1x2xf32> {
  // expected-error @+2 {{nn.concat: needs at least one input}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

//===----------------------------------------------------------------------===//
// nn.reshape, nn.transpose, nn.pad
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nn.reshape' op cannot reshape 2x3 (6 elements) to 4x2 (8 elements)}}
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{nn.transpose: permutation [0, 2, 2] must list each dimension of the input 2x3x4 (0 to 2) once}}
  // expected-error @+1 {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 2>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @pad_count(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{nn.pad: pads needs 4 values (the begin of each of the 2 dimensions, then the end of each), got 2}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x {pads = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+2 {{nn.pad: pads must be >= 0, got -1}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x {pads = array<i64: -1, 0, 0, 0>} : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @slice_outside(%x: tensor<2x6xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{nn.slice: dimension 1: 4 elements from 3, 1 apart, do not fit the input 2x6}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {starts = array<i64: 0, 3>, sizes = array<i64: 2, 4>, steps = array<i64: 1, 1>} : tensor<2x6xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @slice_count(%x: tensor<2x6xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{nn.slice: starts, sizes and steps need 2 values each (one per dimension), got 1, 2 and 2}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {starts = array<i64: 0>, sizes = array<i64: 2, 4>, steps = array<i64: 1, 1>} : tensor<2x6xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// nn.reduce_mean, nn.log_softmax, nn.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_mean_repeated_axis(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  // expected-error @+2 {{nn.reduce_mean: axes [1, -2] name dimension 1 twice}}
  // expected-error @+1 {{'nn.reduce_mean' op failed to infer returned types}}
  %0 = nn.reduce_mean %x {axes = array<i64: 1, -2>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

func.func @reduce_mean_no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{nn.reduce_mean: axes must name at least one dimension}}
  // expected-error @+1 {{'nn.reduce_mean' op failed to infer returned types}}
  %0 = nn.reduce_mean %x {axes = array<i64>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @log_softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'nn.log_softmax' op axis -3 is out of range for rank 2}}
  %0 = nn.log_softmax %x {axis = -3 : i64} : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @matmul_inner(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+2 {{nn.matmul: lhs 3x4 has 4 columns but rhs 5x6 has 5 rows}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

func.func @matmul_rank(%a: tensor<4xf32>, %b: tensor<4x6xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{nn.matmul: lhs [..., M, K] must have rank >= 2, got shape 4}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+2 {{nn.matmul: the batch dimensions of 2x3x4 and 3x4x6 do not broadcast: shapes 2 and 3 do not broadcast: dimension 0 of the result would be 2 and 3 (sizes must be equal, or one of them 1)}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}
