//===- WinogradLowering.cpp - a 3x3 convolution as Winograd's stages ------===//
//
// The stages of Winograd.h as Halide Funcs. Each transform is two passes
// of six-term sums with constant coefficients (B^T d, then (B^T d) B;
// A^T M, then (A^T M) A), the coefficients picked per point with `mux`,
// which the schedule's unrolled loops fold to constants.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/Winograd.h"

#include "dialects/nn/NNConstants.h"

using namespace mlir;
using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace kiln::lowering {

using namespace winograd;

// sum_k matrix[index][k] * term(k), for the row `index` picks: each term
// read once, times a coefficient chosen by `mux` (columns of zeros left
// out). The schedule unrolls `index`, and the selects of constants fold; a
// mux of six whole sums instead has Halide vectorize and partition six
// times the loads before it simplifies (ResNet-18's 13 Winograd layers
// compiled 6 s slower).
template <typename Term>
static Expr rowCombinations(const Matrix &matrix, Expr index, Term term) {
  Expr sum;
  for (size_t k = 0; k < matrix.front().size(); ++k) {
    std::vector<Expr> column;
    bool zero = true;
    for (const std::vector<double> &row : matrix) {
      column.push_back(Expr(static_cast<float>(row[k])));
      zero = zero && row[k] == 0;
    }
    if (zero)
      continue;
    Expr part = Halide::mux(index, column) * term(k);
    sum = sum.defined() ? sum + part : part;
  }
  return sum;
}

const WinogradVariant *winogradVariantFor(const nn::Conv2dParams &params,
                                          const Shape &weightShape,
                                          const Shape &outputShape,
                                          const LoweringOptions &options) {
  return options.winograd ? chooseWinograd(params, weightShape, outputShape,
                                           options.weightBalance)
                          : nullptr;
}

bool lowersToWinograd(Operation &op, const LoweringOptions &options) {
  auto suits = [&](auto conv, llvm::ArrayRef<int64_t> convShape) {
    nn::Conv2dParams params{conv.getStrides(), conv.getPadding(),
                            conv.getDilation(),
                            static_cast<int64_t>(conv.getGroups())};
    return conv.getWeight().template getDefiningOp<nn::ConstantOp>() &&
           winogradVariantFor(params, shapeOf(conv.getWeight()),
                              Shape(convShape.begin(), convShape.end()),
                              options);
  };
  if (auto conv = dyn_cast<nn::Conv2dOp>(op))
    return suits(conv, shapeOf(conv.getOutput()));
  if (auto conv = dyn_cast<nn::FusedConv2dOp>(op))
    return suits(conv, conv.getConvShape());
  return false;
}

bool lowerWinogradConv(ConvParts &parts, Operation *op, Func input,
                       Value weight, Value bias, const WinogradVariant &variant,
                       LoweringState &state) {
  ElementsAttr kernel = state.weightData(weight);
  if (!kernel)
    return false;
  int64_t widestBlock = state.loweringOptions().convWeightBlock;
  Shape w = shapeOf(weight);
  const Shape &out = parts.shape;
  WinogradParts stages;
  const int tileSide = variant.tile;
  stages.tilesAcross = (out[3] + tileSide - 1) / tileSide;
  int64_t tilesDown = (out[2] + tileSide - 1) / tileSide;
  stages.tileCount = out[0] * tilesDown * stages.tilesAcross;

  std::vector<float> transformed;
  nn::withFloatValues(kernel, [&](llvm::ArrayRef<float> values) {
    transformed = transformWinogradWeights(variant, values, w, widestBlock);
  });
  Shape stored = winogradWeightShape(variant, w, widestBlock);
  Halide::ImageParam u = state.addDerivedWeight(
      weight,
      "winograd" + std::to_string(tileSide) + "x" + std::to_string(tileSide) +
          (variant.stride > 1 ? "s" + std::to_string(variant.stride) : ""),
      transformed, stored);
  parts.weightBlock = stored[3];
  Expr block = static_cast<int>(stored[3]);
  stages.weights = u;

  Var c("c"), t("t"), j("j"), e("e"), nu("nu"), r("r"), s("s");
  // The tile's coordinates; tiles past the last (a GEMM tile may round the
  // count up) repeat it.
  Expr tile = Halide::min(t, static_cast<int>(stages.tileCount - 1));
  Expr across = static_cast<int>(stages.tilesAcross);
  Expr down = static_cast<int>(tilesDown);
  Expr tx = tile % across, ty = (tile / across) % down;
  Expr n = tile / (across * down);

  // Patch row i, column j starts one pixel above and left of the tile's
  // first input pixel (the padding of 1); tiles start stride x m input
  // pixels apart.
  const int tileStep = tileSide * variant.stride;
  stages.rowsTransformed = Func(state.nameFor(op, "wino_rows"));
  stages.rowsTransformed(c, t, j, e) =
      rowCombinations(variant.inputTransform, e, [&](size_t i) {
        return input(tx * tileStep - 1 + j,
                     ty * tileStep - 1 + static_cast<int>(i), c, n);
      });
  stages.transformed = Func(state.nameFor(op, "wino_in"));
  stages.transformed(c, t, e, nu) =
      rowCombinations(variant.inputTransform, nu, [&](size_t k) {
        return stages.rowsTransformed(c, t, static_cast<int>(k), e);
      });

  stages.reduction =
      Halide::RDom(0, static_cast<int>(w[1]), state.nameFor(op, "wino_r"));
  Halide::RVar ci = stages.reduction.x;
  stages.accumulated = Func(state.nameFor(op, "wino_sum"));
  stages.accumulated(c, t, e, nu) = 0.0f;
  stages.accumulated(c, t, e, nu) +=
      u(c % block, ci, c / block, e * variant.patch() + nu) *
      stages.transformed(ci, t, e, nu);
  stages.products = Func(state.nameFor(op, "wino_products"));
  stages.products(c, t, e, nu) = stages.accumulated(c, t, e, nu);

  stages.rowsInverted = Func(state.nameFor(op, "wino_out_rows"));
  stages.rowsInverted(c, t, nu, r) =
      rowCombinations(variant.outputTransform, r, [&](size_t k) {
        return stages.products(c, t, static_cast<int>(k), nu);
      });
  Expr biasValue = bias ? state.lookup(bias)(c) : Expr(0.0f);
  stages.tiles = Func(state.nameFor(op, "wino_out"));
  stages.tiles(c, t, s, r) =
      biasValue + rowCombinations(variant.outputTransform, s, [&](size_t k) {
        return stages.rowsInverted(c, t, static_cast<int>(k), r);
      });

  std::vector<Var> v = makeVars(4);
  Expr x = v[0], y = v[1];
  Expr outputTile = (v[3] * down + y / tileSide) * across + x / tileSide;
  parts.sum(v) = stages.tiles(v[2], outputTile, x % tileSide, y % tileSide);
  parts.winograd = std::move(stages);
  return true;
}

} // namespace kiln::lowering
