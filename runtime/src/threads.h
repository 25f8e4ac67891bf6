/* threads.h — the runtime's thread count, shared by load and run. */
#ifndef KILN_RUNTIME_THREADS_H
#define KILN_RUNTIME_THREADS_H

#include "kiln/runtime.h"

/* Checks that the thread count can be resolved (KILN_NUM_THREADS is valid
 * unless kiln_set_num_threads overrides it); sets the error message if not. */
kiln_status kiln_internal_check_threads(void);

/* Resolves the thread count and gives it to Halide's thread pool; called
 * before every run. */
kiln_status kiln_internal_apply_threads(void);

#endif /* KILN_RUNTIME_THREADS_H */
