/* two_io_run.c — runs two_io through its generated header's run function.
 *
 *   two_io_run WEIGHTS DIR [file|memory|memory+1|embedded]
 *
 * reads DIR/image.u8 and DIR/side.f32, writes DIR/out_pooled.f32 and
 * DIR/out_sum.f32. The weights are loaded from the file (default), or read
 * into memory and loaded from there (memory+1: one byte off alignment), or
 * are those in the library (kilnc --embed-weights; WEIGHTS is unused).
 *
 * The macros are checked at compile time where C allows it.
 */
#include "two_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(TWO_IO_NUM_INPUTS == 2 && TWO_IO_NUM_OUTPUTS == 2, "io");
_Static_assert(TWO_IO_INPUT0_RANK == 4 && TWO_IO_INPUT0_DIM1 == 3, "image");
_Static_assert(TWO_IO_INPUT0_BYTES == 108 && TWO_IO_INPUT1_BYTES == 576,
               "bytes");
_Static_assert(TWO_IO_OUTPUT0_COUNT == 4 && TWO_IO_OUTPUT1_COUNT == 144,
               "counts");
_Static_assert(TWO_IO_INPUT_COUNT == TWO_IO_INPUT0_COUNT, "short macros");

static int io(const char *dir, const char *file, void *data, size_t bytes,
              int write) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, write ? "wb" : "rb");
  size_t done = 0;
  if (f) {
    done = write ? fwrite(data, 1, bytes, f) : fread(data, 1, bytes, f);
    fclose(f);
  }
  if (done != bytes)
    fprintf(stderr, "cannot %s %s\n", write ? "write" : "read", path);
  return done == bytes;
}

/* Loads the model from WEIGHTS as `how` says. */
static kiln_status load(const char *path, const char *how, kiln_model **model) {
  if (strcmp(how, "file") == 0)
    return two_io_load(path, model);
  if (strcmp(how, "embedded") == 0) {
#ifdef TWO_IO_EMBEDDED_WEIGHTS
    return two_io_load_embedded(model);
#else
    return KILN_ERROR_WEIGHTS;
#endif
  }
  size_t shift = strcmp(how, "memory+1") == 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return KILN_ERROR_WEIGHTS;
  fseek(f, 0, SEEK_END);
  size_t size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  /* Kept for the program's life: the model may use it in place. */
  unsigned char *memory = aligned_alloc(64, (size + shift + 63) / 64 * 64);
  if (!memory || fread(memory + shift, 1, size, f) != size)
    return KILN_ERROR_WEIGHTS;
  fclose(f);
  return kiln_model_load_from_memory(two_io_info(), memory + shift, size,
                                     model);
}

int main(int argc, char **argv) {
  static uint8_t image[TWO_IO_INPUT0_COUNT];
  static float side[TWO_IO_INPUT1_COUNT];
  static float pooled[TWO_IO_OUTPUT0_COUNT], sum[TWO_IO_OUTPUT1_COUNT];
  const int64_t dims[] = TWO_IO_OUTPUT1_DIMS;
  if (argc < 3 || !io(argv[2], "image.u8", image, sizeof image, 0) ||
      !io(argv[2], "side.f32", side, sizeof side, 0))
    return 2;
  printf("names: %s %s -> %s %s, sum %dx%dx%dx%d, types %d %d\n",
         TWO_IO_INPUT0_NAME, TWO_IO_INPUT1_NAME, TWO_IO_OUTPUT0_NAME,
         TWO_IO_OUTPUT1_NAME, (int)dims[0], (int)dims[1], (int)dims[2],
         (int)dims[3], TWO_IO_INPUT0_TYPE, TWO_IO_INPUT1_TYPE);
  kiln_model *model;
  if (load(argv[1], argc > 3 ? argv[3] : "file", &model) != KILN_OK) {
    puts(kiln_last_error());
    return 1;
  }
  kiln_status status =
      two_io_run(model, image, TWO_IO_INPUT0_COUNT, side, TWO_IO_INPUT1_COUNT,
                 pooled, TWO_IO_OUTPUT0_COUNT, sum, TWO_IO_OUTPUT1_COUNT);
  /* A count that is not the tensor's is refused. */
  kiln_status wrong = two_io_run(
      model, image, TWO_IO_INPUT0_COUNT, side, TWO_IO_INPUT1_COUNT - 1, pooled,
      TWO_IO_OUTPUT0_COUNT, sum, TWO_IO_OUTPUT1_COUNT);
  printf("run: %s, short side: %s\n", kiln_status_name(status),
         kiln_status_name(wrong));
  kiln_model_free(model);
  return status != KILN_OK ||
         !io(argv[2], "out_pooled.f32", pooled, sizeof pooled, 1) ||
         !io(argv[2], "out_sum.f32", sum, sizeof sum, 1);
}
