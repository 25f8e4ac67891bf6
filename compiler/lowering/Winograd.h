//===- Winograd.h - Winograd F(m x m, 3x3) convolutions ----------*- C++ -*-===//
//
// A 3x3 convolution computed as one of Lavin & Gray's minimal filtering
// algorithms F(m x m, 3x3): each m x m tile of outputs is
// A^T [(G g G^T) . (B^T d B)] A for the input patch d around it, so
// patch^2 products per tile and input channel replace 9 m^2 multiply-adds
// of the direct convolution. Summed over the input channels, the
// element-wise products become patch^2 independent GEMMs (output channels
// x input channels x tiles), which the schedule tiles in registers like a
// 1x1 convolution.
//
// Two variants at stride 1, with (m+2) x (m+2) patches: F(4x4, 3x3), 36
// products for 16 outputs, and F(2x2, 3x3), 16 for 4. The first saves
// more multiplications, the second streams fewer transformed weights (each
// patch^2 / 9 times the kernel's size) per product, which wins on small
// maps where those weights are read by few tiles (chooseWinograd). One at
// stride 2, with 5x5 patches: 25 products for 4 outputs (kF2x2Stride2).
//
// The weights' transform G g G^T is done here, at compile time; the input's
// and the output's are Halide stages of the layer (WinogradLowering.cpp).
// Interpolation points 0, +-1 (F(2x2)) and 0, +-1, +-2 (F(4x4)), the
// matrices of Lavin & Gray, 2016: float32 error about 1e-6 relative to
// the layer's largest output, a few times that of the direct sum
// (docs/schedules.md).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_WINOGRAD_H
#define KILN_COMPILER_LOWERING_WINOGRAD_H

#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace kiln::lowering {

using Shape = std::vector<int64_t>;

/// A row-major matrix of coefficients.
using Matrix = std::vector<std::vector<double>>;

/// One algorithm F(tile x tile, 3x3).
struct WinogradVariant {
  /// Outputs per tile side (m).
  int tile;
  /// B^T: the input patch's transform, V = B^T d B (patch x patch).
  Matrix inputTransform;
  /// A^T: the products' inverse transform, Y = A^T M A (tile x patch).
  Matrix outputTransform;
  /// G: the kernel's transform, U = G g G^T (patch x 3).
  Matrix kernelTransform;
  /// The convolution's stride: 1, or 2 for the strided variant, whose
  /// tiles start 2m input pixels apart.
  int stride = 1;

  /// The input patch's side: the pixels m outputs read, m + 2 at stride 1
  /// and 2m + 1 at stride 2.
  int patch() const { return stride * (tile - 1) + 3; }
  /// Products per tile: the GEMMs the layer is split into.
  int points() const { return patch() * patch(); }
};

namespace winograd {
constexpr int kKernel = 3;
/// F(2x2, 3x3) and F(4x4, 3x3).
extern const WinogradVariant kF2x2;
extern const WinogradVariant kF4x4;
/// F(2x2, 3x3) at stride 2 (WinogradTransform.cpp): each 5x5 patch split
/// into its pixel phases, F(2, 2) where its even pixels meet the outer
/// taps, one product where its odd ones meet the middle tap; 25 products
/// for 4 outputs against 36 multiply-adds.
extern const WinogradVariant kF2x2Stride2;
} // namespace winograd

/// Whether a convolution with these parameters and weights (OIHW) can be
/// computed by Winograd's algorithm: 3x3, stride 1 or 2 (the same in both
/// directions), no dilation, one group, one pixel of zero padding on every
/// side (the classic CNNs' 3x3 layers), enough input channels that the
/// transforms are a small part of the work (16), and output channels in
/// whole blocks of 8.
bool admitsWinograd(const nn::Conv2dParams &params, const Shape &weightShape);

/// The algorithm a layer that admitsWinograd is computed by, or null for
/// the direct sum: whichever of the direct sum, F(2x2) and F(4x4) costs
/// least by a model of a core that does `balance` floating-point operations
/// in the time it streams one byte of weights from memory (at batch 1 a
/// network's weights do not stay in cache from one inference to the next):
/// the larger of the GEMMs' operations and the weights' bytes times
/// `balance` (U streams while the GEMMs run; a direct sum's bytes add to
/// its operations), plus the transforms' (docs/schedules.md).
const WinogradVariant *chooseWinograd(const nn::Conv2dParams &params,
                                      const Shape &weightShape,
                                      const Shape &outputShape, int balance);

/// The transformed weights U = G g G^T of OIHW `weights` of `shape`, stored
/// [points][O / block][I][block] for the block channelBlock(O, widestBlock):
/// point (e * patch + nu) outermost, then blocks of output channels, each
/// a matrix of input channels by the block's output channels (contiguous).
std::vector<float> transformWinogradWeights(const WinogradVariant &variant,
                                            llvm::ArrayRef<float> weights,
                                            const Shape &shape,
                                            int64_t widestBlock);

/// The stored shape transformWinogradWeights writes for OIHW `shape`.
Shape winogradWeightShape(const WinogradVariant &variant, const Shape &shape,
                          int64_t widestBlock);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_WINOGRAD_H
