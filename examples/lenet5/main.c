/* main.c — the LeNet-5 example: load the compiled model, classify a digit.
 *
 * Draws a "7" into a 28x28 image, runs the model compiled by kilnc from
 * lenet5.json and prints the probability of each class. The example network
 * uses seeded random weights, so the classes are not meaningful; give
 * `kilnc --weights=FILE` trained weights for a real classifier.
 *
 * usage: lenet5-example [WEIGHTS]   (default: the file kilnc wrote)
 */
#include "lenet5.h"

#include <stdio.h>

#ifndef LENET5_WEIGHTS_PATH
#define LENET5_WEIGHTS_PATH "lenet5.weights"
#endif

/* A white 7 on black, MNIST-style: a bar across the top and a diagonal. */
static void draw_seven(float image[28][28]) {
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x)
      image[y][x] = 0.0f;
  for (int x = 6; x < 22; ++x)
    image[6][x] = image[7][x] = 1.0f;
  for (int y = 8; y < 24; ++y) {
    int x = 21 - (y - 8) / 2;
    image[y][x] = image[y][x - 1] = 1.0f;
  }
}

int main(int argc, char **argv) {
  const char *weights = argc > 1 ? argv[1] : LENET5_WEIGHTS_PATH;
  kiln_model *model;
  if (lenet5_load(weights, &model) != KILN_OK) {
    fprintf(stderr, "lenet5-example: %s\n", kiln_last_error());
    return 1;
  }

  float image[28][28], probabilities[LENET5_OUTPUT_COUNT];
  draw_seven(image);
  kiln_status status = lenet5_run(model, &image[0][0], LENET5_INPUT_COUNT,
                                  probabilities, LENET5_OUTPUT_COUNT);
  kiln_model_free(model);
  if (status != KILN_OK) {
    fprintf(stderr, "lenet5-example: %s\n", kiln_last_error());
    return 1;
  }

  int best = 0;
  printf("LeNet-5 class probabilities (seeded random weights):\n");
  for (int c = 0; c < LENET5_OUTPUT_COUNT; ++c) {
    printf("  class %d: %.6f\n", c, probabilities[c]);
    if (probabilities[c] > probabilities[best])
      best = c;
  }
  printf("most likely class: %d\n", best);
  return 0;
}
