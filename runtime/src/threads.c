/* threads.c — how many threads a run uses: the API, then KILN_NUM_THREADS,
 * then Halide's default.
 *
 * Halide's thread pool lives in the model's .a (each library carries Halide's
 * runtime) and is process-wide, so the count is too. It is resolved and
 * handed to halide_set_num_threads() before every run rather than once: the
 * call is a mutex and a store, negligible next to a network, and it makes a
 * later kiln_set_num_threads() take effect without any other coordination.
 */
#include "threads.h"

#include "errors.h"
#include "parallel.h"

#include <HalideRuntime.h>

#include <errno.h>
#include <stdlib.h>

/* 0: not set through the API. Atomic: any thread may set it at any time. */
static _Atomic int api_threads = 0;

/* Parses KILN_NUM_THREADS into *n (0 when unset or empty). */
static kiln_status env_threads(int *n) {
  *n = 0;
  const char *text = getenv("KILN_NUM_THREADS");
  if (!text || !*text)
    return KILN_OK;
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *end || end == text || value < 1 || value > KILN_MAX_THREADS)
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "KILN_NUM_THREADS is '%.64s': expected a number of threads from 1 to "
        "%d (unset it for one thread per CPU)",
        text, KILN_MAX_THREADS);
  *n = (int)value;
  return KILN_OK;
}

/* The count to hand Halide; 0 means Halide's own default. */
static kiln_status resolve(int *n) {
  *n = api_threads;
  return *n > 0 ? KILN_OK : env_threads(n);
}

kiln_status kiln_internal_check_threads(void) {
  int n;
  return resolve(&n);
}

kiln_status kiln_internal_apply_threads(void) {
  int n;
  kiln_status status = resolve(&n);
  if (status == KILN_OK) {
    halide_set_num_threads(n);
    /* Setting it again returns the count Halide resolved (its default for
     * 0, clamped), which Kiln's pool uses too. */
    kiln_internal_parallel_use(halide_set_num_threads(n));
  }
  return status;
}

kiln_status kiln_set_num_threads(int n) {
  if (n < 0 || n > KILN_MAX_THREADS)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_set_num_threads(%d): expected 1 to %d "
                              "threads, or 0 for the default",
                              n, KILN_MAX_THREADS);
  api_threads = n;
  return KILN_OK;
}

kiln_status kiln_get_num_threads(int *n) {
  if (!n)
    return kiln_internal_fail(KILN_ERROR_INVALID_ARGUMENT,
                              "kiln_get_num_threads: the result pointer must "
                              "not be null");
  kiln_status status = kiln_internal_apply_threads();
  if (status != KILN_OK)
    return status;
  /* Halide 14 has no getter: setting the count again returns the one just
   * set, after Halide applied its default and its clamping. */
  int resolved;
  resolve(&resolved);
  *n = halide_set_num_threads(resolved);
  return KILN_OK;
}
