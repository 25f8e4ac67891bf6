//===- ArenaPlan.h - where a run's intermediate buffers lie ------*- C++
//-*-===//
//
// A compiled pipeline allocates its intermediate buffers on the heap as it
// runs: about 170 allocations per ResNet-18 inference. Kiln plans them at
// compile time instead, as Glow and TVM plan their activations: a custom
// Halide lowering pass bounds every heap allocation's size and lifetime,
// packs them into regions (greedy by size, reusing space whose buffers are
// dead), and rewrites each allocation to take its planned place in the
// model's arena (runtime/src/arena_format.h). A model then states its
// arena's size, the caller may provide it, and a run allocates nothing.
//
// Allocations inside a parallel loop go to the region of the thread that
// runs the iteration; allocations the plan cannot place (a size with no
// bound, inside nested parallel loops or concurrent tasks) keep
// halide_malloc.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_ARENAPLAN_H
#define KILN_COMPILER_CODEGEN_ARENAPLAN_H

#include "compiler/lowering/LoweredNetwork.h"

#include <Halide.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace kiln::codegen {

/// The regions one pipeline needs, in bytes.
struct ArenaNeeds {
  uint64_t serial = 0;    // its own region: the pipeline's, or a part's
  uint64_t perThread = 0; // each thread's region
  int unplanned = 0;      // allocations left to halide_malloc
  /// A part's: whether its output may take its input's place in its
  /// caller's plan (StoreOverShortcut.h).
  bool outputOverInput = false;
};

/// What a library's pipeline and parts need together.
struct ArenaLayout {
  uint64_t pipelineBytes = 0, partBytes = 0, threadBytes = 0;
  int unplanned = 0;
};

/// Adds the planning pass to `pipeline`, to place its heap allocations in
/// `region` (KILN_ARENA_PIPELINE, or KILN_ARENA_PARTS for a part). Once the
/// pipeline is lowered, `needs` holds what the plan takes, and each of the
/// pairs `overShortcuts` then returns whose buffers the statement lets
/// share memory (StoreOverShortcut.h) gets one place for both.
void planArena(
    Halide::Pipeline &pipeline, int region, std::shared_ptr<ArenaNeeds> needs,
    std::function<std::vector<lowering::StoredOverShortcut>()> overShortcuts);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_ARENAPLAN_H
