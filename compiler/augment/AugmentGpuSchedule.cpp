//===- AugmentGpuSchedule.cpp - computing an augmentation on a GPU --------===//
//
// A thread per output pixel, in 16x16 tiles, a block row per image: the
// thread computes its pixel's sampling positions once, in registers, and
// gathers every channel's four neighbours straight from the images in
// global memory. Each image's warp coefficients are a kernel of their own
// (a block per image, a thread per coefficient); a filtered resize's passes
// and the channel shift's range (a thread per row, then a block per image
// over its rows) are kernels before the output's.
//
// Checked without a GPU like the networks' GPU schedule: ptxas, and the
// same tiling run on the CPU (--schedule=gpu-on-cpu) against Keras. Halide's
// PTX backend contracts multiplies and adds into fused ones regardless of
// StrictFloat, so on a GPU a coordinate that lands exactly on an image edge
// can round to the other side (docs/augment.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/augment/AugmentPipeline.h"

namespace kiln::augment {

using Halide::TailStrategy;
using Halide::Var;
using schedules::GpuLoopPlacement;
using schedules::GpuLoops;

namespace {

constexpr int kTile = 16;     // output pixels per block side
constexpr int kRowGroup = 32; // rows per block of the range's first pass

// A (c, x, y, n) stage in kTile x kTile pixel tiles: blocks over tiles and
// images, threads over the pixels of a tile, channels in each thread.
void mapPixels(Halide::Func f, const GpuLoops &loops) {
  std::vector<Var> v = f.args();
  Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
  f.compute_root()
      .reorder(v[0], v[1], v[2], v[3])
      .tile(v[1], v[2], xo, yo, xi, yi, kTile, kTile,
            TailStrategy::GuardWithIf);
  loops.blocks(f, {xo, yo, v[3]});
  loops.threads(f, {xi, yi});
}

} // namespace

void scheduleAugmentPipelineForGpu(AugmentPipeline &pipeline,
                                   const AugmentSpec &spec,
                                   GpuLoopPlacement placement) {
  GpuLoops loops(placement);
  {
    std::vector<Var> v = pipeline.affine.args(); // (i, n)
    pipeline.affine.compute_root();
    loops.blocks(pipeline.affine, {v[1]});
    loops.threads(pipeline.affine, {v[0]});
  }
  for (Halide::Func pass : {pipeline.resizedColumns, pipeline.resizedRows})
    if (pass.defined())
      mapPixels(pass, loops);
  if (pipeline.extremes.defined()) {
    // Each row's range: a thread per row, its values in turn.
    Var y = pipeline.rowExtremes.args()[0], n = pipeline.rowExtremes.args()[1];
    Var yo("yo"), yi("yi");
    pipeline.rowExtremes.compute_root();
    for (Halide::Stage stage :
         {Halide::Stage(pipeline.rowExtremes), pipeline.rowExtremes.update()}) {
      stage.split(y, yo, yi, kRowGroup, TailStrategy::GuardWithIf);
      loops.blocks(stage, {yo, n});
      loops.threads(stage, {yi});
    }
    // Each image's: a block per image, one thread over its rows.
    Var image = pipeline.extremes.args()[0];
    pipeline.extremes.compute_root();
    loops.blocks(pipeline.extremes, {image});
    loops.blocks(pipeline.extremes.update(), {image});
  }
  Halide::Func out = pipeline.output;
  out.bound(out.args()[0], 0, static_cast<int>(spec.channels));
  mapPixels(out, loops);
  out.unroll(out.args()[0]);
  // The sampling positions once per pixel, in the thread's registers.
  Var xi("xi");
  pipeline.taps.compute_at(out, xi);
  loops.inRegisters(pipeline.taps);
  constrainAugmentBuffers(pipeline, spec);
}

} // namespace kiln::augment
