//===- GpuSchedule.cpp - Halide schedules for CUDA ------------------------===//
//
// Convolutions (with their activation and pool, when the fusion pass fused
// them) run as one kernel per layer (two where the reduction is split, see
// below), tiled the way GPU convolutions are:
//
//   - a block computes a tile of the layer's stored output: 8x8 pixels (4x4
//     pooled ones) by up to 32 channels, and every thread keeps 4 channels
//     of one pixel of the convolution in registers;
//   - the reduction over input channels runs in chunks at block level: the
//     block's threads first copy the chunk's input window (zero padding
//     applied on the way) into shared memory, synchronize, then accumulate
//     from it. Weights are read straight from global memory: the threads of
//     a warp share their channels, so each load is one broadcast;
//   - a pooled layer then writes the activated tile to shared memory and
//     pools it from there: the convolution's output never reaches global
//     memory.
//
// Layers with too few outputs to fill a GPU (the late convolutions at batch
// 1, dense layers) split their reduction (rfactor) over blocks, the partial
// sums then adding up in a second kernel. Every other layer runs as its own
// kernels, one thread per output element in 16x16 tiles; activations are
// inlined into their consumers.
//
// Checked without a GPU: ptxas, the launch limits, and the same tiling run
// on the CPU (--schedule=gpu-on-cpu, GpuLoops below) against PyTorch. Run on
// an H200 (docs/benchmarks.md): the results match PyTorch; the reductions
// split where a layer has too few threads (reductionSplits, denseChunk)
// were measured there, the tile sizes are not tuned.
//
//===----------------------------------------------------------------------===//

#include "compiler/schedules/GpuLoops.h"
#include "compiler/schedules/LayerWalk.h"
#include "compiler/schedules/Schedules.h"

#include <algorithm>
#include <initializer_list>

namespace kiln::schedules {

using Halide::TailStrategy;
using Halide::Var;
using lowering::LoweredLayer;

namespace {

// The pure Vars of `f` that stage `stage` (0: the pure definition, k: update
// k-1) loops over: all of them for the pure definition, those an update
// writes plainly (not a concat's stacked dimension) for an update.
std::vector<Var> stageVars(const Halide::Func &f, int stage) {
  std::vector<Var> vars = f.args();
  if (stage == 0)
    return vars;
  std::vector<Halide::Expr> lhs = f.update_args(stage - 1);
  std::vector<Var> plain;
  for (size_t d = 0; d < vars.size(); ++d)
    if (const auto *var = lhs[d].as<Halide::Internal::Variable>())
      if (var->name == vars[d].name())
        plain.push_back(vars[d]);
  return plain;
}

// Fuses vars[first] and the dimensions outside it, adjacent loops from
// innermost to outermost, into one loop, which it returns.
Var fuseFrom(Halide::Stage stage, const std::vector<Var> &vars, size_t first) {
  Var outer = vars[first];
  for (size_t d = first + 1; d < vars.size(); ++d) {
    Var fused(outer.name() + "_" + vars[d].name());
    stage.fuse(outer, vars[d], fused);
    outer = fused;
  }
  return outer;
}

void mapStage(Halide::Stage stage, const std::vector<Var> &vars,
              const GpuLoops &loops) {
  Var bx("bx"), by("by"), tx("tx"), ty("ty");
  TailStrategy guard = TailStrategy::GuardWithIf;
  if (vars.size() >= 3) {
    stage.tile(vars[0], vars[1], bx, by, tx, ty, 16, 16, guard);
    // The outer dimensions (channels, batch) share the third block
    // dimension: left out, each image would be a launch of its own.
    loops.blocks(stage, {bx, by, fuseFrom(stage, vars, 2)});
    loops.threads(stage, {tx, ty});
  } else if (vars.size() == 2) {
    // (features, batch): the batch is often 1, so threads go along features.
    stage.split(vars[0], bx, tx, 128, guard);
    loops.blocks(stage, {bx, vars[1]});
    loops.threads(stage, {tx});
  } else if (vars.size() == 1) {
    stage.split(vars[0], bx, tx, 256, guard);
    loops.blocks(stage, {bx});
    loops.threads(stage, {tx});
  } else {
    loops.singleThread(stage);
  }
}

// Computes `f` whole, every stage mapped to blocks and threads.
void computeWhole(Halide::Func f, const GpuLoops &loops) {
  f.compute_root();
  mapStage(f, stageVars(f, 0), loops);
  for (int i = 0; i < f.num_update_definitions(); ++i)
    mapStage(f.update(i), stageVars(f, i + 1), loops);
}

// The tiles of a convolution layer's stored output (the pool's, if pooled)
// and the convolution's tile under each of them.
struct ConvTiles {
  int x, y;          // output pixels per block
  int convX, convY;  // convolution pixels per block (the pool's window)
  int channels;      // output channels per block
  int perThread;     // of those, per thread (registers)
  int reduction;     // input channels per shared-memory chunk
};

int largestDividing(int n, std::initializer_list<int> candidates) {
  for (int candidate : candidates)
    if (n % candidate == 0)
      return candidate;
  return 1;
}

ConvTiles convTiles(const LoweredLayer &layer) {
  const lowering::ConvParts &conv = *layer.conv;
  // nn order: [N, C, H, W]; weights [O, I/groups, KH, KW].
  int width = static_cast<int>(layer.shape[3]);
  int height = static_cast<int>(layer.shape[2]);
  int outChannels = static_cast<int>(layer.shape[1]);
  int inPerGroup = static_cast<int>(conv.weightShape[1]);
  int pixels = conv.pooled ? 4 : 8;
  ConvTiles tiles;
  // No wider than the layer: the tiles shift inwards at the edges, so they
  // keep a constant size (registers need one) and never leave the output.
  tiles.x = std::min(pixels, width);
  tiles.y = std::min(pixels, height);
  tiles.convX = (tiles.x - 1) * conv.poolStride[0] +
                (conv.poolKernel[0] - 1) * conv.poolDilation[0] + 1;
  tiles.convY = (tiles.y - 1) * conv.poolStride[1] +
                (conv.poolKernel[1] - 1) * conv.poolDilation[1] + 1;
  tiles.channels = std::min(32, outChannels);
  tiles.perThread = largestDividing(tiles.channels, {4, 2});
  tiles.reduction =
      inPerGroup <= 16 ? inPerGroup : largestDividing(inPerGroup, {16, 8, 4});
  return tiles;
}

// Maps a (x, y, c) stage to threads, `perThread` channels each (unrolled),
// with `perChannel` (a reduction's loops, innermost first) nested in each
// thread's channels and `outside` around the threads.
void threadsOverTile(Halide::Stage stage, Var x, Var y, Var c, int perThread,
                     const GpuLoops &loops,
                     const std::vector<Halide::VarOrRVar> &perChannel = {},
                     const std::vector<Halide::VarOrRVar> &outside = {}) {
  Var group("cg"), inner("cr");
  std::vector<Halide::VarOrRVar> order = {inner};
  order.insert(order.end(), perChannel.begin(), perChannel.end());
  order.insert(order.end(), {x, y, group});
  order.insert(order.end(), outside.begin(), outside.end());
  stage.split(c, group, inner, perThread, TailStrategy::GuardWithIf)
      .reorder(order)
      .unroll(inner);
  loops.threads(stage, {x, y, group});
}

// Threads a layer should run at least, about a full wave on the largest
// GPUs (132 multiprocessors of 1024 threads on an H100 or H200): below it,
// convolutions and dense layers split their reductions over blocks.
constexpr int64_t kThreadsWanted = 131072;

// Into how many ranges of input channels a convolution's reduction is
// split, each range's partial sums computed by blocks of their own: a power
// of two, each range whole chunks of `tiles.reduction`, until the layer's
// threads (one per pixel and `perThread` channels) make a wave. At batch 1
// ResNet-18's 7x7x512 layers ran 6272 threads, each over 512 x 9 inputs,
// and took 665 us each on an H200. Pooled layers keep one range: their
// pool reads the finished sums in shared memory.
int reductionSplits(const LoweredLayer &layer, const ConvTiles &tiles) {
  const lowering::ConvParts &conv = *layer.conv;
  if (conv.pooled)
    return 1;
  int64_t inPerGroup = conv.weightShape[1];
  int64_t chunks = inPerGroup / tiles.reduction;
  int64_t threads = layer.shape[0] * layer.shape[2] * layer.shape[3] *
                    ((layer.shape[1] + tiles.perThread - 1) / tiles.perThread);
  int splits = 1;
  while (chunks % (2 * splits) == 0 && threads * splits < kThreadsWanted)
    splits *= 2;
  return splits;
}

// Computes `stored` (x, y, c, n and any outer dimensions) as one kernel:
// blocks over pixel tiles (x and y fused), the outer dimensions and channel
// tiles, each thread `perThread` channels of one pixel. Returns the block
// loop. The channel tile must stay a block dimension of its own: fused with
// the batch, Halide could not narrow each thread's registers to its own
// channels and kept the whole tile per thread in local memory
// (test/e2e/cuda/batch.test).
Halide::LoopLevel tileInBlocks(Halide::Func stored, const ConvTiles &tiles,
                               const GpuLoops &loops) {
  TailStrategy shift = TailStrategy::ShiftInwards;
  std::vector<Var> v = stored.args();
  Var x = v[0], y = v[1], c = v[2];
  Var xo("xo"), yo("yo"), xi("xi"), yi("yi"), co("co"), ci("ci"),
      group("cg"), inner("cr"), tile("t");
  stored.compute_root()
      .tile(x, y, xo, yo, xi, yi, tiles.x, tiles.y, shift)
      .split(c, co, ci, tiles.channels, shift)
      .split(ci, group, inner, tiles.perThread, shift);
  std::vector<Halide::VarOrRVar> order = {inner, xi, yi, group, xo, yo};
  for (size_t d = 3; d < v.size(); ++d)
    order.push_back(v[d]);
  order.push_back(co);
  stored.reorder(order).fuse(xo, yo, tile).unroll(inner);
  loops.blocks(stored, {tile, fuseFrom(stored, v, 3), co});
  loops.threads(stored, {xi, yi, group});
  return Halide::LoopLevel(stored, tile);
}

// Accumulates `sum`'s update over (rx, ry, rz) = (input channels, kernel
// x, kernel y) in chunks of input channels at block level: the block's
// threads first copy the chunk's input window into shared memory,
// synchronize, then accumulate from it.
void accumulateInChunks(Halide::Func sum, Halide::RVar rx, Halide::RVar ry,
                        Halide::RVar rz, Halide::Func input,
                        const ConvTiles &tiles, const GpuLoops &loops) {
  TailStrategy guard = TailStrategy::GuardWithIf;
  std::vector<Var> v = sum.args();
  Halide::RVar rco("rco"), rci("rci");
  sum.update().split(rx, rco, rci, tiles.reduction, guard);
  threadsOverTile(sum.update(), v[0], v[1], v[2], tiles.perThread, loops,
                  {ry, rz, rci}, {rco});

  Halide::Func staged = input.in(sum);
  std::vector<Var> s = staged.args();
  Var sxo("sxo"), sxi("sxi"), syo("syo"), syi("syi"), sco("sco"), sci("sci");
  staged.compute_at(sum, rco)
      .split(s[0], sxo, sxi, tiles.convX, guard)
      .split(s[1], syo, syi, tiles.convY, guard)
      .split(s[2], sco, sci, tiles.channels / tiles.perThread, guard)
      .reorder(sxi, syi, sci, sxo, syo, sco, s[3]);
  loops.threads(staged, {sxi, syi, sci});
}

void scheduleConvGpu(const LoweredLayer &layer, const GpuLoops &loops) {
  const lowering::ConvParts &conv = *layer.conv;
  ConvTiles tiles = convTiles(layer);
  Halide::LoopLevel block = tileInBlocks(layer.func, tiles, loops);

  // The block's convolution tile, accumulated in registers, which need a
  // fixed size. Under a pool the tile's region comes from clamped window
  // positions, so its extent is fixed at the window's; that may reach past
  // the layer's edge, which is safe only on a zero-padded input (a select,
  // defined everywhere). A valid convolution under a pool keeps its tile in
  // shared memory instead.
  Halide::Func sum = conv.sum;
  std::vector<Var> v = sum.args();
  Var x = v[0], y = v[1], c = v[2];
  sum.compute_at(block);
  bool registers = !conv.pooled || conv.padded.has_value();
  if (registers) {
    loops.inRegisters(sum);
    if (conv.pooled)
      sum.bound_extent(x, tiles.convX).bound_extent(y, tiles.convY);
  }
  threadsOverTile(sum, x, y, c, tiles.perThread, loops);
  Halide::RDom r = conv.reduction; // (input channel, kx, ky)
  int splits = reductionSplits(layer, tiles);
  if (splits == 1) {
    accumulateInChunks(sum, r.x, r.y, r.z, conv.input, tiles, loops);
  } else {
    // Each range's partial sums (an extra, outer dimension) in a kernel of
    // their own, tiled like the layer; the layer's blocks then add the
    // ranges' sums to the bias.
    Halide::RVar range("range"), rangeChannels("rangeChannels");
    Var rangeVar("rangeVar");
    Halide::Func partial =
        sum.update()
            .split(r.x, range, rangeChannels,
                   static_cast<int>(conv.weightShape[1]) / splits)
            .rfactor(range, rangeVar);
    threadsOverTile(sum.update(), x, y, c, tiles.perThread, loops, {range});

    Halide::Func partialStored = partial.in(sum);
    Halide::LoopLevel partialBlock = tileInBlocks(partialStored, tiles, loops);
    std::vector<Var> pv = partial.args();
    partial.compute_at(partialBlock);
    loops.inRegisters(partial);
    threadsOverTile(partial, pv[0], pv[1], pv[2], tiles.perThread, loops);
    accumulateInChunks(partial, rangeChannels, r.y, r.z, conv.input, tiles,
                       loops);
  }

  // A pooled layer's activated tile, in shared memory for the pool's
  // threads to read; each thread writes the part it accumulated.
  if (conv.pooled) {
    Halide::Func activated = conv.activated;
    activated.compute_at(block);
    threadsOverTile(activated, x, y, c, tiles.perThread, loops);
  }
}

// The inputs per chunk of a dense layer's reduction that separate blocks
// sum (0: not split): 256 for rows of 1024 or more in multiples of 256;
// shorter rows split in halves, down to 32 inputs, while the outputs alone
// make fewer threads than a wave (kThreadsWanted). ResNet-18's 512->1000
// layer, a thread per output, took 66 us at batch 1 on an H200.
int denseChunk(int depth, int64_t outputs) {
  constexpr int kLongChunk = 256, kShortestChunk = 32;
  if (depth >= 4 * kLongChunk && depth % kLongChunk == 0)
    return kLongChunk;
  int chunks = 1;
  while (depth % (2 * chunks) == 0 && depth / (2 * chunks) >= kShortestChunk &&
         outputs * chunks < kThreadsWanted)
    chunks *= 2;
  return chunks > 1 ? depth / chunks : 0;
}

// A dense layer's sum (i, n) += w(k, i) * in(k, n): the reduction is split
// into chunks (denseChunk) computed by separate blocks (rfactor), then
// added.
void scheduleDenseGpu(const LoweredLayer &layer, const GpuLoops &loops) {
  Halide::Func sum = layer.dense->sum;
  Halide::RDom k = layer.dense->reduction;
  const auto *extent = k.x.extent().as<Halide::Internal::IntImm>();
  int depth = extent ? static_cast<int>(extent->value) : 0;
  int chunkLength = denseChunk(depth, layer.shape[0] * layer.shape[1]);
  if (chunkLength == 0) {
    computeWhole(sum, loops); // a thread per output suffices
    return;
  }
  Var i = sum.args()[0], n = sum.args()[1], chunk("kchunk");
  Halide::RVar ko("ko"), ki("ki");
  Halide::Func partial =
      sum.update().split(k.x, ko, ki, chunkLength).rfactor(ko, chunk);
  Var io("io"), ii("ii");
  partial.compute_root()
      .split(i, io, ii, 128, TailStrategy::GuardWithIf)
      .reorder(ii, chunk, io, n);
  loops.blocks(partial, {chunk, io, n});
  loops.threads(partial, {ii});
  partial.update()
      .split(i, io, ii, 128, TailStrategy::GuardWithIf)
      .reorder(ki, ii, chunk, io, n);
  loops.blocks(partial.update(), {chunk, io, n});
  loops.threads(partial.update(), {ii});
  computeWhole(sum, loops);
}

class GpuPolicy final : public SchedulePolicy {
public:
  explicit GpuPolicy(GpuLoopPlacement placement) : loops(placement) {}

  void conv(LoweredLayer &layer) override { scheduleConvGpu(layer, loops); }
  void dense(LoweredLayer &layer) override { scheduleDenseGpu(layer, loops); }
  void denseActivationOutput(LoweredLayer &layer) override {
    computeWhole(layer.func, loops);
  }
  void concat(LoweredLayer &layer) override { computeWhole(layer.func, loops); }
  void other(LoweredLayer &layer) override { computeWhole(layer.func, loops); }
  void computeOnce(Halide::Func helper) override {
    computeWhole(helper, loops);
  }

private:
  GpuLoops loops;
};

} // namespace

void scheduleGpu(lowering::LoweredNetwork &network,
                 GpuLoopPlacement placement) {
  GpuPolicy policy(placement);
  walkLayers(network, policy);
}

} // namespace kiln::schedules
