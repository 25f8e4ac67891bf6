//===- GpuLoops.h - GPU blocks and threads, or CPU loops --------*- C++ -*-===//
//
// The GPU schedules (networks: GpuSchedule.cpp; augmentations:
// compiler/augment) mark loops through GpuLoops, which can also leave them
// CPU loops (--schedule=gpu-on-cpu): the same tiling then runs on a machine
// without a GPU, so its results can be checked against a reference there.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_GPULOOPS_H
#define KILN_COMPILER_SCHEDULES_GPULOOPS_H

#include <Halide.h>

#include <vector>

namespace kiln::schedules {

/// Where the GPU schedule's block and thread loops run: on the GPU, or as
/// ordinary loops on the CPU (--schedule=gpu-on-cpu), which checks the
/// schedule's tiling and results on a machine without a GPU.
enum class GpuLoopPlacement { Gpu, Cpu };

/// Marks loops as GPU blocks and threads or, for --schedule=gpu-on-cpu,
/// leaves them CPU loops (the blocks' outermost in parallel): the same
/// tiling then runs on the CPU, so its results can be checked without a GPU.
class GpuLoops {
public:
  explicit GpuLoops(GpuLoopPlacement placement)
      : onGpu(placement == GpuLoopPlacement::Gpu) {}

  /// `vars` innermost first, one to three.
  void blocks(Halide::Stage stage,
              const std::vector<Halide::VarOrRVar> &vars) const {
    if (!onGpu) {
      stage.parallel(vars.back());
      return;
    }
    applyToAll(vars, [&](auto... loops) { stage.gpu_blocks(loops...); });
  }

  void threads(Halide::Stage stage,
               const std::vector<Halide::VarOrRVar> &vars) const {
    if (onGpu)
      applyToAll(vars, [&](auto... loops) { stage.gpu_threads(loops...); });
  }

  void singleThread(Halide::Stage stage) const {
    if (onGpu)
      stage.gpu_single_thread();
  }

  /// Per-thread registers exist only on the GPU; on the CPU the same tile
  /// is an ordinary allocation.
  void inRegisters(Halide::Func f) const {
    if (onGpu)
      f.store_in(Halide::MemoryType::Register);
  }

private:
  // Halide's gpu_blocks and gpu_threads take one to three loops as separate
  // arguments: calls `mark` with the elements of `vars`.
  template <typename Mark>
  static void applyToAll(const std::vector<Halide::VarOrRVar> &vars,
                         Mark mark) {
    if (vars.size() == 1)
      mark(vars[0]);
    else if (vars.size() == 2)
      mark(vars[0], vars[1]);
    else
      mark(vars[0], vars[1], vars[2]);
  }

  bool onGpu;
};

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_GPULOOPS_H
