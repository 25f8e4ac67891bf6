// RUN: split-file %s %t

// A lowerable module passes the check unchanged, alone and at the end of the
// -O0 pipeline (which runs nothing else); the default pipeline accepts it.
// RUN: kiln-opt %t/lowerable.mlir -kiln-verify-lowerable | FileCheck %s
// RUN: kiln-opt %t/lowerable.mlir -pass-pipeline='builtin.module(kiln-pipeline{opt-level=0})' | FileCheck %s
// RUN: kiln-opt %t/lowerable.mlir -kiln-pipeline -o /dev/null

// Each rule of the check, alone and as the last pass of the default pipeline.
// RUN: kiln-opt %t/not-lowerable.mlir -allow-unregistered-dialect -split-input-file -verify-diagnostics -kiln-verify-lowerable
// RUN: kiln-opt %t/not-lowerable.mlir -allow-unregistered-dialect -split-input-file -verify-diagnostics -kiln-pipeline

//--- lowerable.mlir

// CHECK-LABEL: func.func @net
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x8x8xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[W:.+]] = nn.constant dense_resource<conv.weight> : tensor<2x1x3x3xf32>
// CHECK-NEXT: %[[B:.+]] = nn.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[FW:.+]] = nn.constant dense<1.000000e+00> : tensor<3x18xf32>
// CHECK-NEXT: %[[CONV:.+]] = nn.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x8x8xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
// CHECK-NEXT: %[[RELU:.+]] = nn.relu %[[CONV]] : tensor<1x2x6x6xf32>
// CHECK-NEXT: %[[POOL:.+]] = nn.max_pool2d %[[RELU]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT: %[[FLAT:.+]] = nn.flatten %[[POOL]] : tensor<1x2x3x3xf32> -> tensor<1x18xf32>
// CHECK-NEXT: %[[FC:.+]] = nn.dense %[[FLAT]], %[[FW]] : (tensor<1x18xf32>, tensor<3x18xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[PROB:.+]] = nn.softmax %[[FC]] : tensor<1x3xf32>
// CHECK-NEXT: return %[[PROB]] : tensor<1x3xf32>
// CHECK-NEXT: }
// CHECK: conv.weight: "0x040000000000003F0000003F0000003F0000003F0000003F0000003F0000003F0000003F0000003F000080BE000080BE000080BE000080BE000080BE000080BE000080BE000080BE000080BE"
func.func @net(%x: tensor<1x1x8x8xf32>) -> tensor<1x3xf32> {
  %w = nn.constant dense_resource<conv.weight> : tensor<2x1x3x3xf32>
  %b = nn.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %fw = nn.constant dense<1.0> : tensor<3x18xf32>
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x8x8xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  %1 = nn.relu %0 : tensor<1x2x6x6xf32>
  %2 = nn.max_pool2d %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  %3 = nn.flatten %2 : tensor<1x2x3x3xf32> -> tensor<1x18xf32>
  %4 = nn.dense %3, %fw : (tensor<1x18xf32>, tensor<3x18xf32>) -> tensor<1x3xf32>
  %5 = nn.softmax %4 : tensor<1x3xf32>
  return %5 : tensor<1x3xf32>
}
{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x040000000000003F0000003F0000003F0000003F0000003F0000003F0000003F0000003F0000003F000080BE000080BE000080BE000080BE000080BE000080BE000080BE000080BE000080BE"
    }
  }
#-}

//--- not-lowerable.mlir

// expected-error @+1 {{expected exactly one func.func (the network), found 2}}
module {
  func.func @net(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @+1 {{expected exactly one func.func (the network), found 0}}
module {
}

// -----

// Every op that is not an nn op is reported, not only the first.
func.func @net(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'func.call' cannot be lowered to Halide: only nn ops may appear in the network}}
  %0 = func.call @net(%x) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = nn.relu %0 : tensor<2xf32>
  // expected-error @+1 {{'func.call' cannot be lowered to Halide: only nn ops may appear in the network}}
  %2 = func.call @net(%1) : (tensor<2xf32>) -> tensor<2xf32>
  return %2 : tensor<2xf32>
}

// -----

// expected-error @+1 {{network inputs and outputs must be statically shaped f32 tensors, got 'tensor<?x2xf32>'}}
func.func @net(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  return %x : tensor<?x2xf32>
}

// -----

// The result is checked too (the pass stops there, before looking at the
// unregistered op that produces it).
// expected-error @+1 {{network inputs and outputs must be statically shaped f32 tensors, got 'tensor<2xf16>'}}
func.func @net(%x: tensor<2xf32>) -> tensor<2xf16> {
  %0 = "test.cast"(%x) : (tensor<2xf32>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// expected-error @+1 {{the network has no outputs}}
func.func @net(%x: tensor<2xf32>) {
  return
}

// -----

// expected-error @+1 {{the network must be a single block}}
func.func @net(%x: tensor<2xf32>) -> tensor<2xf32> {
  "test.br"()[^bb1] : () -> ()
^bb1:
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{the network has no body}}
func.func private @net(%x: tensor<2xf32>) -> tensor<2xf32>

// -----

// An op of an unregistered dialect (no dialect object at all).
func.func @net(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'test.op' cannot be lowered to Halide: only nn ops may appear in the network}}
  %0 = "test.op"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
