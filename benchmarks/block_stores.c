/* block_stores.c — what a residual block's epilogue costs when its image
 * stores channels innermost and each task owns one 64-channel block of
 * every pixel: the sum of a 1x1 layer (a task's 64 channels, in L1) is
 * added to the shortcut and stored over it, relu applied, as Kiln's
 * ResNet-50 14x14 (1024 channels) and 7x7 (2048) layers do. Apart from
 * Halide, for each channel count the pixels are either exactly the
 * channels apart (a multiple of 4 KiB for 1024 and 2048) or one cache
 * line more (LowerToHalide.cpp, crossingPixelStride). The epilogue loads
 * the block's sums, loads the shortcut, adds, applies relu and stores over
 * the shortcut; how long it takes depends on where the sums lie relative
 * to the image modulo 4 KiB (loads that match an earlier store's page
 * offset wait for it), which Kiln's arena does not control, so each stride
 * is timed with the sums at each of the 16 offsets 256 bytes apart:
 *
 *   cc -O2 -march=native benchmarks/block_stores.c -o block_stores
 *   ./block_stores
 *
 * Needs AVX-512F. Prints, in microseconds per epilogue of the whole layer
 * (the median of 15 passes of 20 epilogues each), the fastest, median and
 * slowest offset; it asserts nothing; docs/schedules.md has its numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Lanes = 16, BlockChannels = 64, Passes = 15, Repeats = 20, Offsets = 16 };

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

struct layer {
  int pixels, channels, stride; /* stride: floats from one pixel to the next */
  float *image, *sums;          /* sums: one task's block, pixel by pixel */
};

static __m512 *at(const struct layer *l, int pixel, int block, int vector) {
  return (__m512 *)(l->image + (size_t)pixel * l->stride +
                    block * BlockChannels + vector * Lanes);
}

static void readAndStore(const struct layer *l) {
  for (int block = 0; block < l->channels / BlockChannels; ++block)
    for (int p = 0; p < l->pixels; ++p)
      for (int v = 0; v < BlockChannels / Lanes; ++v) {
        __m512 sum = _mm512_load_ps(l->sums + p * BlockChannels + v * Lanes);
        __m512 *out = at(l, p, block, v);
        *out = _mm512_max_ps(_mm512_add_ps(sum, *out), _mm512_setzero_ps());
      }
}

static double medianMicroseconds(void (*epilogue)(const struct layer *),
                                 const struct layer *l) {
  double times[Passes];
  for (int pass = 0; pass < Passes; ++pass) {
    double start = seconds();
    for (int r = 0; r < Repeats; ++r)
      epilogue(l);
    times[pass] = (seconds() - start) / Repeats;
  }
  qsort(times, Passes, sizeof times[0], compareDoubles);
  return times[Passes / 2] * 1e6;
}

int main(void) {
  const struct {
    int side, channels;
  } shapes[] = {{14, 1024}, {7, 2048}, {28, 512}};
  printf("%-16s %-7s %8s %8s %8s\n", "layer", "stride", "fastest", "median",
         "slowest");
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
    for (int padded = 0; padded <= 1; ++padded) {
      struct layer l;
      l.pixels = shapes[s].side * shapes[s].side;
      l.channels = shapes[s].channels;
      l.stride = l.channels + (padded ? Lanes : 0);
      size_t sumsFloats = (size_t)l.pixels * BlockChannels;
      l.image = aligned_alloc(4096, (size_t)l.pixels * l.stride * 4);
      float *sums = aligned_alloc(4096, sumsFloats * 4 + 4096);
      if (!l.image || !sums)
        return 1;
      for (size_t i = 0; i < (size_t)l.pixels * l.stride; ++i)
        l.image[i] = (float)(i % 7) - 3.0f;
      double times[Offsets];
      for (int offset = 0; offset < Offsets; ++offset) {
        l.sums = sums + offset * BlockChannels; /* 256 bytes a step */
        for (size_t i = 0; i < sumsFloats; ++i)
          l.sums[i] = (float)(i % 5) - 2.0f;
        times[offset] = medianMicroseconds(readAndStore, &l);
      }
      qsort(times, Offsets, sizeof times[0], compareDoubles);
      char name[32];
      snprintf(name, sizeof name, "%dx%d, %d ch", shapes[s].side,
               shapes[s].side, l.channels);
      printf("%-16s %-7d %8.1f %8.1f %8.1f\n", name, l.stride, times[0],
             times[Offsets / 2], times[Offsets - 1]);
      free(l.image);
      free(sums);
    }
  }
  return 0;
}
