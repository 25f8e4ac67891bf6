// RUN: kiln-opt %s -canonicalize | FileCheck %s

// A pool with a 1x1 window at stride 1 and no padding reads each element
// once, alone: it folds to its input (ONNX's form of VGG's adaptive average
// pool on a 7x7 input). Any other stride or window is a real pool (a 1x1
// window cannot be padded).
// CHECK-LABEL: func.func @unit_pools
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x7x7xf32>)
// CHECK-DAG: %[[S:.+]] = nn.max_pool2d %[[X]] {kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
// CHECK-DAG: %[[W:.+]] = nn.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT: nn.avg_pool2d
// CHECK: return %[[X]], %[[X]], %[[S]], %[[W]]
func.func @unit_pools(%x: tensor<1x8x7x7xf32>) -> (tensor<1x8x7x7xf32>, tensor<1x8x7x7xf32>, tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>) {
  %0 = nn.avg_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, count_include_pad = false} : tensor<1x8x7x7xf32> -> tensor<1x8x7x7xf32>
  %1 = nn.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, ceil_mode = true} : tensor<1x8x7x7xf32> -> tensor<1x8x7x7xf32>
  %2 = nn.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  %3 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x8x7x7xf32> -> tensor<1x8x6x6xf32>
  return %0, %1, %2, %3 : tensor<1x8x7x7xf32>, tensor<1x8x7x7xf32>, tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>
}
