// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// Every nn op survives a print/parse round trip. The result types are the ones
// the ops infer (the verifier rejects any other), so checking them also checks
// the shape rules of dialects/nn/NNShapes.cpp on valid input.

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<3xf32>, tensor<2xf32>) {
  // CHECK: %{{.+}} = nn.constant dense<[1.000000e+00, -2.500000e+00, 5.000000e-01]> : tensor<3xf32>
  %0 = nn.constant dense<[1.0, -2.5, 0.5]> : tensor<3xf32>
  // CHECK: %{{.+}} = nn.constant dense_resource<fc.bias> : tensor<2xf32>
  %1 = nn.constant dense_resource<fc.bias> : tensor<2xf32>
  return %0, %1 : tensor<3xf32>, tensor<2xf32>
}

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x9x10xf32>, %[[W:.+]]: tensor<6x3x3x3xf32>, %[[B:.+]]: tensor<6xf32>)
func.func @conv2d(%x: tensor<1x3x9x10xf32>, %w: tensor<6x3x3x3xf32>, %b: tensor<6xf32>) -> (tensor<1x6x7x8xf32>, tensor<1x6x3x4xf32>) {
  // No bias, unit strides and dilation, no padding: 9 - 3 + 1 = 7, 10 - 3 + 1 = 8.
  // CHECK: %{{.+}} = nn.conv2d %[[X]], %[[W]] {dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x7x8xf32>
  // Bias, and different strides, padding and dilation per dimension:
  //   height: kernel (3 - 1) * 2 + 1 = 5 over 9 + 1 + 0 = 10, stride 2 -> 3
  //   width:  kernel 3 over 10 + 2 + 1 = 13, stride 3 -> 4
  // CHECK: %{{.+}} = nn.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 2, 1>, groups = 1 : i64, padding = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 3>} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x4xf32>
  %1 = nn.conv2d %x, %w, %b {strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 0, 1>, dilation = array<i64: 2, 1>, groups = 1 : i64} : (tensor<1x3x9x10xf32>, tensor<6x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x4xf32>
  return %0, %1 : tensor<1x6x7x8xf32>, tensor<1x6x3x4xf32>
}

// CHECK-LABEL: func.func @conv2d_grouped
// CHECK-SAME: (%[[X:.+]]: tensor<2x4x7x7xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>, %[[DW:.+]]: tensor<4x1x3x3xf32>, %[[DB:.+]]: tensor<4xf32>)
func.func @conv2d_grouped(%x: tensor<2x4x7x7xf32>, %w: tensor<6x2x3x3xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>) -> (tensor<2x6x5x5xf32>, tensor<2x4x4x4xf32>) {
  // Two groups of 2 input channels, 3 output channels each.
  // CHECK: %{{.+}} = nn.conv2d %[[X]], %[[W]] {dilation = array<i64: 1, 1>, groups = 2 : i64, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x4x7x7xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x5x5xf32>
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 2 : i64} : (tensor<2x4x7x7xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x5x5xf32>
  // Depthwise (groups = channels) with bias: (7 + 2 - 3) / 2 + 1 = 4.
  // CHECK: %{{.+}} = nn.conv2d %[[X]], %[[DW]], %[[DB]] {dilation = array<i64: 1, 1>, groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x4x7x7xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  %1 = nn.conv2d %x, %dw, %db {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, groups = 4 : i64} : (tensor<2x4x7x7xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %0, %1 : tensor<2x6x5x5xf32>, tensor<2x4x4x4xf32>
}

// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[X:.+]]: tensor<2x16xf32>, %[[W:.+]]: tensor<10x16xf32>, %[[B:.+]]: tensor<10xf32>, %[[W2:.+]]: tensor<5x16xf32>)
func.func @dense(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<10xf32>, %w2: tensor<5x16xf32>) -> (tensor<2x10xf32>, tensor<2x5xf32>) {
  // CHECK: %{{.+}} = nn.dense %[[X]], %[[W]], %[[B]] : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %0 = nn.dense %x, %w, %b : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  // CHECK: %{{.+}} = nn.dense %[[X]], %[[W2]] : (tensor<2x16xf32>, tensor<5x16xf32>) -> tensor<2x5xf32>
  %1 = nn.dense %x, %w2 : (tensor<2x16xf32>, tensor<5x16xf32>) -> tensor<2x5xf32>
  return %0, %1 : tensor<2x10xf32>, tensor<2x5xf32>
}

// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5xf32>, %[[Y:.+]]: tensor<1x2x5x6xf32>)
func.func @max_pool2d(%x: tensor<1x2x5x5xf32>, %y: tensor<1x2x5x6xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x3xf32>) {
  // floor((5 - 2) / 2) + 1 = 2
  // CHECK: %{{.+}} = nn.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xf32>
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xf32>
  // ceil((5 - 2) / 2) + 1 = 3
  // CHECK: %{{.+}} = nn.max_pool2d %[[X]] {ceil_mode = true, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  %1 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, ceil_mode = true} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  // ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would start at 6, in
  // the trailing padding, so PyTorch (and Kiln) drop it: 3.
  // CHECK: %{{.+}} = nn.max_pool2d %[[X]] {ceil_mode = true, kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  %2 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  // Per-dimension kernel, strides and padding:
  //   height: 5 + 1 + 1 - 3 + 1 = 5; width: (6 + 0 + 1 - 2) / 2 + 1 = 3
  // CHECK: %{{.+}} = nn.max_pool2d %[[Y]] {kernel = array<i64: 3, 2>, padding = array<i64: 1, 0, 1, 1>, strides = array<i64: 1, 2>} : tensor<1x2x5x6xf32> -> tensor<1x2x5x3xf32>
  %3 = nn.max_pool2d %y {kernel = array<i64: 3, 2>, strides = array<i64: 1, 2>, padding = array<i64: 1, 0, 1, 1>} : tensor<1x2x5x6xf32> -> tensor<1x2x5x3xf32>
  return %0, %1, %2, %3 : tensor<1x2x2x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x3xf32>
}

// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5xf32>)
func.func @avg_pool2d(%x: tensor<1x2x5x5xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x5x5xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: %{{.+}} = nn.avg_pool2d %[[X]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xf32>
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xf32>
  // CHECK: %{{.+}} = nn.avg_pool2d %[[X]] {count_include_pad = false, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x2x5x5xf32> -> tensor<1x2x5x5xf32>
  %1 = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x2x5x5xf32> -> tensor<1x2x5x5xf32>
  // CHECK: %{{.+}} = nn.avg_pool2d %[[X]] {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  %2 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, ceil_mode = true, count_include_pad = false} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %0, %1, %2 : tensor<1x2x2x2xf32>, tensor<1x2x5x5xf32>, tensor<1x2x3x3xf32>
}

// A dilated max pool: the 3x3 window with dilation 2x1 spans 5x3 inputs.
// CHECK-LABEL: func.func @max_pool2d_dilated
func.func @max_pool2d_dilated(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x3x4xf32> {
  // CHECK: nn.max_pool2d %{{.+}} {dilation = array<i64: 2, 1>, kernel = array<i64: 3, 3>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x9x9xf32> -> tensor<1x2x3x4xf32>
  %0 = nn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 2, 1>} : tensor<1x2x9x9xf32> -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @global_pools
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x5x7xf32>)
func.func @global_pools(%x: tensor<2x3x5x7xf32>) -> (tensor<2x3x1x1xf32>, tensor<2x3x1x1xf32>) {
  // CHECK: %{{.+}} = nn.global_avg_pool2d %[[X]] : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  %0 = nn.global_avg_pool2d %x : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  // CHECK: %{{.+}} = nn.global_max_pool2d %[[X]] : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  %1 = nn.global_max_pool2d %x : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  return %0, %1 : tensor<2x3x1x1xf32>, tensor<2x3x1x1xf32>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x3x3xf32>, %[[S:.+]]: tensor<4xf32>, %[[B:.+]]: tensor<4xf32>, %[[M:.+]]: tensor<4xf32>, %[[V:.+]]: tensor<4xf32>)
func.func @batch_norm(%x: tensor<1x4x3x3xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) {
  // The default epsilon (1e-5) is not printed.
  // CHECK: %{{.+}} = nn.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %0 = nn.batch_norm %x, %s, %b, %m, %v : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32} : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %1 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %0, %1 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @lrn
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x4x4xf32>, %[[Y:.+]]: tensor<2x6x5xf32>)
func.func @lrn(%x: tensor<1x6x4x4xf32>, %y: tensor<2x6x5xf32>) -> (tensor<1x6x4x4xf32>, tensor<2x6x5xf32>) {
  // CHECK: %{{.+}} = nn.lrn %[[X]] {alpha = 2.000000e-04 : f32, beta = 5.000000e-01 : f32, bias = 2.000000e+00 : f32, size = 5 : i64} : tensor<1x6x4x4xf32>
  %0 = nn.lrn %x {size = 5 : i64, alpha = 2.0e-4 : f32, beta = 0.5 : f32, bias = 2.0 : f32} : tensor<1x6x4x4xf32>
  // Defaults for alpha, beta and bias (not printed); rank 3 is enough.
  // CHECK: %{{.+}} = nn.lrn %[[Y]] {size = 2 : i64} : tensor<2x6x5xf32>
  %1 = nn.lrn %y {size = 2 : i64} : tensor<2x6x5xf32>
  return %0, %1 : tensor<1x6x4x4xf32>, tensor<2x6x5xf32>
}

// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x3x3xf32>)
func.func @activations(%a: tensor<1x4x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) {
  // CHECK: %{{.+}} = nn.relu %[[A]] : tensor<1x4x3x3xf32>
  %0 = nn.relu %a : tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.sigmoid %[[A]] : tensor<1x4x3x3xf32>
  %1 = nn.sigmoid %a : tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.tanh %[[A]] : tensor<1x4x3x3xf32>
  %2 = nn.tanh %a : tensor<1x4x3x3xf32>
  // The default alpha (0.01) is not printed.
  // CHECK: %{{.+}} = nn.leaky_relu %[[A]] : tensor<1x4x3x3xf32>
  %3 = nn.leaky_relu %a : tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.leaky_relu %[[A]] {alpha = 2.000000e-01 : f32} : tensor<1x4x3x3xf32>
  %4 = nn.leaky_relu %a {alpha = 0.2 : f32} : tensor<1x4x3x3xf32>
  // ReLU6.
  // CHECK: %{{.+}} = nn.clip %[[A]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x4x3x3xf32>
  %5 = nn.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x3x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}

// Dropout and identity keep their input's type; a ratio given at run time in
// ONNX leaves dropout without one.
// CHECK-LABEL: func.func @pass_through
// CHECK-SAME: (%[[A:.+]]: tensor<1x4096xf32>)
func.func @pass_through(%a: tensor<1x4096xf32>) -> (tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>) {
  // CHECK: %{{.+}} = nn.dropout %[[A]] {ratio = 5.000000e-01 : f32} : tensor<1x4096xf32>
  %0 = nn.dropout %a {ratio = 0.5 : f32} : tensor<1x4096xf32>
  // CHECK: %{{.+}} = nn.dropout %[[A]] : tensor<1x4096xf32>
  %1 = nn.dropout %a : tensor<1x4096xf32>
  // CHECK: %{{.+}} = nn.identity %[[A]] : tensor<1x4096xf32>
  %2 = nn.identity %a : tensor<1x4096xf32>
  return %0, %1, %2 : tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x3x3xf32>, %[[B:.+]]: tensor<1x4x3x3xf32>, %[[C:.+]]: tensor<1x4x1x1xf32>, %[[R:.+]]: tensor<3xf32>, %[[M:.+]]: tensor<2x1x3xf32>, %[[N:.+]]: tensor<5x1xf32>)
func.func @binary(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x3x3xf32>, %c: tensor<1x4x1x1xf32>, %r: tensor<3xf32>, %m: tensor<2x1x3xf32>, %n: tensor<5x1xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<2x5x3xf32>) {
  // Same shapes (a residual add).
  // CHECK: %{{.+}} = nn.add %[[A]], %[[B]] : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %0 = nn.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  // Per-channel values, size-1 dimensions repeated.
  // CHECK: %{{.+}} = nn.mul %[[A]], %[[C]] : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = nn.mul %a, %c : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  // A lower-rank operand aligns from the right.
  // CHECK: %{{.+}} = nn.sub %[[A]], %[[R]] : (tensor<1x4x3x3xf32>, tensor<3xf32>) -> tensor<1x4x3x3xf32>
  %2 = nn.sub %a, %r : (tensor<1x4x3x3xf32>, tensor<3xf32>) -> tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.div %[[C]], %[[A]] : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %3 = nn.div %c, %a : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  // Both operands broadcast: 2x1x3 and 5x1 give 2x5x3.
  // CHECK: %{{.+}} = nn.add %[[M]], %[[N]] : (tensor<2x1x3xf32>, tensor<5x1xf32>) -> tensor<2x5x3xf32>
  %4 = nn.add %m, %n : (tensor<2x1x3xf32>, tensor<5x1xf32>) -> tensor<2x5x3xf32>
  return %0, %1, %2, %3, %4 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<2x5x3xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<1x2x3x3xf32>, %[[B:.+]]: tensor<1x5x3x3xf32>)
func.func @concat(%a: tensor<1x2x3x3xf32>, %b: tensor<1x5x3x3xf32>) -> (tensor<1x9x3x3xf32>, tensor<1x2x3x6xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: %{{.+}} = nn.concat %[[A]], %[[B]], %[[A]] {axis = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x5x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x9x3x3xf32>
  %0 = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x5x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x9x3x3xf32>
  // CHECK: %{{.+}} = nn.concat %[[A]], %[[A]] {axis = -1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x6xf32>
  %1 = nn.concat %a, %a {axis = -1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x6xf32>
  // CHECK: %{{.+}} = nn.concat %[[A]] {axis = 0 : i64} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = nn.concat %a {axis = 0 : i64} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1, %2 : tensor<1x9x3x3xf32>, tensor<1x2x3x6xf32>, tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func.func @reshape_transpose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
func.func @reshape_transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<24xf32>, tensor<4x2x3xf32>) {
  // CHECK: %{{.+}} = nn.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %0 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  // CHECK: %{{.+}} = nn.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  // Output dimension i is input dimension permutation[i].
  // CHECK: %{{.+}} = nn.transpose %[[X]] {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %2 = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0, %1, %2 : tensor<4x6xf32>, tensor<24xf32>, tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x4xf32>)
func.func @pad(%x: tensor<1x2x3x4xf32>) -> (tensor<1x2x6x7xf32>, tensor<2x2x3x4xf32>) {
  // Begins [0, 0, 1, 2], ends [0, 0, 2, 1].
  // CHECK: %{{.+}} = nn.pad %[[X]] {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 1>} : tensor<1x2x3x4xf32> -> tensor<1x2x6x7xf32>
  %0 = nn.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 1>} : tensor<1x2x3x4xf32> -> tensor<1x2x6x7xf32>
  // CHECK: %{{.+}} = nn.pad %[[X]] {pads = array<i64: 1, 0, 0, 0, 0, 0, 0, 0>, value = -1.500000e+00 : f32} : tensor<1x2x3x4xf32> -> tensor<2x2x3x4xf32>
  %1 = nn.pad %x {pads = array<i64: 1, 0, 0, 0, 0, 0, 0, 0>, value = -1.5 : f32} : tensor<1x2x3x4xf32> -> tensor<2x2x3x4xf32>
  return %0, %1 : tensor<1x2x6x7xf32>, tensor<2x2x3x4xf32>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x5x4xf32>)
func.func @slice(%x: tensor<1x6x5x4xf32>) -> (tensor<1x3x5x4xf32>, tensor<1x6x2x4xf32>) {
  // The second half of the channels (torch.chunk).
  // CHECK: %{{.+}} = nn.slice %[[X]] {sizes = array<i64: 1, 3, 5, 4>, starts = array<i64: 0, 3, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : tensor<1x6x5x4xf32> -> tensor<1x3x5x4xf32>
  %0 = nn.slice %x {starts = array<i64: 0, 3, 0, 0>, sizes = array<i64: 1, 3, 5, 4>, steps = array<i64: 1, 1, 1, 1>} : tensor<1x6x5x4xf32> -> tensor<1x3x5x4xf32>
  // Rows 4 and 2, walking backwards.
  // CHECK: %{{.+}} = nn.slice %[[X]] {sizes = array<i64: 1, 6, 2, 4>, starts = array<i64: 0, 0, 4, 0>, steps = array<i64: 1, 1, -2, 1>} : tensor<1x6x5x4xf32> -> tensor<1x6x2x4xf32>
  %1 = nn.slice %x {starts = array<i64: 0, 0, 4, 0>, sizes = array<i64: 1, 6, 2, 4>, steps = array<i64: 1, 1, -2, 1>} : tensor<1x6x5x4xf32> -> tensor<1x6x2x4xf32>
  return %0, %1 : tensor<1x3x5x4xf32>, tensor<1x6x2x4xf32>
}

// CHECK-LABEL: func.func @reduce_mean
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4x5xf32>)
func.func @reduce_mean(%x: tensor<2x3x4x5xf32>) -> (tensor<2x3x1x1xf32>, tensor<3x4xf32>) {
  // keepdims defaults to true.
  // CHECK: %{{.+}} = nn.reduce_mean %[[X]] {axes = array<i64: 2, 3>} : tensor<2x3x4x5xf32> -> tensor<2x3x1x1xf32>
  %0 = nn.reduce_mean %x {axes = array<i64: 2, 3>} : tensor<2x3x4x5xf32> -> tensor<2x3x1x1xf32>
  // CHECK: %{{.+}} = nn.reduce_mean %[[X]] {axes = array<i64: -1, 0>, keepdims = false} : tensor<2x3x4x5xf32> -> tensor<3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: -1, 0>, keepdims = false} : tensor<2x3x4x5xf32> -> tensor<3x4xf32>
  return %0, %1 : tensor<2x3x1x1xf32>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.+]]: tensor<3x4xf32>, %[[B:.+]]: tensor<4x5xf32>, %[[BA:.+]]: tensor<2x1x3x4xf32>, %[[BB:.+]]: tensor<6x4x5xf32>)
func.func @matmul(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %ba: tensor<2x1x3x4xf32>, %bb: tensor<6x4x5xf32>) -> (tensor<3x5xf32>, tensor<2x6x3x5xf32>) {
  // CHECK: %{{.+}} = nn.matmul %[[A]], %[[B]] : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %0 = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  // Batch dimensions 2x1 and 6 broadcast to 2x6.
  // CHECK: %{{.+}} = nn.matmul %[[BA]], %[[BB]] : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
  %1 = nn.matmul %ba, %bb : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
  return %0, %1 : tensor<3x5xf32>, tensor<2x6x3x5xf32>
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
func.func @flatten(%x: tensor<2x3x4xf32>) -> (tensor<2x12xf32>, tensor<1x24xf32>, tensor<24x1xf32>, tensor<6x4xf32>) {
  // The default axis is 1.
  // CHECK: %{{.+}} = nn.flatten %[[X]] : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %0 = nn.flatten %x : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: %{{.+}} = nn.flatten %[[X]] {axis = 0 : i64} : tensor<2x3x4xf32> -> tensor<1x24xf32>
  %1 = nn.flatten %x {axis = 0 : i64} : tensor<2x3x4xf32> -> tensor<1x24xf32>
  // The axis may equal the rank.
  // CHECK: %{{.+}} = nn.flatten %[[X]] {axis = 3 : i64} : tensor<2x3x4xf32> -> tensor<24x1xf32>
  %2 = nn.flatten %x {axis = 3 : i64} : tensor<2x3x4xf32> -> tensor<24x1xf32>
  // CHECK: %{{.+}} = nn.flatten %[[X]] {axis = -1 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %3 = nn.flatten %x {axis = -1 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0, %1, %2, %3 : tensor<2x12xf32>, tensor<1x24xf32>, tensor<24x1xf32>, tensor<6x4xf32>
}

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<2x10xf32>)
func.func @softmax(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>) {
  // The default axis is -1.
  // CHECK: %{{.+}} = nn.softmax %[[X]] : tensor<2x10xf32>
  %0 = nn.softmax %x : tensor<2x10xf32>
  // CHECK: %{{.+}} = nn.softmax %[[X]] {axis = 0 : i64} : tensor<2x10xf32>
  %1 = nn.softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  // CHECK: %{{.+}} = nn.softmax %[[X]] {axis = -2 : i64} : tensor<2x10xf32>
  %2 = nn.softmax %x {axis = -2 : i64} : tensor<2x10xf32>
  return %0, %1, %2 : tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>
}

// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<2x10xf32>)
func.func @log_softmax(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
  // The default axis is -1.
  // CHECK: %{{.+}} = nn.log_softmax %[[X]] : tensor<2x10xf32>
  %0 = nn.log_softmax %x : tensor<2x10xf32>
  // CHECK: %{{.+}} = nn.log_softmax %[[X]] {axis = 0 : i64} : tensor<2x10xf32>
  %1 = nn.log_softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  return %0, %1 : tensor<2x10xf32>, tensor<2x10xf32>
}

// The blob: a 4-byte alignment (4), then the f32 values 1.0 and 2.0.
// CHECK: {-#
// CHECK-NEXT: dialect_resources: {
// CHECK-NEXT: builtin: {
// CHECK-NEXT: fc.bias: "0x040000000000803F00000040"
// CHECK-NEXT: }
// CHECK-NEXT: }
// CHECK-NEXT: #-}
{-#
  dialect_resources: {
    builtin: {
      fc.bias: "0x040000000000803F00000040"
    }
  }
#-}
