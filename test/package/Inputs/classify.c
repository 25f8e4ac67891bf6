/* classify.c — ResNet-18 (an ONNX model, compiled by kiln_add_model as
 * "resnet18") in a downstream project: reads a 1x3x224x224 float32 image
 * from argv[1], writes the 1000 scores to argv[2] (raw float32). */
#include "resnet18.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  static float image[RESNET18_INPUT_COUNT], scores[RESNET18_OUTPUT_COUNT];
  FILE *in = argc == 3 ? fopen(argv[1], "rb") : NULL;
  if (!in || fread(image, sizeof(float), RESNET18_INPUT_COUNT, in) !=
                 RESNET18_INPUT_COUNT)
    return 2;
  fclose(in);
  kiln_model *model;
  if (resnet18_load(RESNET18_WEIGHTS_PATH, &model) != KILN_OK ||
      resnet18_run(model, image, RESNET18_INPUT_COUNT, scores,
                   RESNET18_OUTPUT_COUNT) != KILN_OK) {
    fprintf(stderr, "classify: %s\n", kiln_last_error());
    return 1;
  }
  kiln_model_free(model);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(scores, sizeof(float), RESNET18_OUTPUT_COUNT, out) !=
                  RESNET18_OUTPUT_COUNT)
    return 2;
  return fclose(out) != 0;
}
