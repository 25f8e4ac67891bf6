/* main.c — the classic notebook's image path, compiled:
 *
 *   train_datagen = ImageDataGenerator(rescale=1./255, shear_range=0.2,
 *                                      zoom_range=0.2, horizontal_flip=True)
 *   ...flow_from_directory(target_size=(150, 150))
 *   model.predict(image / 255.)
 *
 * Augments a batch of 8-bit photos with the augmentation kilnc compiled
 * from augment.json (resized to 150x150, sheared, zoomed, flipped,
 * rescaled), then classifies an 8-bit photo with the network kilnc compiled
 * from classifier.json, whose input takes the pixels as decoded (uint8,
 * interleaved RGB) and rescales them inside its first layer. The network
 * uses seeded random weights, so its answer means nothing; give kilnc
 * --weights=FILE for a trained one.
 *
 * usage: image-path-example [OUT_DIR]
 *   OUT_DIR: also write the augmented batch there as PPM images.
 */
#include "classifier.h"
#include "train_datagen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef CLASSIFIER_WEIGHTS_PATH
#define CLASSIFIER_WEIGHTS_PATH "classifier.weights"
#endif

enum { BATCH = 8 };

/* A photo as a decoder gives it: interleaved RGB bytes. A sky that darkens
 * upwards, a sun that moves with `index`, and a dark horizon. */
static void draw_photo(uint8_t *rgb, int height, int width, int index) {
  double sun_x = width * (0.2 + 0.08 * index), sun_y = height * 0.35;
  double radius = height * 0.12;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      uint8_t *pixel = &rgb[(y * width + x) * 3];
      double sky = (double)y / height;
      int sun = hypot(x - sun_x, y - sun_y) < radius;
      int ground = y > height * 0.7;
      pixel[0] = (uint8_t)(ground ? 40 : sun ? 250 : 80 + 120 * sky);
      pixel[1] = (uint8_t)(ground ? 90 : sun ? 220 : 120 + 100 * sky);
      pixel[2] = (uint8_t)(ground ? 30 : sun ? 60 : 200 + 50 * sky);
    }
}

static int write_ppm(const char *dir, int index, const float *image) {
  char path[4096];
  snprintf(path, sizeof path, "%s/augmented_%d.ppm", dir, index);
  FILE *f = fopen(path, "wb");
  if (!f)
    return 0;
  fprintf(f, "P6\n%d %d\n255\n", TRAIN_DATAGEN_WIDTH, TRAIN_DATAGEN_HEIGHT);
  for (int i = 0; i < TRAIN_DATAGEN_IMAGE_VALUES; ++i)
    fputc((int)lrintf(image[i] * 255.0f), f);
  return fclose(f) == 0;
}

static int fail(const char *what) {
  fprintf(stderr, "image-path-example: %s: %s\n", what, kiln_last_error());
  return 1;
}

int main(int argc, char **argv) {
  const char *out_dir = argc > 1 ? argv[1] : NULL;

  /* Training: a batch of photos of another size, augmented. */
  uint8_t *photos = malloc(BATCH * TRAIN_DATAGEN_INPUT_VALUES);
  float *batch = malloc(BATCH * TRAIN_DATAGEN_IMAGE_VALUES * sizeof *batch);
  if (!photos || !batch)
    return 1;
  for (int i = 0; i < BATCH; ++i)
    draw_photo(&photos[i * TRAIN_DATAGEN_INPUT_VALUES],
               TRAIN_DATAGEN_INPUT_HEIGHT, TRAIN_DATAGEN_INPUT_WIDTH, i);
  const uint64_t seed = 2026; /* e.g. epoch * steps + step */
  if (train_datagen_augment(photos, BATCH * TRAIN_DATAGEN_INPUT_VALUES, seed,
                            batch,
                            BATCH * TRAIN_DATAGEN_IMAGE_VALUES) != KILN_OK)
    return fail("augment");
  /* The transforms it drew (the same ones, from the same seed). */
  kiln_augment_params params[BATCH];
  if (kiln_augment_draw(train_datagen_info(), seed, params, BATCH) != KILN_OK)
    return fail("draw");
  printf("augmented %d photos of %dx%d into %dx%dx%d floats:\n", BATCH,
         TRAIN_DATAGEN_INPUT_HEIGHT, TRAIN_DATAGEN_INPUT_WIDTH,
         TRAIN_DATAGEN_HEIGHT, TRAIN_DATAGEN_WIDTH, TRAIN_DATAGEN_CHANNELS);
  for (int i = 0; i < BATCH; ++i) {
    const float *image = &batch[i * TRAIN_DATAGEN_IMAGE_VALUES];
    double sum = 0;
    float low = image[0], high = image[0];
    for (int v = 0; v < TRAIN_DATAGEN_IMAGE_VALUES; ++v) {
      sum += image[v];
      low = image[v] < low ? image[v] : low;
      high = image[v] > high ? image[v] : high;
    }
    printf("  image %d: shear %+.3f deg, zoom %.3f x %.3f, %s; values "
           "%.3f..%.3f, mean %.4f\n",
           i, params[i].shear, params[i].zx, params[i].zy,
           params[i].flip_horizontal ? "flipped" : "not flipped", low, high,
           sum / TRAIN_DATAGEN_IMAGE_VALUES);
    if (out_dir && !write_ppm(out_dir, i, image)) {
      fprintf(stderr, "image-path-example: cannot write into %s\n", out_dir);
      return 1;
    }
  }

  /* Inference: one photo at the network's size, as decoded. */
  kiln_model *model;
  if (classifier_load(CLASSIFIER_WEIGHTS_PATH, &model) != KILN_OK)
    return fail("load");
  uint8_t photo[CLASSIFIER_INPUT_COUNT];
  float cat;
  draw_photo(photo, 150, 150, 3);
  kiln_status status = classifier_run(model, photo, CLASSIFIER_INPUT_COUNT,
                                      &cat, CLASSIFIER_OUTPUT_COUNT);
  kiln_model_free(model);
  if (status != KILN_OK)
    return fail("classify");
  printf("classified a 150x150 uint8 photo: cat probability %.4f "
         "(seeded random weights)\n",
         cat);
  free(photos);
  free(batch);
  return 0;
}
