//===- WeightLayout.h - how a weight is stored in the weights file -*- C++ -*-===//
//
// Convolution and dense weights are repacked at compile time so that a
// schedule's vectorized loop reads them contiguously: output channels
// (features) innermost, and split into blocks of `block` channels, each
// block stored whole. A channel tile of the x86 schedule then reads one
// contiguous stretch of weights: the hardware prefetchers follow it, and
// its L1-sized pieces do not collide in a few cache sets as rows of a
// 512-channel layer 2 KiB apart do. A convolution's block is no wider
// than the narrowest channel tile among the library's targets
// (LoweringOptions::convWeightBlock), so one weights file serves every
// variant of a multi-target library; schedules pick channel tiles that
// nest with the block (see channelBlock).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_LOWERING_WEIGHTLAYOUT_H
#define KILN_COMPILER_LOWERING_WEIGHTLAYOUT_H

#include <cstdint>
#include <tuple>
#include <vector>

namespace kiln::lowering {

using Shape = std::vector<int64_t>;

/// A weight's stored layout: dimension 0 of the constant split into
/// [extent / block, block] when `block` is non-zero (a row-major view, no
/// data moves), then that view's dimensions permuted: stored dimension i is
/// view dimension `permutation[i]`. The default stores the constant as it
/// is.
struct WeightLayout {
  int64_t block = 0;
  std::vector<int64_t> permutation;

  bool isIdentity() const { return block == 0 && permutation.empty(); }
  /// The constant's shape with dimension 0 split.
  Shape viewShape(const Shape &shape) const;
  /// The shape the weights file stores.
  Shape storedShape(const Shape &shape) const;

  bool operator<(const WeightLayout &other) const {
    return std::tie(block, permutation) <
           std::tie(other.block, other.permutation);
  }
};

/// The widest block of output channels weights are stored in.
constexpr int64_t kWidestChannelBlock = 64;

/// The block of output channels weights with `channels` of them are stored
/// in: the largest of 64, 32, 16 and 8 that divides the count and is at
/// most `widest`, or 0 (not blocked). A channel tile of a schedule must
/// divide the block or be a multiple of it.
int64_t channelBlock(int64_t channels, int64_t widest = kWidestChannelBlock);

/// Whether a schedule's tile of `tile` channels nests with weights stored
/// in blocks of `block` channels (a channelBlock; 0: not blocked).
bool nestsWithBlock(int64_t tile, int64_t block);

/// Convolution weights, nn OIHW: blocks of at most `widestBlock` output
/// channels, each stored as [H][W][I][block] (channels innermost, then
/// input channels: the order a tile's reduction walks a block of input
/// channels at one kernel tap); HWIO when the channels have no block or
/// just one.
WeightLayout convWeightLayout(const Shape &weightShape, int64_t widestBlock);

/// Dense weights, nn [M, K]: blocks of features, each [K][block]; [K, M]
/// when the features have no block or just one.
WeightLayout denseWeightLayout(const Shape &weightShape);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_WEIGHTLAYOUT_H
