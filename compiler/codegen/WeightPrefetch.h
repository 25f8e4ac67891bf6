//===- WeightPrefetch.h - prefetching the weights ahead ---------*- C++ -*-===//
//
// At batch 1 a network's weights do not stay in cache from one inference
// to the next, so a GEMM that reads each weight a few dozen times (a
// Winograd layer's products) waits on memory: the hardware prefetchers
// start over at every 4 KiB page, and a task asks for its weights in one
// burst. Here the loops that stream weights prefetch the next chunk (for
// Winograd's GEMMs, the next task's stretch of U) into L2, a line per
// reduction step spread over the current chunk, as oneDNN's kernels
// prefetch theirs. On one core of a 2-core AVX-512 Xeon, a GEMM of
// Winograd's shape whose 92 MB of weights stream from memory
// (benchmarks/weight_prefetch.c) ran at 150-158 GFLOP/s instead of 97-98;
// with prefetchnta, which Halide 14's own prefetch emits, at 84-90.
//
// Winograd's GEMMs stream, direct convolutions whose tasks each read
// one block of output channels' weights over a small image (ResNet-50's
// layer4 1x1 layers; TiledConv.cpp, streamWeightsByTask), and those with
// larger kernels, one tap's block of input channels after another
// (accumulateRowsByTap). The same
// prefetch of the next block of input channels in ResNet-50's 1x1 GEMMs,
// whose blocks are read by 14-33 pixel tiles, took ResNet-50 from 54 to
// 67 ms on a Xeon and those layers 1.06-1.13x the time on a Zen 5 with a
// line per reduction step; with the step loop the register tiles' (a share
// of the lines at the top of each tile, the tile's own loops started at
// their first iteration to find where the block starts), 0.91-0.96x; in
// the 2048 -> 512 layers of one band, whose blocks all come from memory,
// a line or two per reduction step, 0.81x.
//
// A custom Halide lowering pass inserts the prefetches (schedules describe
// what their loops stream as lowering::WeightStream); the prefetch itself
// is kiln_prefetch_l2, LLVM bitcode appended to the module and inlined, so
// that no call clobbers the register tile's accumulators.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_WEIGHTPREFETCH_H
#define KILN_COMPILER_CODEGEN_WEIGHTPREFETCH_H

#include "compiler/lowering/LoweredNetwork.h"

#include <Halide.h>

#include <vector>

namespace kiln::codegen {

/// Adds to `pipeline` the lowering pass that prefetches `streams` (those
/// whose loops it does not contain are ignored).
void prefetchWeightStreams(Halide::Pipeline &pipeline,
                           std::vector<lowering::WeightStream> streams);

/// Appends kiln_prefetch_l2, which the pass calls, to `module` for
/// `target`'s CPU.
void addPrefetchFunction(Halide::Module &module, const Halide::Target &target);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_WEIGHTPREFETCH_H
