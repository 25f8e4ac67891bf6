/* parallel.h — the parallel loops of a run (parallel.c). */
#ifndef KILN_RUNTIME_PARALLEL_H
#define KILN_RUNTIME_PARALLEL_H

/* Makes Halide's parallel loops run on Kiln's pool from now on, with
 * `threads` threads (the caller's included; at least 1). Called before every
 * run, like halide_set_num_threads. */
void kiln_internal_parallel_use(int threads);

#endif /* KILN_RUNTIME_PARALLEL_H */
