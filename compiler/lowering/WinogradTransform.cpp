//===- WinogradTransform.cpp - F(m x m, 3x3): matrices, choice, weights ---===//

#include "compiler/lowering/Winograd.h"

#include "compiler/lowering/WeightLayout.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace kiln::lowering {
namespace winograd {

const WinogradVariant kF2x2 = {
    2,
    {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}},
    {{1, 1, 1, 0}, {0, 1, -1, -1}},
    {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}},
};

const WinogradVariant kF4x4 = {
    4,
    {
        {4, 0, -5, 0, 1, 0},
        {0, -4, -4, 1, 1, 0},
        {0, 4, -4, -1, 1, 0},
        {0, -2, -1, 2, 1, 0},
        {0, 2, -1, -2, 1, 0},
        {0, 4, 0, -5, 0, 1},
    },
    {
        {1, 1, 1, 1, 1, 0},
        {0, 1, -1, 2, -2, 0},
        {0, 1, 1, 4, 4, 0},
        {0, 1, -1, 8, -8, 1},
    },
    {
        {1.0 / 4, 0, 0},
        {-1.0 / 6, -1.0 / 6, -1.0 / 6},
        {-1.0 / 6, 1.0 / 6, -1.0 / 6},
        {1.0 / 24, 1.0 / 12, 1.0 / 6},
        {1.0 / 24, -1.0 / 12, 1.0 / 6},
        {0, 0, 1},
    },
};

// At stride 2, output i of a row reads patch pixels d[2i], d[2i+1] and
// d[2i+2] (patch pixel j of tile t is input pixel 2mt + j - 1). The even
// pixels d[0], d[2], d[4] meet the taps g0 and g2: F(2, 2) on them, three
// products (points 0, 1 and infinity); the odd pixels d[1], d[3] meet g1
// alone: one product each. Products (rows of B^T, and of G):
//   (d0 - d2) g0,  d2 (g0 + g2),  (d4 - d2) g2,  d1 g1,  d3 g1;
// y0 sums the first, second and fourth, y1 the second, third and fifth.
// Only additions and subtractions of inputs: the error is the direct
// sum's order.
const WinogradVariant kF2x2Stride2 = {
    2,
    {
        {1, 0, -1, 0, 0},
        {0, 0, 1, 0, 0},
        {0, 0, -1, 0, 1},
        {0, 1, 0, 0, 0},
        {0, 0, 0, 1, 0},
    },
    {{1, 1, 0, 1, 0}, {0, 1, 1, 0, 1}},
    {{1, 0, 0}, {1, 0, 1}, {0, 0, 1}, {0, 1, 0}, {0, 1, 0}},
    /*stride=*/2,
};

} // namespace winograd

using namespace winograd;

bool admitsWinograd(const nn::Conv2dParams &params, const Shape &weightShape) {
  auto all = [](llvm::ArrayRef<int64_t> values, int64_t wanted) {
    return llvm::all_of(values, [&](int64_t v) { return v == wanted; });
  };
  return weightShape[2] == kKernel && weightShape[3] == kKernel &&
         (all(params.strides, 1) || all(params.strides, 2)) &&
         all(params.dilation, 1) && all(params.padding, 1) &&
         params.groups == 1 && weightShape[1] >= 16 && weightShape[0] % 8 == 0;
}

// A layer's cost by chooseWinograd's model, in floating-point operations:
// multiply-adds (two each) of the sums and weight bytes times `balance`
// (added for a direct sum, overlapped for Winograd's streamed GEMMs), plus
// the transforms' (each transformed value a sum of up to `patch` terms,
// twice: rows, then columns).
namespace {
struct LayerSize {
  double outputs, inputs, batch, height, width;
};
} // namespace

// A direct 3x3 sum reads its weights a kernel tap at a time, in stretches
// of a few KiB (one block of output channels per task), which the hardware
// prefetchers do not stream, while Winograd's GEMMs prefetch theirs
// (WeightPrefetch.h): its bytes cost about twice as much. On one core of a
// Zen 5 EPYC, ResNet-18's 7x7 layers with 512 channels read their 9.4 MB
// at about 7 GB/s directly (1.27-1.44 ms each), and took 0.77x the
// network's time as F(2x2) with 16.8 MB of U (docs/benchmarks.md). AVX-512's
// direct sums now prefetch theirs a tap at a time (TiledConv.cpp,
// accumulateRowsByTap); ResNet-50's 7x7x512 layers summed so took the same
// time as by F(2x2) within noise on an AVX-512 Xeon, so the factor stays.
constexpr double kDirectWeightBytesFactor = 2;

static double directCost(const LayerSize &size, double balance) {
  double taps = size.outputs * size.inputs * kKernel * kKernel;
  return 2 * taps * size.batch * size.height * size.width +
         4 * kDirectWeightBytesFactor * taps * balance;
}

// Winograd's GEMMs prefetch U a task ahead (WeightPrefetch.h), so its
// bytes stream while the products are computed: the GEMMs cost whichever
// of the two takes longer, not both. Counting both, AVX2 (balance 8) kept
// F(2x2) on 14x14 maps, where F(4x4)'s U (9/4 of F(2x2)'s) is 5 MB more
// in ResNet-50's 256-channel layers. By F(4x4), on one core of a Zen 5,
// AVX2 libraries took 0.98x the time (ResNet-50; 0.99x on two threads),
// 0.97x (ResNet-18, GoogLeNet) and 0.995x (VGG-16); ResNet-50's Winograd
// GEMMs and transforms 0.93x. AVX-512 (balance 16) keeps F(2x2) there.
// The stride-2 variant's U, 25/9 of the kernel's bytes, does not stream
// in the GEMMs' shadow: on one core of an AVX-512 Xeon, ResNet-50's
// layer4.0 conv2 (7x7 outputs, 512 channels, 26 MB of U) took 2.7 ms by
// it against 1.8 ms summed directly, and 5.0 against 4.8 in the AVX2
// library, where overlapped bytes had chosen it; its bytes add.
static double winogradCost(const WinogradVariant &variant,
                           const LayerSize &size, double balance) {
  double m = variant.tile;
  double tiles =
      size.batch * std::ceil(size.height / m) * std::ceil(size.width / m);
  double products = size.outputs * size.inputs * variant.points();
  double transformed = tiles * variant.points() * (size.inputs + size.outputs);
  double operations = 2 * products * tiles, bytes = 4 * products * balance;
  double gemms =
      variant.stride > 1 ? operations + bytes : std::max(operations, bytes);
  return gemms + 2 * variant.patch() * transformed;
}

const WinogradVariant *chooseWinograd(const nn::Conv2dParams &params,
                                      const Shape &weightShape,
                                      const Shape &outputShape, int balance) {
  if (!admitsWinograd(params, weightShape))
    return nullptr;
  LayerSize size{
      static_cast<double>(weightShape[0]), static_cast<double>(weightShape[1]),
      static_cast<double>(outputShape[0]), static_cast<double>(outputShape[2]),
      static_cast<double>(outputShape[3])};
  const WinogradVariant *best = nullptr;
  double bestCost = directCost(size, balance);
  for (const WinogradVariant *variant : {&kF2x2, &kF4x4, &kF2x2Stride2}) {
    if (variant->stride != params.strides[0])
      continue;
    double cost = winogradCost(*variant, size, balance);
    if (cost < bestCost) {
      best = variant;
      bestCost = cost;
    }
  }
  return best;
}

Shape winogradWeightShape(const WinogradVariant &variant, const Shape &shape,
                          int64_t widestBlock) {
  int64_t block = channelBlock(shape[0], widestBlock);
  return {variant.points(), shape[0] / block, shape[1], block};
}

std::vector<float> transformWinogradWeights(const WinogradVariant &variant,
                                            llvm::ArrayRef<float> weights,
                                            const Shape &shape,
                                            int64_t widestBlock) {
  int64_t outputs = shape[0], inputs = shape[1];
  int64_t block = channelBlock(outputs, widestBlock);
  int patch = variant.patch();
  const Matrix &g = variant.kernelTransform;
  std::vector<float> transformed(variant.points() * outputs * inputs);
  // In double, so that U is rounded once.
  std::vector<std::array<double, kKernel>> gk(patch);
  for (int64_t o = 0; o < outputs; ++o)
    for (int64_t i = 0; i < inputs; ++i) {
      const float *kernel =
          weights.data() + (o * inputs + i) * kKernel * kKernel;
      // G g, then (G g) G^T.
      for (int e = 0; e < patch; ++e)
        for (int b = 0; b < kKernel; ++b) {
          gk[e][b] = 0;
          for (int a = 0; a < kKernel; ++a)
            gk[e][b] += g[e][a] * kernel[a * kKernel + b];
        }
      for (int e = 0; e < patch; ++e)
        for (int nu = 0; nu < patch; ++nu) {
          double u = 0;
          for (int b = 0; b < kKernel; ++b)
            u += gk[e][b] * g[nu][b];
          int64_t point = e * patch + nu;
          int64_t at =
              ((point * (outputs / block) + o / block) * inputs + i) * block +
              o % block;
          transformed[at] = static_cast<float>(u);
        }
    }
  return transformed;
}

} // namespace kiln::lowering
