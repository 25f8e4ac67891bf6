//===- LoweredNetwork.h - a network as a Halide algorithm -------*- C++ -*-===//
//
// The result of lowering an nn module: Halide Funcs for every layer (the
// algorithm only, unscheduled), ImageParams for inputs and weights, and the
// output Funcs. The schedules (compiler/schedules) read `layers` to decide
// how each one is computed; codegen reads the rest to emit the library.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_LOWEREDNETWORK_H
#define KILN_COMPILER_LOWERING_LOWEREDNETWORK_H

#include "compiler/lowering/WeightLayout.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"

#include <Halide.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace kiln::lowering {


/// What a layer computes, for the scheduler.
enum class LayerKind {
  Conv2d,
  // nn.fused_conv2d: `func` is the pool when there is one, else the
  // (activated) convolution; LoweredLayer::conv names the parts.
  FusedConv,
  Dense,
  // nn.fused_dense: `func` is the activation, a pure Func over helpers[0],
  // the dense layer, whose RDom is `reduction`; or, without an activation,
  // the dense layer itself.
  FusedDense,
  MaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  GlobalMaxPool2d,
  BatchNorm,
  Lrn,
  // Unary element-wise activations; the baseline schedule inlines them.
  Relu,
  Sigmoid,
  Tanh,
  LeakyRelu,
  Clip,
  // Binary arithmetic with broadcasting.
  Add,
  Sub,
  Mul,
  Div,
  Flatten,
  Reshape,
  Transpose,
  Concat,
  Pad,
  ReduceMean,
  Matmul,
  Softmax,
  LogSoftmax,
  OutputCopy, // an output that is an input or another output
};

/// The Funcs of a convolution layer (Conv2d, FusedConv).
struct ConvParts {
  /// The bias plus the convolution sum (an update over the layer's
  /// `reduction`). Kept apart from what the layer stores so that a schedule
  /// can accumulate a tile in registers and store it once.
  Halide::Func sum;
  /// The activation of `sum` (a plain copy when there is none): the layer's
  /// `func`, except in a pooled layer, where the pool reads it.
  Halide::Func activated;
  /// The zero-padded input, when the padding needs one.
  std::optional<Halide::Func> padded;
  /// What `sum` reads: `padded`, or else the producer's Func.
  Halide::Func input;
  /// Pooled layers: the pool's window, stride and dilation along x and y,
  /// which size the convolution tile under a tile of pooled outputs.
  std::array<int, 2> poolKernel{1, 1}, poolStride{1, 1}, poolDilation{1, 1};
  /// NCHW shapes of the convolution's output (before any pool) and of its
  /// input (before padding); the OIHW shape of its weights.
  Shape shape, inputShape, weightShape;
};

struct LoweredLayer {
  LayerKind kind;
  Halide::Func func;
  Shape shape; // nn order (NCHW); Halide's dimension 0 is the last entry
  /// Funcs the layer defines besides `func` (a padded input, softmax's
  /// running max and sum), each computed where the schedule decides.
  std::vector<Halide::Func> helpers;
  /// The reduction of the layer's update definition, if it has one.
  std::optional<Halide::RDom> reduction;
  /// FusedConv only: whether `func` is a pool over the convolution.
  bool pooled = false;
  /// Concat only: the Halide dimension the inputs are stacked along. The
  /// pure definition is undefined; update i copies input i, over
  /// `concatCopies[i]` along that dimension.
  int concatDim = -1;
  std::vector<Halide::RDom> concatCopies;
  /// Conv2d and FusedConv only.
  std::optional<ConvParts> conv;
};

struct NamedTensor {
  std::string name;
  Shape shape;
};

/// A weight as the pipeline reads it: `tensor.shape` is its stored shape,
/// the constant `data` repacked by `layout` (WeightLayout.h).
struct WeightParam {
  NamedTensor tensor;
  Halide::ImageParam param;
  mlir::ElementsAttr data;
  WeightLayout layout;
};

struct LoweredNetwork {
  std::string name;
  std::vector<Halide::ImageParam> inputs;
  std::vector<NamedTensor> inputTensors;
  std::vector<WeightParam> weights;
  std::vector<Halide::Func> outputs;
  std::vector<NamedTensor> outputTensors;
  std::vector<LoweredLayer> layers; // in program order
};

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWEREDNETWORK_H
