/* threads.c — the thread-count API and KILN_NUM_THREADS, seen through the
 * runtime. Prints one line per call for FileCheck.
 *
 * usage: threads WEIGHTS [N]
 * Tries the out-of-range counts -1 and KILN_MAX_THREADS + 1, then (with N)
 * kiln_set_num_threads(N), then reports the count, a load and a run.
 */
#include "lenet5.h"

#include <stdio.h>
#include <stdlib.h>

static void report(const char *what, kiln_status status) {
  printf("%s: %s%s%s\n", what, kiln_status_name(status),
         status == KILN_OK ? "" : ": ",
         status == KILN_OK ? "" : kiln_last_error());
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3)
    return 2;
  report("set(-1)", kiln_set_num_threads(-1));
  report("set(max+1)", kiln_set_num_threads(KILN_MAX_THREADS + 1));
  if (argc == 3)
    report("set(N)", kiln_set_num_threads(atoi(argv[2])));
  int n = -1;
  kiln_status status = kiln_get_num_threads(&n);
  report("get", status);
  if (status == KILN_OK)
    printf("threads: %d\n", n);

  kiln_model *model;
  status = lenet5_load(argv[1], &model);
  report("load", status);
  if (status != KILN_OK)
    return 0;
  float input[LENET5_INPUT_COUNT] = {0}, output[LENET5_OUTPUT_COUNT];
  report("run", lenet5_run(model, input, LENET5_INPUT_COUNT, output,
                           LENET5_OUTPUT_COUNT));
  kiln_model_free(model);
  return 0;
}
