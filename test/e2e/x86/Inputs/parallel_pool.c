/* parallel_pool.c — the runtime's pool for parallel loops (parallel.c),
 * seen through the API: every thread count computes the same bits as one
 * thread, run after run, and so do runs from several threads at once (whose
 * loops contend for the pool and fall back to Halide's own).
 *
 * usage: parallel_pool WEIGHTS
 * Prints one line per check for FileCheck.
 */
#include "lenet5.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { kRuns = 50, kCallers = 4 };

static kiln_model *model;
static float input[LENET5_INPUT_COUNT];
static float reference[LENET5_OUTPUT_COUNT];

/* Runs the model kRuns times; returns how many outputs differed from the
 * one-thread reference (or -1 when a run failed). */
static int runs_differing(void) {
  int differing = 0;
  for (int run = 0; run < kRuns; ++run) {
    float output[LENET5_OUTPUT_COUNT];
    memset(output, 0xff, sizeof output); /* NaNs: a skipped store shows */
    if (lenet5_run(model, input, LENET5_INPUT_COUNT, output,
                   LENET5_OUTPUT_COUNT) != KILN_OK)
      return -1;
    differing += memcmp(output, reference, sizeof output) != 0;
  }
  return differing;
}

static void *caller(void *result) {
  *(int *)result = runs_differing();
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  if (lenet5_load(argv[1], &model) != KILN_OK) {
    printf("load failed: %s\n", kiln_last_error());
    return 1;
  }
  unsigned state = 12345;
  for (int i = 0; i < LENET5_INPUT_COUNT; ++i) {
    state = state * 1103515245u + 12345u;
    input[i] = (float)((state >> 8) & 0xffff) / 65536.0f;
  }
  kiln_set_num_threads(1);
  if (lenet5_run(model, input, LENET5_INPUT_COUNT, reference,
                 LENET5_OUTPUT_COUNT) != KILN_OK) {
    printf("run failed: %s\n", kiln_last_error());
    return 1;
  }
  for (int threads = 1; threads <= 4; ++threads) {
    kiln_set_num_threads(threads);
    printf("threads %d: %d of %d runs differ\n", threads, runs_differing(),
           kRuns);
  }

  kiln_set_num_threads(2);
  pthread_t callers[kCallers];
  int results[kCallers];
  for (int i = 0; i < kCallers; ++i)
    pthread_create(&callers[i], NULL, caller, &results[i]);
  int differing = 0;
  for (int i = 0; i < kCallers; ++i) {
    pthread_join(callers[i], NULL);
    differing += results[i] < 0 ? kRuns : results[i];
  }
  printf("%d callers at once: %d of %d runs differ\n", kCallers, differing,
         kCallers * kRuns);
  kiln_model_free(model);
  return 0;
}
