/* pointwise_input.c — what a 1x1 convolution's register tile loses when its
 * input pixels come from L3 rather than L2, apart from Halide: Kiln's AVX-512
 * tile (4 vectors of 16 output channels x 7 pixels, blocks of 128 input
 * channels, a task per row of 56 pixels) over ResNet-50's layer1 reduce
 * shape (56x56 pixels, 256 -> 64 channels; 3.2 MB of input, more than a
 * 2 MiB L2), written with intrinsics.
 *
 * Four variants, each the best of 10 rounds of 8 runs, each run reading the
 * next of `sets` input copies (1: the input stays in L3 and part of L2;
 * 8: 25 MB, from L3):
 *   - Kiln's order: channels innermost, a block of input channels around
 *     the row's pixel tiles;
 *   - the same with a software prefetch (into L2) of the next tile's
 *     pixels, one line every other step;
 *   - the input in 16-channel planes (onnxruntime's NCHWc), which the
 *     tile reads as one run per plane;
 *   - channels innermost with all 256 input channels in one block.
 *
 *   cc -O3 -march=native benchmarks/pointwise_input.c -o pointwise_input
 *   ./pointwise_input [sets]        (default 8)
 *
 * Needs AVX-512F. It asserts nothing; docs/benchmarks.md has its numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Pixels = 3136, RowPixels = 56, InChannels = 256, OutChannels = 64 };
enum { Block = 128, TilePixels = 7, TileVectors = 4 };
enum Variant { KilnOrder, PrefetchNextTile, Planes16, OneBlock };

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Always inlined into the variants below, so that each is compiled with
 * its constant, as a generated kernel would be. */
static inline __attribute__((always_inline)) void
convolve(const float *in, const float *w, float *out, enum Variant variant) {
  const int block = variant == OneBlock ? InChannels : Block;
  const int lines = block / 16; /* per pixel and block */
  for (int row = 0; row < Pixels; row += RowPixels)
    for (int b = 0; b < InChannels / block; ++b)
      for (int p0 = row; p0 < row + RowPixels; p0 += TilePixels) {
        __m512 acc[TilePixels][TileVectors];
        for (int i = 0; i < TilePixels; ++i)
          for (int j = 0; j < TileVectors; ++j)
            acc[i][j] = b ? _mm512_load_ps(out + (p0 + i) * OutChannels + j * 16)
                          : _mm512_setzero_ps();
        const float *wp = w + (size_t)b * block * OutChannels;
        for (int k = b * block; k < (b + 1) * block; ++k, wp += OutChannels) {
          int step = k - b * block;
          if (variant == PrefetchNextTile && step % 2 == 0 &&
              step / 2 < TilePixels * lines) {
            int pixel = p0 + TilePixels + step / 2 / lines;
            int line = step / 2 % lines;
            _mm_prefetch((const char *)(in + (size_t)pixel * InChannels +
                                        b * block + line * 16),
                         _MM_HINT_T1);
          }
          __m512 wv[TileVectors];
          for (int j = 0; j < TileVectors; ++j)
            wv[j] = _mm512_load_ps(wp + 16 * j);
          for (int i = 0; i < TilePixels; ++i) {
            float x = variant == Planes16
                          ? in[(size_t)(k / 16) * Pixels * 16 +
                               (size_t)(p0 + i) * 16 + (k % 16)]
                          : in[(size_t)(p0 + i) * InChannels + k];
            __m512 broadcast = _mm512_set1_ps(x);
            for (int j = 0; j < TileVectors; ++j)
              acc[i][j] = _mm512_fmadd_ps(wv[j], broadcast, acc[i][j]);
          }
        }
        for (int i = 0; i < TilePixels; ++i)
          for (int j = 0; j < TileVectors; ++j)
            _mm512_store_ps(out + (p0 + i) * OutChannels + j * 16, acc[i][j]);
      }
}

typedef void Kernel(const float *, const float *, float *);
#define KERNEL(name, variant)                                                  \
  static void name(const float *in, const float *w, float *out) {              \
    convolve(in, w, out, variant);                                             \
  }
KERNEL(kiln_order, KilnOrder)
KERNEL(prefetch_next_tile, PrefetchNextTile)
KERNEL(planes16, Planes16)
KERNEL(one_block, OneBlock)

/* GFLOP/s of the best of 10 rounds of 8 runs, run r reading input copy
 * r % sets. */
static double rate(Kernel *kernel, const float *in, const float *w, int sets,
                   float *out) {
  const size_t per_set = (size_t)Pixels * InChannels;
  double best = 1e9;
  for (int round = 0; round < 10; ++round) {
    double start = seconds();
    for (int run = 0; run < 8; ++run)
      kernel(in + (size_t)(run % sets) * per_set, w, out);
    double t = (seconds() - start) / 8;
    best = t < best ? t : best;
  }
  return 2.0 * Pixels * InChannels * OutChannels / best * 1e-9;
}

int main(int argc, char **argv) {
  int sets = argc > 1 ? atoi(argv[1]) : 8;
  if (sets < 1)
    return fprintf(stderr, "usage: %s [input sets >= 1]\n", argv[0]), 1;
  const size_t per_set = (size_t)Pixels * InChannels;
  float *in = aligned_alloc(64, sizeof(float) * per_set * (size_t)sets);
  float *w = aligned_alloc(64, sizeof(float) * InChannels * OutChannels);
  float *out = aligned_alloc(64, sizeof(float) * Pixels * OutChannels);
  if (!in || !w || !out)
    return fprintf(stderr, "out of memory\n"), 1;
  for (size_t i = 0; i < per_set * (size_t)sets; ++i)
    in[i] = (float)(i % 13) * 0.1f;
  for (size_t i = 0; i < (size_t)InChannels * OutChannels; ++i)
    w[i] = (float)(i % 7) * 0.01f;
  for (int repeat = 0; repeat < 3; ++repeat)
    printf("%d input sets: Kiln's order %.1f GFLOP/s, next tile prefetched "
           "%.1f, 16-channel planes %.1f, one block of 256 channels %.1f\n",
           sets, rate(kiln_order, in, w, sets, out),
           rate(prefetch_next_tile, in, w, sets, out),
           rate(planes16, in, w, sets, out), rate(one_block, in, w, sets, out));
  free(in);
  free(w);
  free(out);
  return 0;
}
