/* augment_runner.c — times a compiled augmentation (benchmarks/augment.py).
 *
 * Build with -D_POSIX_C_SOURCE=200809L (clock_gettime; the -include brings
 * in system headers first) -include <name>.h -DAUGMENT_INFO=<name>_info,
 * link with <name>.a and libkiln_runtime.a.
 *
 *   augment_runner BATCH RUNS THREADS
 *       augments a batch of BATCH seeded uint8 images RUNS times, each with
 *       another seed (parameters drawn and applied: what a training loop
 *       calls), after one warm-up, on THREADS threads; prints the median
 *       milliseconds per batch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  const kiln_augment_info *info = AUGMENT_INFO();
  size_t batch = strtoul(argv[1], NULL, 10);
  long runs = strtol(argv[2], NULL, 10);
  if (kiln_set_num_threads(atoi(argv[3])) != KILN_OK || runs < 1)
    return 2;
  size_t values =
      batch * (size_t)(info->input_height * info->input_width * info->channels);
  size_t out_values =
      batch * (size_t)(info->height * info->width * info->channels);
  unsigned char *images = malloc(values);
  float *out = malloc(out_values * sizeof *out);
  double *times = malloc(runs * sizeof *times);
  if (!images || !out || !times)
    return 1;
  for (size_t i = 0; i < values; ++i)
    images[i] = (unsigned char)(i * 2654435761u >> 24);
  for (long r = -1; r < runs; ++r) {
    double start = now_ms();
    kiln_status status = kiln_augment_random(
        info, images, values, (uint64_t)(r + 2), out, out_values);
    if (status != KILN_OK) {
      fprintf(stderr, "%s\n", kiln_last_error());
      return 1;
    }
    if (r >= 0)
      times[r] = now_ms() - start;
  }
  qsort(times, runs, sizeof *times, compare);
  printf("%.3f\n", runs % 2 ? times[runs / 2]
                            : (times[runs / 2 - 1] + times[runs / 2]) / 2);
  return 0;
}
