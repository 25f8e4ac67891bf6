//===- Winograd.h - Winograd F(4x4, 3x3) convolutions -------------*- C++ -*-===//
//
// A 3x3, stride-1 convolution computed as Lavin & Gray's minimal filtering
// F(4x4, 3x3): each 4x4 tile of outputs is A^T [(G g G^T) . (B^T d B)] A for
// the 6x6 input patch d around it, so the 36 products per tile and input
// channel replace 144 multiply-adds of the direct convolution. Summed over
// the input channels, the element-wise products become 36 independent
// GEMMs (output channels x input channels x tiles), which the schedule
// tiles in registers like a 1x1 convolution.
//
// The weights' transform G g G^T is done here, at compile time; the input's
// and the output's are Halide stages of the layer (WinogradLowering.cpp).
// Interpolation points 0, +-1, +-2 (the matrices of Lavin & Gray, 2016):
// float32 error about 1e-6 relative to the layer's largest output, a few
// times that of the direct sum (docs/schedules.md).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_WINOGRAD_H
#define KILN_COMPILER_LOWERING_WINOGRAD_H

#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>
#include <vector>

namespace kiln::lowering {

using Shape = std::vector<int64_t>;

namespace winograd {
/// Outputs per tile side, input patch side, kernel side.
constexpr int kTile = 4;
constexpr int kPatch = 6;
constexpr int kKernel = 3;
/// Products per tile: the GEMMs the layer is split into.
constexpr int kPoints = kPatch * kPatch;

/// B^T: the input patch's transform, V = B^T d B.
extern const std::array<std::array<float, kPatch>, kPatch> kInputTransform;
/// A^T: the products' inverse transform, Y = A^T M A.
extern const std::array<std::array<float, kPatch>, kTile> kOutputTransform;
} // namespace winograd

/// Whether a convolution with these parameters, weights (OIHW) and output
/// (NCHW) shape is computed by Winograd's algorithm: 3x3, stride 1, no
/// dilation, one group, one pixel of zero padding on every side (the
/// classic CNNs' 3x3 layers), enough input channels that the transforms
/// are a small part of the work (16), output channels in whole blocks of
/// 8, and at least 3x3 tiles of outputs per image (maps of 9x9 or more).
/// The transformed weights are 4x the kernel's size and each is read once
/// per tile: on 7x7 maps (2x2 tiles) streaming them from memory outweighs
/// the multiplications saved where memory is slow. ResNet-50's 7x7x512
/// layers, one core of an AVX-512 Xeon: 3.3 ms by Winograd, 2.5 direct
/// (on a Zen 4 EPYC, with faster memory and before the direct tiles of
/// docs/schedules.md, Winograd had won there: 2.7 -> 1.4 ms).
bool suitsWinograd(const nn::Conv2dParams &params, const Shape &weightShape,
                   const Shape &outputShape);

/// The transformed weights U = G g G^T of OIHW `weights` of `shape`, stored
/// [36][O / block][I][block] for the block of channelBlock(O): point
/// (e * 6 + nu) outermost, then blocks of output channels, each a matrix of
/// input channels by the block's output channels (contiguous).
std::vector<float> transformWinogradWeights(llvm::ArrayRef<float> weights,
                                            const Shape &shape);

/// The stored shape transformWinogradWeights writes for OIHW `shape`.
Shape winogradWeightShape(const Shape &shape);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_WINOGRAD_H
