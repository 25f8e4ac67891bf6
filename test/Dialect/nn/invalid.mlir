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
