/* lenet5_batch.c — runs a compiled LeNet-5 on every image of a file.
 *
 * usage: lenet5_batch WEIGHTS INPUT.bin OUTPUT.bin
 * INPUT.bin holds images of LENET5_INPUT_COUNT floats one after another;
 * OUTPUT.bin gets LENET5_OUTPUT_COUNT floats per image. Exits non-zero, with
 * the runtime's message, on any failure.
 */
#include "lenet5.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s WEIGHTS INPUT.bin OUTPUT.bin\n", argv[0]);
    return 2;
  }
  kiln_model *model;
  if (lenet5_load(argv[1], &model) != KILN_OK) {
    fprintf(stderr, "load: %s\n", kiln_last_error());
    return 1;
  }
  FILE *in = fopen(argv[2], "rb"), *out = fopen(argv[3], "wb");
  if (!in || !out) {
    perror("lenet5_batch");
    return 1;
  }
  float image[LENET5_INPUT_COUNT], probabilities[LENET5_OUTPUT_COUNT];
  int count = 0;
  while (fread(image, sizeof(float), LENET5_INPUT_COUNT, in) ==
         LENET5_INPUT_COUNT) {
    kiln_status status = lenet5_run(model, image, LENET5_INPUT_COUNT,
                                    probabilities, LENET5_OUTPUT_COUNT);
    if (status != KILN_OK) {
      fprintf(stderr, "run: %s\n", kiln_last_error());
      return 1;
    }
    fwrite(probabilities, sizeof(float), LENET5_OUTPUT_COUNT, out);
    ++count;
  }
  fclose(in);
  fclose(out);
  kiln_model_free(model);
  printf("ran %d images\n", count);
  return count > 0 ? 0 : 1;
}
