/* alignment.c — results do not depend on how the caller's buffers are
 * aligned: the runtime uses KILN_ALIGNMENT-aligned buffers in place and
 * copies others.
 */
#include "lenet5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  kiln_model *model;
  if (argc != 2 || lenet5_load(argv[1], &model) != KILN_OK)
    return 1;
  /* One extra float so that buffer + 1 is misaligned but in bounds. */
  float *in = aligned_alloc(KILN_ALIGNMENT, 64 * (LENET5_INPUT_COUNT / 16 + 1));
  float *out = aligned_alloc(KILN_ALIGNMENT, 64);
  float *in_odd = aligned_alloc(KILN_ALIGNMENT,
                                64 * (LENET5_INPUT_COUNT / 16 + 2)) ;
  float *out_odd = aligned_alloc(KILN_ALIGNMENT, 128);
  for (int i = 0; i < LENET5_INPUT_COUNT; ++i)
    in[i] = in_odd[i + 1] = (float)((i * 37) % 101) / 101.0f;
  kiln_status a = lenet5_run(model, in, LENET5_INPUT_COUNT, out,
                             LENET5_OUTPUT_COUNT);
  kiln_status b = lenet5_run(model, in_odd + 1, LENET5_INPUT_COUNT,
                             out_odd + 1, LENET5_OUTPUT_COUNT);
  printf("aligned: %s, misaligned: %s, results %s\n", kiln_status_name(a),
         kiln_status_name(b),
         memcmp(out, out_odd + 1, sizeof(float) * LENET5_OUTPUT_COUNT) == 0
             ? "identical"
             : "differ");
  kiln_model_free(model);
  return 0;
}
