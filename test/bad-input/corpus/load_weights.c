/* load_weights.c — the bad-input corpus's runtime harness (runtime_cases.py).
 *
 *   load_weights file PATH          kiln_model_load
 *   load_weights memory PATH        kiln_model_load_from_memory of the file
 *   load_weights api MISUSE GOOD    one misuse of the API; GOOD: valid
 *                                   weights, for misuse after a load
 *
 * Exits 1 with "load_weights: STATUS: MESSAGE" when the runtime refuses,
 * 0 when it accepts (a failed case), 2 on the harness's own errors. */
#define _POSIX_C_SOURCE 200809L /* setenv */

#include "small.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refused(kiln_status status) {
  if (status == KILN_OK)
    return 0;
  fprintf(stderr, "load_weights: %s: %s\n", kiln_status_name(status),
          kiln_last_error());
  return 1;
}

static int load_memory(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "load_weights: cannot open %s\n", path);
    return 2;
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  /* One byte more, so that an empty file is a valid pointer too. */
  unsigned char *data = malloc((size_t)size + 1);
  if (!data || fread(data, 1, (size_t)size, file) != (size_t)size) {
    fprintf(stderr, "load_weights: cannot read %s\n", path);
    return 2;
  }
  fclose(file);
  kiln_model *model = NULL;
  int result = refused(
      kiln_model_load_from_memory(small_info(), data, (size_t)size, &model));
  kiln_model_free(model);
  free(data);
  return result;
}

/* Loads GOOD, then runs with `inputs` and the correct output. */
static int run_with(const char *good, const float *const *inputs,
                    size_t input_count) {
  kiln_model *model = NULL;
  if (refused(kiln_model_load(small_info(), good, &model)))
    return 2;
  static float output[SMALL_OUTPUT_COUNT];
  float *outputs[] = {output};
  size_t input_counts[] = {input_count};
  size_t output_counts[] = {SMALL_OUTPUT_COUNT};
  int result = refused(
      kiln_model_run(model, inputs, input_counts, outputs, output_counts));
  kiln_model_free(model);
  return result;
}

static int misuse(const char *what, const char *good) {
  kiln_model *model = NULL;
  static float input[SMALL_INPUT_COUNT];
  const float *inputs[] = {input};
  if (!strcmp(what, "null-info"))
    return refused(kiln_model_load(NULL, good, &model));
  if (!strcmp(what, "null-result"))
    return refused(kiln_model_load(small_info(), good, NULL));
  if (!strcmp(what, "null-path"))
    return refused(kiln_model_load(small_info(), NULL, &model));
  if (!strcmp(what, "threads=-1"))
    return refused(kiln_set_num_threads(-1));
  if (!strncmp(what, "env-threads=", 12)) {
    setenv("KILN_NUM_THREADS", what + 12, 1);
    int result = refused(kiln_model_load(small_info(), good, &model));
    kiln_model_free(model);
    return result;
  }
  if (!strcmp(what, "run-null-input")) {
    const float *none[] = {NULL};
    return run_with(good, none, SMALL_INPUT_COUNT);
  }
  if (!strcmp(what, "run-wrong-count"))
    return run_with(good, inputs, SMALL_INPUT_COUNT + 1);
  if (!strcmp(what, "memory-null"))
    return refused(kiln_model_load_from_memory(small_info(), NULL, 64, &model));
  if (!strcmp(what, "scratch-too-small")) {
    static unsigned char scratch[1];
    kiln_load_options options = {good, NULL, 0, scratch, sizeof scratch};
    int result =
        refused(kiln_model_load_with_options(small_info(), &options, &model));
    kiln_model_free(model);
    return result;
  }
  fprintf(stderr, "load_weights: unknown misuse %s\n", what);
  return 2;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "file")) {
    kiln_model *model = NULL;
    int result = refused(kiln_model_load(small_info(), argv[2], &model));
    kiln_model_free(model);
    return result;
  }
  if (argc >= 3 && !strcmp(argv[1], "memory"))
    return load_memory(argv[2]);
  if (argc >= 4 && !strcmp(argv[1], "api"))
    return misuse(argv[2], argv[3]);
  fprintf(stderr, "usage: load_weights file|memory PATH | api MISUSE GOOD\n");
  return 2;
}
