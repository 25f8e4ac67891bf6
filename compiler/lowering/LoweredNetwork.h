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
#include "dialects/nn/NNInputContract.h"

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
  FusedConv, // nn.fused_conv2d: LoweredLayer::conv names the parts
  Dense,
  FusedDense, // nn.fused_dense: LoweredLayer::dense names the parts
  MaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  GlobalMaxPool2d,
  BatchNorm,
  Lrn,
  // A unary element-wise activation (nn::ActivationOpInterface); the
  // schedules inline it into its consumers.
  Activation,
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
  Slice,
  ReduceMean,
  ReduceMax,
  Matmul,
  Softmax,
  LogSoftmax,
  OutputCopy, // an output that is an input or another output
};

/// Weights a loop nest reads as one stream of chunks: `stepLoops` (outer to
/// inner: the loops that walk the chunk, down to the reduction step or to
/// the register tiles, at whose top the prefetches go) read one chunk of
/// `chunkFloats` floats of the ImageParam `weights`, and the next chunk
/// follows it in memory. WeightPrefetch.h prefetches the next chunk across
/// those steps.
struct WeightStream {
  std::string weights;
  int64_t chunkFloats = 0;
  std::vector<std::string> stepLoops;
};

/// Whether a library for `target` prefetches its WeightStreams: x86-64
/// CPUs, where that was measured (the prefetch's LLVM bitcode carries
/// x86-64's data layout, codegen/WeightPrefetch.h).
inline bool prefetchesWeightStreams(const Halide::Target &target) {
  return target.arch == Halide::Target::X86 && target.bits == 64 &&
         !target.has_gpu_feature();
}

/// A residual add's result stored over its shortcut (codegen/ArenaPlan.h):
/// the schedule stores each element of `result` once, so where every
/// store reads `shortcut` at the place it writes and nothing reads
/// `shortcut` afterwards, the two buffers may be one. The tiles then
/// accumulate onto the shortcut's cache lines instead of fetching a fresh
/// output's from memory before writing them.
struct StoredOverShortcut {
  std::string result, shortcut;
  /// Where the two buffers are: allocated in one pipeline; a part's output
  /// and its input (LoweredPart), which only its caller allocates; or in
  /// that caller, the part's result and the previous part's, once the
  /// part's own lowering has shown that it stores one over the other.
  enum class Buffers { Allocated, PartOutputAndInput, PartResults };
  Buffers buffers = Buffers::Allocated;
};

/// The stages of a convolution computed by Winograd's F(m x m, 3x3)
/// (Winograd.h). Tiles are numbered across the row, then down, then by
/// batch entry: tile t covers outputs x in [m tx, m tx + m), y likewise.
struct WinogradParts {
  /// The input patches' transform: (input channel, tile, j, e) after the
  /// columns' pass, then (input channel, tile, e, nu) = B^T d B.
  Halide::Func rowsTransformed, transformed;
  /// The (m+2)^2 GEMMs: (output channel, tile, e, nu), summed over `reduction`
  /// (the input channels) in `accumulated`, which `products` stores.
  Halide::Func accumulated, products;
  Halide::RDom reduction;
  /// The transformed weights U the GEMMs read, [point][O / block][I][block]
  /// (transformWinogradWeights).
  Halide::ImageParam weights;
  /// The inverse transform, rows then columns: (output channel, tile, nu,
  /// r), then (output channel, tile, s, r) = A^T M A plus the bias.
  Halide::Func rowsInverted, tiles;
  int64_t tileCount = 0, tilesAcross = 0;
  /// How the GEMMs stream the transformed weights, when they read one
  /// contiguous share per task (set by the schedule).
  std::optional<WeightStream> weightStream;
};

/// The Funcs of a convolution layer (Conv2d, FusedConv).
struct ConvParts {
  /// The bias plus the convolution sum (an update over `reduction`). Kept
  /// apart from what the layer stores so that a schedule can accumulate a
  /// tile in registers and store it once.
  Halide::Func sum;
  /// The activation of `sum` (a plain copy when there is none): the layer's
  /// `func`, except in a pooled layer, where the pool reads it.
  Halide::Func activated;
  /// The update's reduction: (input channel, kernel x, kernel y).
  Halide::RDom reduction;
  /// The zero-padded input, when the padding needs one.
  std::optional<Halide::Func> padded;
  /// What `sum` reads: `padded`, or else the producer's Func.
  Halide::Func input;
  /// Set for a 1x1 convolution computed as a GEMM over its pixels merged
  /// across rows, (pixel, channel, batch) with pixel = x + y * width: `sum`
  /// is then a pure Func reading it, and `reduction` is its update's.
  std::optional<Halide::Func> rowsMerged;
  /// Set when the sum is Winograd's (a pure Func of `winograd->tiles`
  /// then, and `reduction` is unused).
  std::optional<WinogradParts> winograd;
  /// The buffer the direct sum (or `rowsMerged`) reads its repacked
  /// weights from; empty where the weights are not a constant.
  std::string weightsBuffer;
  /// The block of output channels convWeightLayout stores its weights in
  /// (Winograd's: U), which a channel tile must nest with; 0 where the
  /// channels have no block (channelBlock).
  int64_t weightBlock = 0;
  /// How the direct sum's tasks stream those weights, when each task reads
  /// one contiguous block and the next task the next (set by the schedule).
  std::optional<WeightStream> weightStream;
  /// For a convolution with a residualAdd (LoweredLayer::residualAdd): the
  /// buffer of the add's other operand, where that is stored (a Func's, or
  /// a part's input).
  std::string residualShortcut;
  /// Set by the schedule where the residual add's result may take over the
  /// shortcut's buffer.
  std::optional<StoredOverShortcut> storedOverShortcut;
  /// The convolution's stride along x and y.
  std::array<int, 2> stride{1, 1};
  /// Whether the layer's `func` is a pool over `activated` (FusedConv only).
  bool pooled = false;
  /// Pooled layers: the pool's window, stride and dilation along x and y,
  /// which size the convolution tile under a tile of pooled outputs.
  std::array<int, 2> poolKernel{1, 1}, poolStride{1, 1}, poolDilation{1, 1};
  /// NCHW shapes of the convolution's output (before any pool) and of its
  /// input (before padding); the OIHW shape of its weights.
  Shape shape, inputShape, weightShape;

  /// Whether each output channel reads only its own input channel.
  bool isDepthwise() const {
    return weightShape[1] == 1 && inputShape[1] == shape[1] && shape[1] > 1;
  }
  /// Whether the layer is an unpadded 1x1 convolution computed over merged
  /// rows (larger kernels may be too: LoweringOptions::mergesKernelRows).
  bool isPointwiseGemm() const {
    return rowsMerged && !padded && weightShape[2] == 1 && weightShape[3] == 1;
  }
};

/// The Funcs of a dense layer (Dense, FusedDense).
struct DenseParts {
  /// The bias plus the sum over `reduction` (an update), (feature, batch).
  Halide::Func sum;
  /// The update's reduction: the input features.
  Halide::RDom reduction;
  /// Whether the layer's `func` is an activation, a pure Func over `sum`
  /// (FusedDense with an activation); otherwise `func` is `sum`.
  bool activated = false;
};

/// How a concat fills its output: the pure definition is undefined, and
/// update i copies input i over `copies[i]` along Halide dimension `dim`.
struct ConcatParts {
  int dim = -1;
  std::vector<Halide::RDom> copies;
};

struct LoweredLayer {
  LayerKind kind;
  /// What the layer stores (or its consumers inline).
  Halide::Func func;
  Shape shape; // nn order (NCHW); Halide's dimension 0 is the last entry
  /// Whether `func` is one of the pipeline's outputs: its storage is then
  /// the caller's buffer, in nn layout unless `outputChannelsInnermost`.
  /// Set by the lowering.
  bool isOutput = false;
  /// Whether that buffer stores channels innermost, as a part's 4-D output
  /// (LoweredPart) is: the next part reads it as the pipeline's own
  /// activations are stored.
  bool outputChannelsInnermost = false;
  /// Whether the layer is stored in nn layout: a network output.
  bool storedInNNLayout() const { return isOutput && !outputChannelsInnermost; }
  /// Per-channel or per-row values that every output element reads
  /// (batch_norm's multiplier, softmax's running max, exponentials and
  /// sum): computed once, whole, never inlined per element. Not used by
  /// convolution, dense and concat layers, whose parts say it all.
  std::vector<Halide::Func> computedOnce;
  /// The reduction of `func`'s update definition, for a layer that is no
  /// convolution or dense layer but has one (nn.matmul).
  std::optional<Halide::RDom> reduction;
  /// A convolution whose result only an nn.add of the same shape reads
  /// (a ResNet block's last convolution and its shortcut): that add's
  /// index in LoweredNetwork::layers, so that a schedule can compute the
  /// sum in the convolution's tiles and never store the convolution alone.
  std::optional<size_t> residualAdd;
  /// The activation that alone reads that add (ResNet's relu after the
  /// sum), lowered in the same part: its index, so that the tiles store the
  /// activated sum and the add is inlined into it, not the activation into
  /// every reader (ResNet-50's 1x1 layers that read a block's relu(sum)
  /// took 1.6x the time with a max per broadcast input).
  std::optional<size_t> residualActivation;
  /// The add's other operand, when it too is a convolution that only the
  /// add reads (a ResNet block's downsampling shortcut): its index, so that
  /// a schedule can compute it in this convolution's tiles and store
  /// neither alone. That layer's `computedInResidual` is this one's index.
  std::optional<size_t> residualPartner;
  std::optional<size_t> computedInResidual;
  /// A 1x1 convolution (ConvParts::rowsMerged) whose result only the next
  /// layer, a zero-padded depthwise convolution, reads (MobileNetV2's
  /// expansions): that layer's index, so that a schedule can compute it in
  /// the depthwise layer's bands of rows and never store it whole.
  std::optional<size_t> computedInDepthwise;
  std::optional<ConvParts> conv;     // Conv2d, FusedConv
  std::optional<DenseParts> dense;   // Dense, FusedDense
  std::optional<ConcatParts> concat; // Concat
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

/// A part of a large network compiled as a Halide function of its own
/// (PipelineParts.h), which the pipeline calls as an extern stage.
struct LoweredPart {
  std::string function;                    // its symbol in the library
  std::vector<Halide::Argument> arguments; // its input, then its weights
  std::vector<int32_t> weights;            // its weights' indices in `weights`
  /// The one value it passes on: an image stored channels-innermost (as
  /// activations are within a pipeline, so that neither part converts
  /// it), any other shape in nn layout.
  Halide::Func output;
  /// The buffer its caller holds that value in (the extern stage's Func).
  std::string result;
};

struct LoweredNetwork {
  std::string name;
  /// The caller's buffers: their shapes (inputTensors) and element types
  /// are as each input's contract says (the identity where it has none).
  std::vector<Halide::ImageParam> inputs;
  std::vector<NamedTensor> inputTensors;
  std::vector<nn::InputContract> inputContracts;
  std::vector<WeightParam> weights;
  std::vector<Halide::Func> outputs;
  std::vector<NamedTensor> outputTensors;
  std::vector<LoweredLayer> layers; // in program order, of every part
  /// The parts computed before `outputs`'s pipeline, in call order; empty
  /// when the network is one pipeline.
  std::vector<LoweredPart> parts;
};

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWEREDNETWORK_H
