/* pixels_api.c — the C API of a model that takes uint8 pixels
 * (test/e2e/x86/pixels-api.test): the input's table entry, the typed
 * <name>_run wrapper, kiln_model_run refusing it, a size check counted in
 * uint8 values, and a misaligned pixel buffer (copied to aligned memory)
 * computing what an aligned one does. */
#include "pixels.h"

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

static void report(const char *what, kiln_status status) {
  printf("%s: %s%s%s\n", what, kiln_status_name(status),
         status == KILN_OK ? "" : ": ",
         status == KILN_OK ? "" : kiln_last_error());
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  const kiln_tensor_info *input = &pixels_info()->inputs[0];
  printf("input %s: %s, shape %lld %lld %lld %lld\n", input->name,
         input->type == KILN_UINT8 ? "KILN_UINT8" : "KILN_FLOAT32",
         (long long)input->shape[0], (long long)input->shape[1],
         (long long)input->shape[2], (long long)input->shape[3]);

  kiln_model *model = NULL;
  report("load", pixels_load(argv[1], &model));
  alignas(KILN_ALIGNMENT) uint8_t image[PIXELS_INPUT_COUNT + 1];
  for (size_t i = 0; i < sizeof image; ++i)
    image[i] = (uint8_t)(i * 37 + 11);
  float aligned[PIXELS_OUTPUT_COUNT], misaligned[PIXELS_OUTPUT_COUNT];
  report("run", pixels_run(model, image, PIXELS_INPUT_COUNT, aligned,
                           PIXELS_OUTPUT_COUNT));

  /* The same pixels one byte further on. */
  memmove(image + 1, image, PIXELS_INPUT_COUNT);
  report("misaligned run", pixels_run(model, image + 1, PIXELS_INPUT_COUNT,
                                      misaligned, PIXELS_OUTPUT_COUNT));
  printf("misaligned same: %s\n",
         memcmp(aligned, misaligned, sizeof aligned) == 0 ? "yes" : "no");

  report("short input", pixels_run(model, image, PIXELS_INPUT_COUNT - 1,
                                   aligned, PIXELS_OUTPUT_COUNT));
  const float *floats = aligned;
  size_t count = PIXELS_INPUT_COUNT;
  float *output = aligned;
  size_t output_count = PIXELS_OUTPUT_COUNT;
  report("float run",
         kiln_model_run(model, &floats, &count, &output, &output_count));
  kiln_model_free(model);
  return 0;
}
