//===- LoweringState.h - what per-op lowerings share ------------*- C++ -*-===//
//
// Maps each nn value to the Halide Func computing it, names Funcs after the
// layer (the MLIR location) so stmt dumps read like the model, and creates the
// ImageParam of each weight. Each op family's lowering lives in its own file
// and is declared here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_LOWERINGSTATE_H
#define KILN_COMPILER_LOWERING_LOWERINGSTATE_H

#include "compiler/lowering/LowerToHalide.h"
#include "compiler/lowering/LoweredNetwork.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>

namespace kiln::lowering {

struct WinogradVariant;

class LoweringState {
public:
  LoweringState(LoweredNetwork &network, const LoweringOptions &options)
      : network(network), options(options) {}

  /// What the lowering was asked for (Winograd's choice, winogradVariantFor).
  const LoweringOptions &loweringOptions() const { return options; }
  /// Whether 1x1 convolutions merge their rows into one GEMM
  /// (LoweringOptions::mergedRowGemms).
  bool mergesGemmRows() const { return options.mergedRowGemms; }
  /// Whether a convolution with a larger kernel merges its rows too, where
  /// rows merge at all (LoweringOptions::mergesKernelRows).
  bool mergesKernelRows(const Shape &output, const Shape &weight) const {
    return options.mergesKernelRows && options.mergesKernelRows(output, weight);
  }
  /// LoweringOptions::rowConvWeightBlock, or convWeightBlock where unset.
  int64_t rowConvWeightBlock(const Shape &output, const Shape &weight,
                             bool strided, bool padded) const {
    return options.rowConvWeightBlock
               ? options.rowConvWeightBlock(output, weight, strided, padded)
               : options.convWeightBlock;
  }

  /// The Func computing `value` (an input, a weight or a layer's result).
  Halide::Func lookup(mlir::Value value);
  void define(mlir::Value value, Halide::Func func) { funcs[value] = func; }

  /// Like lookup, but a weight is stored in `layout`; the Func returned
  /// still takes the weight's own coordinates. Values that are not weights
  /// are returned as they are.
  Halide::Func lookupRepacked(mlir::Value value, const WeightLayout &layout);
  /// The name of the buffer lookupRepacked(value, layout) reads, or empty
  /// where `value` is no weight or was not looked up in `layout`.
  std::string weightBufferName(mlir::Value value,
                               const WeightLayout &layout) const;

  /// A unique Halide name for a Func of the op's layer: "conv1", or
  /// "conv1_padded" with a suffix.
  std::string nameFor(mlir::Operation *op, llvm::StringRef suffix = "");
  std::string uniqueName(llvm::StringRef base);

  /// Records a constant as a weight of the pipeline. Its ImageParam is made
  /// when a lowering first reads it, in the layout that lowering asks for,
  /// so a repacked weight is not also stored as it is.
  void addWeight(mlir::Value result, mlir::ElementsAttr data,
                 llvm::StringRef name);

  /// The constant data of a weight, or null for any other value.
  mlir::ElementsAttr weightData(mlir::Value value) const;

  /// A weight computed at compile time from the weight `source` (e.g.
  /// Winograd's transform of a kernel): `values` of `shape` stored as they
  /// are, named after the source with `suffix`.
  Halide::ImageParam addDerivedWeight(mlir::Value source,
                                      llvm::StringRef suffix,
                                      llvm::ArrayRef<float> values,
                                      const Shape &shape);

  void addLayer(LoweredLayer layer) {
    network.layers.push_back(std::move(layer));
  }

  /// The layer lowered so far whose `func` is `func`, or null.
  LoweredLayer *layerStoring(const Halide::Func &func);
  /// The layer of the convolution that computes `value`, or null (also
  /// across a part's end, where `value` is the next part's parameter).
  LoweredLayer *convLayerOf(mlir::Value value);
  /// The index the next addLayer gives its layer.
  size_t nextLayerIndex() const { return network.layers.size(); }
  LoweredLayer *layerAt(size_t index) { return &network.layers.at(index); }
  size_t indexOf(const LoweredLayer &layer) const {
    return static_cast<size_t>(&layer - network.layers.data());
  }

  /// The weights read since the last call, in the order first read: the
  /// weight arguments of the part lowered meanwhile.
  std::vector<Halide::ImageParam> takePartWeights();

private:
  struct WeightView {
    Halide::ImageParam param;
    Halide::Func view; // the param read at the weight's own coordinates
  };
  struct PendingWeight {
    mlir::ElementsAttr data;
    std::string name;
    // The views made so far, by layout.
    std::map<WeightLayout, WeightView> views;
  };
  Halide::Func weightView(PendingWeight &weight, const WeightLayout &layout,
                          const Shape &shape);
  WeightView makeWeightView(PendingWeight &weight, const WeightLayout &layout,
                            const Shape &shape);
  void usedInPart(const Halide::ImageParam &param);

  LoweredNetwork &network;
  LoweringOptions options;
  llvm::DenseMap<mlir::Value, Halide::Func> funcs;
  llvm::DenseMap<mlir::Value, PendingWeight> weights;
  llvm::StringSet<> usedNames;
  std::vector<Halide::ImageParam> partWeights;
  llvm::StringSet<> partWeightNames;
};

/// Halide's pure Vars for a tensor of `rank`, dimension 0 first (x, y, c, n
/// for images; i, n for matrices).
std::vector<Halide::Var> makeVars(size_t rank);
std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars);
Shape shapeOf(mlir::Value value);

/// Extent of nn dimension `dim` as a Halide Expr.
inline Halide::Expr extent(const Shape &shape, size_t dim) {
  return Halide::Expr(static_cast<int>(shape[dim]));
}

/// Coordinates, in Halide order, of the element of a tensor of shape `in`
/// that numpy broadcasting pairs with the output element at `vars` (Halide
/// order, of the output's rank >= in's rank): ranks align from the right
/// (Halide dimension 0 is the innermost in both), and a size-1 dimension is
/// read at index 0.
std::vector<Halide::Expr> broadcastCoords(const std::vector<Halide::Var> &vars,
                                          const Shape &in, const Shape &out);

// Algorithms shared by an op's own lowering and nn.fused_conv2d's.

/// Defines `parts.sum` (Funcs and RDom named after `op`'s layer) as the
/// bias, or zero, plus the convolution sum over the returned RDom, reading
/// the weights repacked (convWeightLayout); sets `parts.padded` when
/// the padding needs a zero-padded copy of the input.
Halide::RDom defineConv2d(ConvParts &parts, mlir::Operation *op,
                          mlir::Value input, mlir::Value weight,
                          mlir::Value bias, const nn::Conv2dParams &params,
                          LoweringState &state);

/// Defines `parts.sum` and `parts.winograd` as Winograd's `variant` over
/// `input` (zero-padded by one pixel), transforming the weights at compile
/// time (WinogradLowering.cpp); false, defining nothing, when `weight` is
/// not a constant. The caller chooses the variant (chooseWinograd).
bool lowerWinogradConv(ConvParts &parts, mlir::Operation *op,
                       Halide::Func input, mlir::Value weight, mlir::Value bias,
                       const WinogradVariant &variant, LoweringState &state);

/// The Winograd algorithm a convolution with these parameters and shapes
/// is computed by under `options` (chooseWinograd at their balance), or
/// null: always where they turn Winograd off.
const WinogradVariant *winogradVariantFor(const nn::Conv2dParams &params,
                                          const Shape &weightShape,
                                          const Shape &outputShape,
                                          const LoweringOptions &options);

/// Whether `op` is a convolution with constant weights that `options` have
/// computed by Winograd's algorithm (winogradVariantFor).
bool lowersToWinograd(mlir::Operation &op, const LoweringOptions &options);

/// The value at `v` (x, y, c, n) of max / average pooling `input` (NCHW
/// shape `in`), reducing over an RDom called `rName`.
Halide::Expr maxPoolValue(Halide::Func input, const Shape &in,
                          const nn::Pool2dParams &params,
                          const std::vector<Halide::Var> &v,
                          const std::string &rName);
Halide::Expr avgPoolValue(Halide::Func input, const Shape &in,
                          const nn::Pool2dParams &params, bool countIncludePad,
                          const std::vector<Halide::Var> &v,
                          const std::string &rName);

/// `activation` applied to `x` (the identity for ActivationKind::None).
Halide::Expr applyActivation(const nn::Activation &activation, Halide::Expr x);

/// Defines `dense` (its RDom named after `op`'s layer) as the bias, or zero,
/// plus the sum over the returned RDom of `input` times `weight`.
Halide::RDom defineDense(Halide::Func dense, mlir::Operation *op,
                         mlir::Value input, mlir::Value weight,
                         mlir::Value bias, LoweringState &state);

/// The declared float tensor of an input (nn shape `declared`) read from
/// `pixels`, the caller's buffer, as `contract` says (InputLowering.cpp).
Halide::Func lowerInputContract(Halide::ImageParam pixels,
                                const nn::InputContract &contract,
                                const Shape &declared, const std::string &name);

// Per-family lowerings; each defines the op's result Func in the state.
// ConvLowering.cpp, PoolLowering.cpp, FusedConvLowering.cpp,
// FusedDenseLowering.cpp
mlir::LogicalResult lowerFusedConv2d(kiln::nn::FusedConv2dOp op,
                                     LoweringState &state);
mlir::LogicalResult lowerFusedDense(kiln::nn::FusedDenseOp op,
                                    LoweringState &state);
mlir::LogicalResult lowerConv2d(kiln::nn::Conv2dOp op, LoweringState &state);
/// Records on the 1x1 convolution computing `input` that the depthwise
/// convolution `parts`, about to be added as the next layer, is its only
/// reader (LoweredLayer::computedInDepthwise).
void markDepthwiseProducer(mlir::Value input, const ConvParts &parts,
                           LoweringState &state);
mlir::LogicalResult lowerDense(kiln::nn::DenseOp op, LoweringState &state);
mlir::LogicalResult lowerMaxPool2d(kiln::nn::MaxPool2dOp op,
                                   LoweringState &state);
mlir::LogicalResult lowerAvgPool2d(kiln::nn::AvgPool2dOp op,
                                   LoweringState &state);
mlir::LogicalResult lowerGlobalAvgPool2d(kiln::nn::GlobalAvgPool2dOp op,
                                         LoweringState &state);
mlir::LogicalResult lowerGlobalMaxPool2d(kiln::nn::GlobalMaxPool2dOp op,
                                         LoweringState &state);
// NormLowering.cpp
mlir::LogicalResult lowerBatchNorm(kiln::nn::BatchNormOp op,
                                   LoweringState &state);
mlir::LogicalResult lowerLrn(kiln::nn::LrnOp op, LoweringState &state);
// ElementwiseLowering.cpp
/// Any activation op (nn.relu, nn.clip, ...).
mlir::LogicalResult lowerActivation(kiln::nn::ActivationOpInterface op,
                                    LoweringState &state);
/// nn.dropout and nn.identity: the result is another name for the input.
mlir::LogicalResult lowerPassThrough(mlir::Operation *op, LoweringState &state);
// BinaryLowering.cpp
mlir::LogicalResult lowerAdd(kiln::nn::AddOp op, LoweringState &state);
/// Records on a convolution whose residual add (LoweredLayer::residualAdd)
/// `input` is that the activation about to be lowered is the add's only
/// reader (LoweredLayer::residualActivation).
void markResidualActivation(mlir::Value input, LoweringState &state);
mlir::LogicalResult lowerSub(kiln::nn::SubOp op, LoweringState &state);
mlir::LogicalResult lowerMul(kiln::nn::MulOp op, LoweringState &state);
mlir::LogicalResult lowerDiv(kiln::nn::DivOp op, LoweringState &state);
// ReshapeLowering.cpp
mlir::LogicalResult lowerFlatten(kiln::nn::FlattenOp op, LoweringState &state);
mlir::LogicalResult lowerReshape(kiln::nn::ReshapeOp op, LoweringState &state);
mlir::LogicalResult lowerTranspose(kiln::nn::TransposeOp op,
                                   LoweringState &state);
// ConcatPadLowering.cpp
mlir::LogicalResult lowerConcat(kiln::nn::ConcatOp op, LoweringState &state);
mlir::LogicalResult lowerPad(kiln::nn::PadOp op, LoweringState &state);
mlir::LogicalResult lowerSlice(kiln::nn::SliceOp op, LoweringState &state);
// ReduceLowering.cpp
mlir::LogicalResult lowerReduceMean(kiln::nn::ReduceMeanOp op,
                                    LoweringState &state);
mlir::LogicalResult lowerReduceMax(kiln::nn::ReduceMaxOp op,
                                   LoweringState &state);
// MatmulLowering.cpp
mlir::LogicalResult lowerMatmul(kiln::nn::MatmulOp op, LoweringState &state);
// SoftmaxLowering.cpp
mlir::LogicalResult lowerSoftmax(kiln::nn::SoftmaxOp op, LoweringState &state);
mlir::LogicalResult lowerLogSoftmax(kiln::nn::LogSoftmaxOp op,
                                    LoweringState &state);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWERINGSTATE_H
