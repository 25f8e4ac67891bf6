//===- WeightLayout.cpp - how a weight is stored in the weights file ------===//

#include "compiler/lowering/WeightLayout.h"

namespace kiln::lowering {

Shape WeightLayout::viewShape(const Shape &shape) const {
  if (block == 0)
    return shape;
  Shape view{shape[0] / block, block};
  view.insert(view.end(), shape.begin() + 1, shape.end());
  return view;
}

Shape WeightLayout::storedShape(const Shape &shape) const {
  Shape view = viewShape(shape);
  if (permutation.empty())
    return view;
  Shape stored;
  for (int64_t source : permutation)
    stored.push_back(view[source]);
  return stored;
}

int64_t channelBlock(int64_t channels, int64_t widest) {
  for (int64_t block : {64, 32, 16, 8})
    if (block <= widest && channels % block == 0)
      return block;
  return 0;
}

bool nestsWithBlock(int64_t tile, int64_t block) {
  return block == 0 || block % tile == 0 || tile % block == 0;
}

WeightLayout convWeightLayout(const Shape &weightShape, int64_t widestBlock) {
  int64_t block = channelBlock(weightShape[0], widestBlock);
  if (block == 0 || block == weightShape[0])
    return {0, {2, 3, 1, 0}}; // one block: HWIO
  // View [O/block, block, I, H, W] stored [O/block, H, W, I, block].
  return {block, {0, 3, 4, 2, 1}};
}

WeightLayout denseWeightLayout(const Shape &weightShape) {
  int64_t block = channelBlock(weightShape[0]);
  if (block == 0 || block == weightShape[0])
    return {0, {1, 0}}; // one block: [K, M]
  // View [M/block, block, K] stored [M/block, K, block].
  return {block, {0, 2, 1}};
}

} // namespace kiln::lowering
