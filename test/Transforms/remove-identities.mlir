// RUN: kiln-opt %s -split-input-file -kiln-remove-identities="remarks=true" -verify-diagnostics | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-pipeline="opt-level=0" | FileCheck %s --check-prefix=O0
// RUN: kiln-opt %s -split-input-file -kiln-pipeline | FileCheck %s --check-prefix=O1

// A chain of dropout and identity between two layers: both go, the relu
// reads the input directly.
// CHECK-LABEL: func.func @chain
// CHECK-NEXT: %[[R:.+]] = nn.relu %arg0
// CHECK-NEXT: return %[[R]]
// O0-LABEL: func.func @chain
// O0: %[[D:.+]] = nn.dropout %arg0 {ratio = 5.000000e-01 : f32}
// O0: %[[I:.+]] = nn.identity %[[D]]
// O0: nn.relu %[[I]]
func.func @chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-remark @+1 {{dropout removed: the identity at inference}}
  %d = nn.dropout %x {ratio = 0.5 : f32} : tensor<1x16xf32>
  // expected-remark @+1 {{identity removed: the identity at inference}}
  %i = nn.identity %d : tensor<1x16xf32>
  %r = nn.relu %i : tensor<1x16xf32>
  return %r : tensor<1x16xf32>
}

// -----

// Every user of the dropout's result reads the dropout's input instead.
// CHECK-LABEL: func.func @several_users
// CHECK: %[[R:.+]] = nn.relu %arg0
// CHECK-NEXT: %[[S:.+]] = nn.sigmoid %[[R]]
// CHECK-NEXT: %[[T:.+]] = nn.tanh %[[R]]
// CHECK: nn.add %[[S]], %[[T]]
// CHECK-NOT: nn.dropout
// O0-LABEL: func.func @several_users
// O0: nn.dropout
func.func @several_users(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %r = nn.relu %x : tensor<1x16xf32>
  // expected-remark @+1 {{dropout removed}}
  %d = nn.dropout %r : tensor<1x16xf32>
  %s = nn.sigmoid %d : tensor<1x16xf32>
  %t = nn.tanh %d : tensor<1x16xf32>
  %a = nn.add %s, %t : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %a : tensor<1x16xf32>
}

// -----

// A dropout that is the network's output: the function returns what it
// read (a layer's result, or an input).
// CHECK-LABEL: func.func @returned
// CHECK: %[[R:.+]] = nn.relu %arg0
// CHECK-NEXT: return %[[R]], %arg0
// O0-LABEL: func.func @returned
// O0: %[[D:.+]] = nn.dropout
// O0: %[[I:.+]] = nn.identity %arg0
// O0: return %[[D]], %[[I]]
func.func @returned(%x: tensor<1x16xf32>) -> (tensor<1x16xf32>, tensor<1x16xf32>) {
  %r = nn.relu %x : tensor<1x16xf32>
  // expected-remark @+1 {{dropout removed}}
  %d = nn.dropout %r {ratio = 0.2 : f32} : tensor<1x16xf32>
  // expected-remark @+1 {{identity removed}}
  %i = nn.identity %x : tensor<1x16xf32>
  return %d, %i : tensor<1x16xf32>, tensor<1x16xf32>
}

// -----

// In the -O1 pipeline the removal comes first, so a dropout between a
// convolution and its activation does not stop their fusion.
// O1-LABEL: func.func @before_fusion
// O1-NOT: nn.dropout
// O1: nn.fused_conv2d %arg0, %arg1 {activation = #nn.activation<relu>
// O1-NOT: nn.relu
// O0-LABEL: func.func @before_fusion
// O0: nn.conv2d
// O0: nn.dropout
// O0: nn.relu
func.func @before_fusion(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %c = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  // expected-remark @+1 {{dropout removed}}
  %d = nn.dropout %c {ratio = 0.1 : f32} : tensor<1x4x6x6xf32>
  %r = nn.relu %d : tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}
