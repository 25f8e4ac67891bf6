/* arena_format.h — the scratch arena of a model, shared by kilnc (which
 * plans where each of a run's intermediate buffers lies in it,
 * compiler/codegen/ArenaPlan.cpp) and the runtime (arena.c), so that the
 * two can never disagree.
 *
 * A compiled pipeline gets the memory of every intermediate buffer it would
 * otherwise take from halide_malloc by calling
 *
 *   void *kiln_arena_alloc(void *user_context, int32_t region,
 *                          uint64_t offset, uint64_t planned, uint64_t size);
 *
 * with the region and offset kilnc planned for it and the size it planned
 * (an upper bound of `size`), and frees it with halide_free, which leaves
 * the arena's memory alone. The arena is, in order: KILN_ARENA_PAD bytes,
 * the pipeline's region, the region its parts share (they run one at a
 * time), one region per thread for the buffers of parallel loop iterations,
 * and KILN_ARENA_PAD bytes (vector loads may read a little outside a
 * buffer). Every region and offset is a multiple of KILN_ARENA_ALIGNMENT. */
#ifndef KILN_ARENA_FORMAT_H
#define KILN_ARENA_FORMAT_H

#define KILN_ARENA_ALIGNMENT 128u
#define KILN_ARENA_PAD 128u

enum kiln_arena_region {
  KILN_ARENA_PIPELINE = 0,
  KILN_ARENA_PARTS = 1,
  KILN_ARENA_THREAD = 2
};

#endif /* KILN_ARENA_FORMAT_H */
