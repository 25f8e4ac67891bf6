/* arena.c — a model's scratch arena (arena.h, arena_format.h).
 *
 * The compiled pipeline calls kiln_arena_alloc with the place kilnc planned
 * for each intermediate tensor: the pipeline's and the parts' regions are
 * used by the calling thread, a parallel loop's iterations use the region of
 * the thread that runs them, claimed by that thread at its first allocation
 * in the run. */
#include "arena.h"

#include "arena_format.h"
#include "errors.h"
#include "scratch.h"

#include <HalideRuntime.h>

#include <stdlib.h>
#include <string.h>

/* A token unique to each thread: the address of a thread-local byte. */
static _Thread_local char thread_token;

size_t kiln_model_scratch_size(const kiln_model_info *info, int threads) {
  if (!info)
    return 0;
  if (threads <= 0 && kiln_get_num_threads(&threads) != KILN_OK)
    threads = 1;
  uint64_t regions = info->scratch_pipeline_bytes + info->scratch_part_bytes +
                     (uint64_t)threads * info->scratch_thread_bytes;
  if (regions == 0)
    return 0;
  /* Room to align the caller's memory, and the pads either side. */
  return (size_t)(KILN_ARENA_ALIGNMENT + 2 * KILN_ARENA_PAD + regions);
}

kiln_status kiln_internal_arena_init(kiln_arena *arena,
                                     const kiln_model_info *info, void *memory,
                                     size_t size) {
  memset(arena, 0, sizeof *arena);
  arena->pipeline_bytes = info->scratch_pipeline_bytes;
  arena->part_bytes = info->scratch_part_bytes;
  arena->thread_bytes = info->scratch_thread_bytes;
  size_t one_thread = kiln_model_scratch_size(info, 1);
  if (one_thread == 0)
    return KILN_OK; /* nothing planned: the arena stays empty */
  if (!memory) {
    size = kiln_model_scratch_size(info, 0);
    memory = arena->owned = aligned_alloc(
        KILN_ARENA_ALIGNMENT, (size + KILN_ARENA_ALIGNMENT - 1) /
                                  KILN_ARENA_ALIGNMENT * KILN_ARENA_ALIGNMENT);
    if (!memory)
      return kiln_internal_fail(KILN_ERROR_OUT_OF_MEMORY,
                                "cannot allocate the %zu bytes of scratch "
                                "memory of model '%s'",
                                size, info->name);
  } else if (size < one_thread) {
    return kiln_internal_fail(
        KILN_ERROR_INVALID_ARGUMENT,
        "model '%s': the scratch memory holds %zu bytes, a run needs at "
        "least %zu (kiln_model_scratch_size)",
        info->name, size, one_thread);
  }
  uintptr_t start = (uintptr_t)memory;
  uintptr_t aligned = (start + KILN_ARENA_ALIGNMENT - 1) /
                      KILN_ARENA_ALIGNMENT * KILN_ARENA_ALIGNMENT;
  arena->base = (unsigned char *)aligned + KILN_ARENA_PAD;
  arena->end = (unsigned char *)start + size - KILN_ARENA_PAD;
  uint64_t shared = arena->pipeline_bytes + arena->part_bytes;
  uint64_t left = (uint64_t)(arena->end - arena->base) - shared;
  arena->threads = arena->thread_bytes == 0
                       ? KILN_MAX_THREADS
                       : (int)(left / arena->thread_bytes < KILN_MAX_THREADS
                                   ? left / arena->thread_bytes
                                   : KILN_MAX_THREADS);
  return KILN_OK;
}

void kiln_internal_arena_free(kiln_arena *arena) { free(arena->owned); }

kiln_arena *kiln_internal_arena_acquire(kiln_arena *arena) {
  int idle = 0;
  if (!atomic_compare_exchange_strong(&arena->busy, &idle, 1))
    return NULL;
  for (int i = 0; i < arena->threads && i < KILN_MAX_THREADS; ++i)
    atomic_store(&arena->owners[i], 0);
  return arena;
}

void kiln_internal_arena_release(kiln_arena *arena) {
  atomic_store(&arena->busy, 0);
}

/* The calling thread's region of a held arena: the one it claimed in this
 * run, or a free one; -1 when none is left. */
static int thread_region(kiln_arena *arena) {
  uintptr_t me = (uintptr_t)&thread_token;
  for (int i = 0; i < arena->threads; ++i)
    if (atomic_load(&arena->owners[i]) == me)
      return i;
  for (int i = 0; i < arena->threads; ++i) {
    uintptr_t free_region = 0;
    if (atomic_compare_exchange_strong(&arena->owners[i], &free_region, me))
      return i;
  }
  return -1;
}

void *kiln_arena_alloc(void *user_context, int32_t region, uint64_t offset,
                       uint64_t planned, uint64_t size) {
  kiln_arena *arena = user_context ? ((kiln_call *)user_context)->arena : NULL;
  if (arena && size <= planned) {
    unsigned char *start = NULL;
    if (region == KILN_ARENA_PIPELINE) {
      start = arena->base;
    } else if (region == KILN_ARENA_PARTS) {
      start = arena->base + arena->pipeline_bytes;
    } else if (region == KILN_ARENA_THREAD) {
      int index = thread_region(arena);
      if (index >= 0)
        start = arena->base + arena->pipeline_bytes + arena->part_bytes +
                (uint64_t)index * arena->thread_bytes;
    }
    if (start && start + offset + planned <= arena->end)
      return start + offset;
  }
  return halide_malloc(user_context, (size_t)size);
}

int kiln_internal_arena_owns(void *user_context, const void *pointer) {
  const kiln_arena *arena =
      user_context ? ((kiln_call *)user_context)->arena : NULL;
  return arena && (const unsigned char *)pointer >= arena->base &&
         (const unsigned char *)pointer < arena->end;
}
