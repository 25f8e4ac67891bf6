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

// CHECK-LABEL: func.func @relu_add
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x3x3xf32>, %[[B:.+]]: tensor<1x4x3x3xf32>)
func.func @relu_add(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // CHECK: %[[R:.+]] = nn.relu %[[A]] : tensor<1x4x3x3xf32>
  %0 = nn.relu %a : tensor<1x4x3x3xf32>
  // CHECK: %{{.+}} = nn.add %[[R]], %[[B]] : tensor<1x4x3x3xf32>
  %1 = nn.add %0, %b : tensor<1x4x3x3xf32>
  return %1 : tensor<1x4x3x3xf32>
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
