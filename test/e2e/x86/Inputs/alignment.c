/* alignment.c — results do not depend on how the caller's buffers are
 * aligned: the runtime uses KILN_ALIGNMENT-aligned buffers in place and
 * copies others, through aligned memory the model keeps from run to run.
 * So each misaligned run must read its own input (not the last run's
 * copy), and an aligned run after a misaligned one must write its own
 * output.
 */
#include "lenet5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills `in` with values that depend on `seed`. */
static void fill(float *in, int seed) {
  for (int i = 0; i < LENET5_INPUT_COUNT; ++i)
    in[i] = (float)((i * 37 + seed * 11) % 101) / 101.0f;
}

static int same(const float *a, const float *b) {
  return memcmp(a, b, sizeof(float) * LENET5_OUTPUT_COUNT) == 0;
}

int main(int argc, char **argv) {
  kiln_model *model;
  if (argc != 2 || lenet5_load(argv[1], &model) != KILN_OK)
    return 1;
  /* One extra float so that buffer + 1 is misaligned but in bounds. */
  size_t in_bytes = 64 * (LENET5_INPUT_COUNT / 16 + 2);
  float *in = aligned_alloc(KILN_ALIGNMENT, in_bytes);
  float *in_odd = aligned_alloc(KILN_ALIGNMENT, in_bytes);
  float *expected[2], *out_odd[2], *out_after;
  for (int seed = 0; seed < 2; ++seed) {
    expected[seed] = aligned_alloc(KILN_ALIGNMENT, 128);
    out_odd[seed] = aligned_alloc(KILN_ALIGNMENT, 128);
  }
  out_after = aligned_alloc(KILN_ALIGNMENT, 128);

  /* Aligned runs give the expected outputs of two different inputs. */
  kiln_status status = KILN_OK;
  for (int seed = 0; seed < 2 && status == KILN_OK; ++seed) {
    fill(in, seed);
    status = lenet5_run(model, in, LENET5_INPUT_COUNT, expected[seed],
                        LENET5_OUTPUT_COUNT);
  }
  kiln_status aligned = status;
  /* Misaligned runs of both, one after the other. */
  for (int seed = 0; seed < 2 && status == KILN_OK; ++seed) {
    fill(in_odd + 1, seed);
    status = lenet5_run(model, in_odd + 1, LENET5_INPUT_COUNT,
                        out_odd[seed] + 1, LENET5_OUTPUT_COUNT);
  }
  kiln_status misaligned = status;
  /* An aligned run of the first input after them. */
  fill(in, 0);
  if (status == KILN_OK)
    status = lenet5_run(model, in, LENET5_INPUT_COUNT, out_after,
                        LENET5_OUTPUT_COUNT);
  printf("aligned: %s, misaligned: %s, results %s, then aligned: %s, "
         "results %s\n",
         kiln_status_name(aligned), kiln_status_name(misaligned),
         same(expected[0], out_odd[0] + 1) && same(expected[1], out_odd[1] + 1)
             ? "identical"
             : "differ",
         kiln_status_name(status),
         same(expected[0], out_after) ? "identical" : "differ");
  /* Two inputs whose outputs were equal would hide a stale copy. */
  if (same(expected[0], expected[1]))
    printf("the two inputs give the same output\n");
  kiln_model_free(model);
  return 0;
}
