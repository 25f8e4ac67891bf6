/* arena.h — a model's scratch arena: the memory kilnc planned for a run's
 * intermediate tensors (arena_format.h), so that a run allocates nothing.
 *
 * One run at a time holds a model's arena; a run that starts while another
 * holds it (two threads running one model) takes its intermediate tensors
 * from halide_malloc instead, as do the iterations of a parallel loop run
 * by more threads than the arena has regions for (the thread count raised
 * after load). */
#ifndef KILN_RUNTIME_ARENA_H
#define KILN_RUNTIME_ARENA_H

#include "kiln/runtime.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct kiln_arena {
  unsigned char *base; /* aligned start of the regions (after the pad) */
  unsigned char *end;  /* end of the usable memory */
  void *owned;         /* allocated at load, or null: the caller's memory */
  uint64_t pipeline_bytes, part_bytes, thread_bytes;
  int threads;     /* thread regions that fit */
  atomic_int busy; /* a run holds the arena */
  /* The thread holding each thread region during a run (a token unique to
   * the thread), 0 when free. */
  _Atomic uintptr_t owners[KILN_MAX_THREADS];
} kiln_arena;

/* Sets up `arena` for `info` over `memory` (`size` bytes, the caller's), or
 * over memory allocated here when `memory` is null. */
kiln_status kiln_internal_arena_init(kiln_arena *arena,
                                     const kiln_model_info *info, void *memory,
                                     size_t size);

/* Frees what kiln_internal_arena_init allocated. */
void kiln_internal_arena_free(kiln_arena *arena);

/* The arena for a run starting now (empty when the model needs none), or
 * null when another run holds it. */
kiln_arena *kiln_internal_arena_acquire(kiln_arena *arena);
void kiln_internal_arena_release(kiln_arena *arena);

/* Whether `pointer` lies in the arena of the call `user_context` (halide_free
 * leaves such memory alone). */
int kiln_internal_arena_owns(void *user_context, const void *pointer);

#endif /* KILN_RUNTIME_ARENA_H */
