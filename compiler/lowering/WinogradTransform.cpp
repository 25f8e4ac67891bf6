//===- WinogradTransform.cpp - F(4x4, 3x3): matrices and weights ----------===//

#include "compiler/lowering/Winograd.h"

#include "compiler/lowering/WeightLayout.h"

#include "llvm/ADT/STLExtras.h"

namespace kiln::lowering {
namespace winograd {

const std::array<std::array<float, kPatch>, kPatch> kInputTransform = {{
    {4, 0, -5, 0, 1, 0},
    {0, -4, -4, 1, 1, 0},
    {0, 4, -4, -1, 1, 0},
    {0, -2, -1, 2, 1, 0},
    {0, 2, -1, -2, 1, 0},
    {0, 4, 0, -5, 0, 1},
}};

const std::array<std::array<float, kPatch>, kTile> kOutputTransform = {{
    {1, 1, 1, 1, 1, 0},
    {0, 1, -1, 2, -2, 0},
    {0, 1, 1, 4, 4, 0},
    {0, 1, -1, 8, -8, 1},
}};

// G, the kernel's transform; in double so that U is rounded once.
static const double kKernelTransform[kPatch][kKernel] = {
    {1.0 / 4, 0, 0},
    {-1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6},
    {1.0 / 24, 1.0 / 12, 1.0 / 6},
    {1.0 / 24, -1.0 / 12, 1.0 / 6},
    {0, 0, 1},
};

} // namespace winograd

using namespace winograd;

bool suitsWinograd(const nn::Conv2dParams &params, const Shape &weightShape,
                   const Shape &outputShape) {
  auto all = [](llvm::ArrayRef<int64_t> values, int64_t wanted) {
    return llvm::all_of(values, [&](int64_t v) { return v == wanted; });
  };
  int64_t tilesDown = (outputShape[2] + kTile - 1) / kTile;
  int64_t tilesAcross = (outputShape[3] + kTile - 1) / kTile;
  return weightShape[2] == kKernel && weightShape[3] == kKernel &&
         all(params.strides, 1) && all(params.dilation, 1) &&
         all(params.padding, 1) && params.groups == 1 &&
         weightShape[1] >= 16 && weightShape[0] % 8 == 0 &&
         tilesDown >= 3 && tilesAcross >= 3;
}

Shape winogradWeightShape(const Shape &shape) {
  int64_t block = channelBlock(shape[0]);
  return {kPoints, shape[0] / block, shape[1], block};
}

std::vector<float> transformWinogradWeights(llvm::ArrayRef<float> weights,
                                            const Shape &shape) {
  int64_t outputs = shape[0], inputs = shape[1];
  int64_t block = channelBlock(outputs);
  std::vector<float> transformed(kPoints * outputs * inputs);
  for (int64_t o = 0; o < outputs; ++o)
    for (int64_t i = 0; i < inputs; ++i) {
      const float *g = weights.data() + (o * inputs + i) * kKernel * kKernel;
      // G g, then (G g) G^T.
      double gg[kPatch][kKernel] = {};
      for (int e = 0; e < kPatch; ++e)
        for (int b = 0; b < kKernel; ++b)
          for (int a = 0; a < kKernel; ++a)
            gg[e][b] += kKernelTransform[e][a] * g[a * kKernel + b];
      for (int e = 0; e < kPatch; ++e)
        for (int nu = 0; nu < kPatch; ++nu) {
          double u = 0;
          for (int b = 0; b < kKernel; ++b)
            u += gg[e][b] * kKernelTransform[nu][b];
          int64_t point = e * kPatch + nu;
          int64_t at = ((point * (outputs / block) + o / block) * inputs + i) *
                           block +
                       o % block;
          transformed[at] = static_cast<float>(u);
        }
    }
  return transformed;
}

} // namespace kiln::lowering
