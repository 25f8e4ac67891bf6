// One thread: this file's remarks once went unmatched under load when the
// split files were processed in parallel.
// RUN: kiln-opt %s -split-input-file -mlir-disable-threading -kiln-share-concat-prefixes="remarks=true" -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=FOLD

// DenseNet's block: each concat joins every earlier map anew. Each is
// rebuilt on the longest earlier concat of its leading inputs.
// CHECK-LABEL: func.func @dense_block
// CHECK: %[[C2:.+]] = nn.concat %arg0, %arg1 {axis = 1 : i64}
// CHECK: %[[C3:.+]] = nn.concat %[[C2]], %arg2 {axis = 1 : i64}
// CHECK: %[[C4:.+]] = nn.concat %[[C3]], %arg3 {axis = 1 : i64}
// CHECK: return %[[C2]], %[[C3]], %[[C4]]
func.func @dense_block(%a: tensor<1x4x2x2xf32>, %b: tensor<1x2x2x2xf32>,
                       %c: tensor<1x2x2x2xf32>, %d: tensor<1x2x2x2xf32>)
    -> (tensor<1x6x2x2xf32>, tensor<1x8x2x2xf32>, tensor<1x10x2x2xf32>) {
  %c2 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  // expected-remark @+1 {{concat reads the concat of its first 2 inputs built earlier}}
  %c3 = nn.concat %a, %b, %c {axis = 1 : i64} : (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x8x2x2xf32>
  // expected-remark @+1 {{concat reads the concat of its first 3 inputs built earlier}}
  %c4 = nn.concat %a, %b, %c, %d {axis = 1 : i64} : (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x10x2x2xf32>
  return %c2, %c3, %c4 : tensor<1x6x2x2xf32>, tensor<1x8x2x2xf32>, tensor<1x10x2x2xf32>
}

// -----

// Not a prefix (another order, another axis, or a later concat): unchanged.
// CHECK-LABEL: func.func @not_prefixes
// CHECK: nn.concat %arg1, %arg0, %arg1 {axis = 1 : i64}
// CHECK: nn.concat %arg0, %arg1, %arg0 {axis = 1 : i64}
// CHECK: nn.concat %arg0, %arg1 {axis = 3 : i64}
// CHECK: nn.concat %arg0, %arg1 {axis = 1 : i64}
func.func @not_prefixes(%a: tensor<1x2x2x2xf32>, %b: tensor<1x2x2x2xf32>)
    -> (tensor<1x6x2x2xf32>, tensor<1x6x2x2xf32>, tensor<1x2x2x4xf32>, tensor<1x4x2x2xf32>) {
  %x = nn.concat %b, %a, %b {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  %y = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  %z = nn.concat %a, %b {axis = 3 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  %w = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %x, %y, %z, %w : tensor<1x6x2x2xf32>, tensor<1x6x2x2xf32>, tensor<1x2x2x4xf32>, tensor<1x4x2x2xf32>
}

// -----

// A concat of one tensor is that tensor.
// FOLD-LABEL: func.func @single
// FOLD-NOT: nn.concat
// FOLD: return %arg0
func.func @single(%a: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %c = nn.concat %a {axis = 1 : i64} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}
