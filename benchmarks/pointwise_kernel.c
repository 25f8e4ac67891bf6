/* pointwise_kernel.c — what a 1x1 convolution's register tile can reach on
 * this core, apart from Halide: the tile Kiln's schedules use on AVX-512
 * (4 vectors of 16 output channels x 7 pixels, input channels in blocks of
 * 128 whose weights stay in L1 while every pixel tile reads them), written
 * with intrinsics, over ResNet-50's layer3 shape (14x14 pixels, 1024 -> 256
 * channels).
 *
 * It times three questions, each the best of 30 rounds of 20 runs:
 *   - the input layout: channels innermost (Kiln's) against 16-channel
 *     planes (onnxruntime's NCHWc), with the weights warm in L2;
 *   - weights that come from L3 or memory, as in a network whose weights
 *     exceed L2: each run reads the next of `sets` weight copies;
 *   - a software prefetch of the next block's weights during the block's
 *     first pixel tile (the only pass that misses), into L1 or L2.
 *
 *   cc -O3 -march=native benchmarks/pointwise_kernel.c -o pointwise_kernel
 *   ./pointwise_kernel [sets]        (default 64: 64 MiB of weights)
 *
 * Needs AVX-512F. It asserts nothing; docs/benchmarks.md has its numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Pixels = 196, InChannels = 1024, OutChannels = 256, Block = 128 };
enum { TilePixels = 7, TileVectors = 4, TileChannels = 64 };
enum Layout { ChannelsInnermost, Planes16 };
enum Prefetch { NoPrefetch, IntoL1, IntoL2 };

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static float input_at(const float *in, enum Layout layout, int pixel, int k) {
  return layout == ChannelsInnermost
             ? in[(size_t)pixel * InChannels + (size_t)k]
             : in[(size_t)(k / 16) * Pixels * 16 + (size_t)pixel * 16 +
                  (size_t)(k % 16)];
}

/* The next block's weights for step k: four lines, 256 bytes ahead by one
 * block (the layout is [channel tile][input channel][64], so the block after
 * a tile's last is the next tile's first). */
static void prefetch_next(const float *weights, enum Prefetch prefetch) {
  const char *next = (const char *)(weights + Block * TileChannels);
  for (int line = 0; line < 4; ++line) {
    if (prefetch == IntoL1)
      _mm_prefetch(next + 64 * line, _MM_HINT_T0);
    else
      _mm_prefetch(next + 64 * line, _MM_HINT_T1);
  }
}

/* out[pixel][channel] = sum over k of in[pixel][k] * weights. Always
 * inlined into the variants below, so that each is compiled with its layout
 * and prefetch constant, as a generated kernel would be. */
static inline __attribute__((always_inline)) void
convolve(const float *in, enum Layout layout, const float *w, float *out,
         enum Prefetch prefetch) {
  for (int tile = 0; tile < OutChannels / TileChannels; ++tile)
    for (int block = 0; block < InChannels / Block; ++block)
      for (int p0 = 0; p0 < Pixels; p0 += TilePixels) {
        __m512 acc[TilePixels][TileVectors];
        for (int i = 0; i < TilePixels; ++i)
          for (int j = 0; j < TileVectors; ++j)
            acc[i][j] = block ? _mm512_load_ps(out + (p0 + i) * OutChannels +
                                               tile * TileChannels + j * 16)
                              : _mm512_setzero_ps();
        const float *wp = w + (size_t)tile * InChannels * TileChannels +
                          (size_t)block * Block * TileChannels;
        for (int k = block * Block; k < (block + 1) * Block;
             ++k, wp += TileChannels) {
          if (prefetch != NoPrefetch && p0 == 0)
            prefetch_next(wp, prefetch);
          __m512 wv[TileVectors];
          for (int j = 0; j < TileVectors; ++j)
            wv[j] = _mm512_load_ps(wp + 16 * j);
          for (int i = 0; i < TilePixels; ++i) {
            __m512 b = _mm512_set1_ps(input_at(in, layout, p0 + i, k));
            for (int j = 0; j < TileVectors; ++j)
              acc[i][j] = _mm512_fmadd_ps(wv[j], b, acc[i][j]);
          }
        }
        for (int i = 0; i < TilePixels; ++i)
          for (int j = 0; j < TileVectors; ++j)
            _mm512_store_ps(out + (p0 + i) * OutChannels + tile * TileChannels +
                                j * 16,
                            acc[i][j]);
      }
}

typedef void Kernel(const float *, const float *, float *);
#define KERNEL(name, layout, prefetch)                                         \
  static void name(const float *in, const float *w, float *out) {              \
    convolve(in, layout, w, out, prefetch);                                    \
  }
KERNEL(innermost, ChannelsInnermost, NoPrefetch)
KERNEL(planes, Planes16, NoPrefetch)
KERNEL(innermost_l1, ChannelsInnermost, IntoL1)
KERNEL(innermost_l2, ChannelsInnermost, IntoL2)

/* GFLOP/s of the best of 30 rounds of 20 runs, each run reading the next
 * of `sets` weight copies. */
static double rate(Kernel *kernel, const float *in, const float *w, int sets,
                   float *out) {
  const size_t per_set = (size_t)InChannels * OutChannels;
  double best = 1e9;
  for (int round = 0; round < 30; ++round) {
    double start = seconds();
    for (int run = 0; run < 20; ++run)
      kernel(in, w + (size_t)(run % sets) * per_set, out);
    double t = (seconds() - start) / 20;
    best = t < best ? t : best;
  }
  return 2.0 * Pixels * InChannels * OutChannels / best * 1e-9;
}

int main(int argc, char **argv) {
  int sets = argc > 1 ? atoi(argv[1]) : 64;
  if (sets < 1)
    return fprintf(stderr, "usage: %s [weight sets >= 1]\n", argv[0]), 1;
  const size_t per_set = (size_t)InChannels * OutChannels;
  float *in = aligned_alloc(64, sizeof(float) * Pixels * InChannels);
  float *w = aligned_alloc(64, sizeof(float) * per_set * (size_t)sets);
  float *out = aligned_alloc(64, sizeof(float) * Pixels * OutChannels);
  if (!in || !w || !out)
    return fprintf(stderr, "out of memory\n"), 1;
  for (size_t i = 0; i < (size_t)Pixels * InChannels; ++i)
    in[i] = (float)(i % 13) * 0.1f;
  for (size_t i = 0; i < per_set * (size_t)sets; ++i)
    w[i] = (float)(i % 7) * 0.01f;

  printf("weights warm in L2 (1 set):   channels innermost %.1f GFLOP/s, "
         "16-channel planes %.1f\n",
         rate(innermost, in, w, 1, out), rate(planes, in, w, 1, out));
  printf("weights from L3 (%d sets):     no prefetch %.1f GFLOP/s, next "
         "block into L1 %.1f, into L2 %.1f\n",
         sets, rate(innermost, in, w, sets, out),
         rate(innermost_l1, in, w, sets, out),
         rate(innermost_l2, in, w, sets, out));
  free(in);
  free(w);
  free(out);
  return 0;
}
