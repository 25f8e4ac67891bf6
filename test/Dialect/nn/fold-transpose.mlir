// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s

// An NHWC export's inverse pair around a layer's input cancels.
// CHECK-LABEL: func.func @inverse_pair
// CHECK-NOT: nn.transpose
// CHECK: %[[R:.+]] = nn.relu %arg0
// CHECK: return %[[R]]
func.func @inverse_pair(%x: tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32> {
  %a = nn.transpose %x {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
  %b = nn.transpose %a {permutation = array<i64: 0, 3, 1, 2>} : tensor<1x4x5x3xf32> -> tensor<1x3x4x5xf32>
  %r = nn.relu %b : tensor<1x3x4x5xf32>
  return %r : tensor<1x3x4x5xf32>
}

// -----

// Two transposes that are not inverses become one: x read along
// inner[outer[i]] = [0, 2, 3, 1][[0, 2, 3, 1][i]] = [0, 3, 1, 2].
// CHECK-LABEL: func.func @composed
// CHECK: %[[T:.+]] = nn.transpose %arg0 {permutation = array<i64: 0, 3, 1, 2>} : tensor<1x3x4x5xf32> -> tensor<1x5x3x4xf32>
// CHECK-NEXT: return %[[T]]
func.func @composed(%x: tensor<1x3x4x5xf32>) -> tensor<1x5x3x4xf32> {
  %a = nn.transpose %x {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
  %b = nn.transpose %a {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x4x5x3xf32> -> tensor<1x5x3x4xf32>
  return %b : tensor<1x5x3x4xf32>
}

// -----

// The identity permutation is no transpose.
// CHECK-LABEL: func.func @identity
// CHECK-NEXT: return %arg0
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = nn.transpose %x {permutation = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %a : tensor<2x3xf32>
}
