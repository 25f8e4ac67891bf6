/* feed_network.c — an augmentation and the network it feeds, compiled from
 * one JSON file (test/augment/next-to-network.test): both headers in one
 * program, each augmented image run through the network as it is written.
 *
 *   feed_network WEIGHTS
 */
#include "feeding.h"
#include "feeding_datagen.h"

#include <stdio.h>

enum { BATCH = 4 };

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  static uint8_t images[BATCH * FEEDING_DATAGEN_INPUT_VALUES];
  static float batch[BATCH * FEEDING_DATAGEN_IMAGE_VALUES];
  for (size_t i = 0; i < sizeof images; ++i)
    images[i] = (uint8_t)(i * 2654435761u >> 24);
  if (feeding_datagen_augment(images, sizeof images, 7, batch,
                              BATCH * FEEDING_DATAGEN_IMAGE_VALUES) != KILN_OK)
    return fprintf(stderr, "%s\n", kiln_last_error()), 1;
  kiln_model *model;
  if (feeding_load(argv[1], &model) != KILN_OK)
    return fprintf(stderr, "%s\n", kiln_last_error()), 1;
  for (int i = 0; i < BATCH; ++i) {
    float prob[FEEDING_OUTPUT_COUNT], sum = 0;
    if (feeding_run(model, &batch[i * FEEDING_DATAGEN_IMAGE_VALUES],
                    FEEDING_INPUT_COUNT, prob, FEEDING_OUTPUT_COUNT) != KILN_OK)
      return fprintf(stderr, "%s\n", kiln_last_error()), 1;
    for (int c = 0; c < FEEDING_OUTPUT_COUNT; ++c)
      sum += prob[c];
    printf("image %d: %d classes, probabilities sum to %.4f\n", i,
           FEEDING_OUTPUT_COUNT, sum);
  }
  kiln_model_free(model);
  return 0;
}
