/* weight_prefetch.c — how a Winograd GEMM whose weights stream from memory
 * should prefetch them, apart from Halide. Each task is one of the GEMMs of
 * a 28x28, 128-channel F(4x4) layer: 64 output channels (4 AVX-512
 * vectors) x 49 tiles (7 register tiles of 7) x 128 input channels, its
 * 32 KiB of weights read by all 7 tiles from L1. Tasks walk 92 MB of
 * weights, more than this machine's share of L3, as a network's do at
 * batch 1 (ResNet-18: 56 MB, ResNet-50: 112 MB).
 *
 * Prefetch modes, each the best of 5 passes:
 *   none       the hardware prefetchers alone
 *   burst-l2   the next task's weights, all at the task's start (prefetcht1)
 *   first-l1   the next task's row of each step during the first register
 *              tile only (prefetcht0)
 *   spread-l2  the next task's weights, one line per reduction step spread
 *              over the whole task (prefetcht1): WeightPrefetch.h
 *   spread-nta the same with prefetchnta, what Halide 14's prefetch emits
 *
 *   cc -O3 -march=native benchmarks/weight_prefetch.c -o weight_prefetch
 *   ./weight_prefetch
 *
 * Needs AVX-512F. It asserts nothing; docs/benchmarks.md has its numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Inputs = 128, Tiles = 49, TilePixels = 7, Vectors = 4, Lanes = 16 };
enum { Channels = Vectors * Lanes, TaskFloats = Inputs * Channels };
enum { Tasks = 72 * 40, Steps = (Tiles / TilePixels) * Inputs };
enum Mode { None, BurstL2, FirstL1, SpreadL2, SpreadNta, Modes };
static const char *const kNames[Modes] = {"none", "burst-l2", "first-l1",
                                          "spread-l2", "spread-nta"};

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One task: the 7 register tiles of 7 tiles x 64 channels, each summed
 * over all input channels, with `mode`'s prefetches of `next`. */
static void run_task(const float *weights, const float *next, const float *v,
                     float *out, enum Mode mode) {
  if (mode == BurstL2)
    for (int line = 0; line < TaskFloats; line += 16)
      _mm_prefetch((const char *)(next + line), _MM_HINT_T1);
  for (int group = 0; group < Tiles / TilePixels; ++group) {
    __m512 sums[TilePixels * Vectors];
    for (int a = 0; a < TilePixels * Vectors; ++a)
      sums[a] = _mm512_setzero_ps();
    for (int k = 0; k < Inputs; ++k) {
      const float *w = weights + k * Channels;
      int step = group * Inputs + k;
      const char *spread =
          (const char *)(next + (long)step * (TaskFloats / 16) / Steps * 16);
      if (mode == SpreadL2)
        _mm_prefetch(spread, _MM_HINT_T1);
      else if (mode == SpreadNta)
        _mm_prefetch(spread, _MM_HINT_NTA);
      else if (mode == FirstL1 && group == 0)
        for (int q = 0; q < Vectors; ++q)
          _mm_prefetch((const char *)(next + k * Channels + q * Lanes),
                       _MM_HINT_T0);
      __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16);
      __m512 w2 = _mm512_load_ps(w + 32), w3 = _mm512_load_ps(w + 48);
      for (int p = 0; p < TilePixels; ++p) {
        __m512 b = _mm512_set1_ps(v[(group * TilePixels + p) * Inputs + k]);
        sums[p * 4] = _mm512_fmadd_ps(w0, b, sums[p * 4]);
        sums[p * 4 + 1] = _mm512_fmadd_ps(w1, b, sums[p * 4 + 1]);
        sums[p * 4 + 2] = _mm512_fmadd_ps(w2, b, sums[p * 4 + 2]);
        sums[p * 4 + 3] = _mm512_fmadd_ps(w3, b, sums[p * 4 + 3]);
      }
    }
    for (int p = 0; p < TilePixels; ++p)
      for (int q = 0; q < Vectors; ++q)
        _mm512_store_ps(out + ((group * TilePixels + p) * Channels + q * Lanes),
                        sums[p * 4 + q]);
  }
}

int main(void) {
  float *weights = aligned_alloc(64, (size_t)(Tasks + 1) * TaskFloats * 4);
  float *v = aligned_alloc(64, Tiles * Inputs * 4);
  float *out = aligned_alloc(64, Tiles * Channels * 4);
  if (!weights || !v || !out)
    return 1;
  for (size_t i = 0; i < (size_t)(Tasks + 1) * TaskFloats; ++i)
    weights[i] = 1e-3f * (float)(i % 7);
  for (int i = 0; i < Tiles * Inputs; ++i)
    v[i] = 1e-3f * (float)(i % 5);
  double flops = 2.0 * Tasks * Channels * Tiles * Inputs;
  double bytes = (double)Tasks * TaskFloats * 4;
  for (int mode = 0; mode < Modes; ++mode) {
    double best = 1e30;
    for (int pass = 0; pass < 5; ++pass) {
      double start = seconds();
      for (int task = 0; task < Tasks; ++task)
        run_task(weights + (size_t)task * TaskFloats,
                 weights + (size_t)(task + 1) * TaskFloats, v, out, mode);
      double elapsed = seconds() - start;
      best = elapsed < best ? elapsed : best;
    }
    printf("%-11s %7.2f ms  %6.1f GFLOP/s  weights %5.1f GB/s\n", kNames[mode],
           best * 1e3, flops / best * 1e-9, bytes / best * 1e-9);
  }
  return out[5] > 1e30f;
}
