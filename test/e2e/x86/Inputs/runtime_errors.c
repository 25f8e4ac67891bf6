/* runtime_errors.c — every mistake a caller can make gets a status and a
 * message, never an abort. Prints one line per case for FileCheck.
 *
 * usage: runtime_errors GOOD OTHER_BUILD TRUNCATED TOO_LONG NOT_WEIGHTS DAMAGED
 */
#include "lenet5.h"

#include <stdio.h>

static void report(const char *what, kiln_status status) {
  printf("%s: %s: %s\n", what, kiln_status_name(status),
         status == KILN_OK ? "" : kiln_last_error());
}

static void try_load(const char *what, const char *path) {
  kiln_model *model = (kiln_model *)1;
  kiln_status status = lenet5_load(path, &model);
  report(what, status);
  if (model)
    printf("%s: model pointer not cleared\n", what);
}

int main(int argc, char **argv) {
  if (argc != 7)
    return 2;
  try_load("null path", NULL);
  try_load("missing file", "/nonexistent/lenet5.weights");
  try_load("other build", argv[2]);
  try_load("truncated", argv[3]);
  try_load("too long", argv[4]);
  try_load("not weights", argv[5]);
  try_load("damaged", argv[6]);
  report("null result", kiln_model_load(lenet5_info(), argv[1], NULL));

  kiln_model *model;
  report("load", lenet5_load(argv[1], &model));
  float input[LENET5_INPUT_COUNT] = {0}, output[LENET5_OUTPUT_COUNT];
  report("null model",
         lenet5_run(NULL, input, LENET5_INPUT_COUNT, output,
                    LENET5_OUTPUT_COUNT));
  report("short input", lenet5_run(model, input, LENET5_INPUT_COUNT - 1,
                                   output, LENET5_OUTPUT_COUNT));
  report("long output", lenet5_run(model, input, LENET5_INPUT_COUNT, output,
                                   LENET5_OUTPUT_COUNT + 1));
  report("null input", lenet5_run(model, NULL, LENET5_INPUT_COUNT, output,
                                  LENET5_OUTPUT_COUNT));
  report("null output", lenet5_run(model, input, LENET5_INPUT_COUNT, NULL,
                                   LENET5_OUTPUT_COUNT));
  report("run", lenet5_run(model, input, LENET5_INPUT_COUNT, output,
                           LENET5_OUTPUT_COUNT));
  kiln_model_free(model);
  kiln_model_free(NULL);

  /* A descriptor that disagrees with the compiled pipeline (as a stale
   * header would): the pipeline's own check reports it, without aborting. */
  kiln_model_info stale = *lenet5_info();
  kiln_tensor_info narrow = stale.inputs[0];
  narrow.shape[3] = 27;
  stale.inputs = &narrow;
  report("stale load", kiln_model_load(&stale, argv[1], &model));
  size_t count = kiln_tensor_count(&narrow), out_count = LENET5_OUTPUT_COUNT;
  const float *in_ptr = input;
  float *out_ptr = output;
  report("stale run",
         kiln_model_run(model, &in_ptr, &count, &out_ptr, &out_count));
  kiln_model_free(model);
  return 0;
}
