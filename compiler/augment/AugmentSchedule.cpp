//===- AugmentSchedule.cpp - computing an augmentation on a CPU -----------===//
//
// Each output value gathers its four bilinear neighbours, so the work is
// the warp itself: the output in parallel bands of rows of each image, the
// interleaved channels and columns of a row fused into one run of vectors
// (dense stores into the caller's NHWC buffer). The six coefficients of
// each image's warp are computed once; a channel shift's minimum and
// maximum come from a first pass over the warp, which the output then
// recomputes rather than store the warped batch.
//
//===----------------------------------------------------------------------===//

#include "compiler/augment/AugmentPipeline.h"

namespace kiln::augment {

using Halide::TailStrategy;
using Halide::Var;

// Rows per parallel task where a batch is too small to split by image.
constexpr int kRowsPerTask = 8;

// The fewest images a batch splits by: with fewer, bands of rows of every
// image are the tasks.
constexpr int64_t kImagesToSplit = 4;

void scheduleAugmentPipeline(AugmentPipeline &pipeline, const AugmentSpec &spec,
                             const Halide::Target &target) {
  int vector = target.natural_vector_size<float>();
  int channels = static_cast<int>(spec.channels);
  pipeline.affine.compute_root();
  if (pipeline.extremes.defined()) {
    Var n = pipeline.extremes.args()[0];
    pipeline.extremes.compute_root().parallel(n);
    pipeline.extremes.update().parallel(n);
    pipeline.rowExtremes.compute_at(pipeline.extremes, n);
  }
  Halide::Func out = pipeline.output;
  std::vector<Var> v = out.args();
  Var c = v[0], x = v[1], y = v[2], n = v[3];
  Var yo("yo"), yi("yi");
  // A row at least a vector long ends in a vector shifted back over the
  // one before it: with an if-guarded tail Halide 14 stored every vector of
  // a row of one vector and more (9 columns on AVX2) at the row's start and
  // left its last columns unwritten. A row shorter than a vector has only
  // the guarded one.
  TailStrategy rowTail = spec.width >= vector ? TailStrategy::ShiftInwards
                                              : TailStrategy::GuardWithIf;
  out.bound(c, 0, channels)
      .reorder(c, x, y, n)
      .unroll(c)
      .vectorize(x, vector, rowTail)
      .split(y, yo, yi, kRowsPerTask, TailStrategy::GuardWithIf);
  // The images as 32-bit values once, so that the taps gather those (AVX2
  // and AVX-512 gather them; bytes they load one by one): floats, or an
  // 8-bit pixel's channels packed into one; per image in a task of its
  // own, or the whole (small) batch first.
  Halide::Func gathered =
      pipeline.packed.defined() ? pipeline.packed : pipeline.pixels;
  std::vector<Var> pv = gathered.args();
  Var pixelX = pv[pv.size() - 3], pixelImage = pv.back();
  gathered.vectorize(pixelX, vector, TailStrategy::GuardWithIf);
  if (!pipeline.packed.defined())
    gathered.unroll(pv[0]);
  bool perImage = spec.batch >= kImagesToSplit;
  if (perImage) {
    out.parallel(n);
    gathered.compute_at(out, n);
  } else {
    Var task("task");
    out.fuse(yo, n, task).parallel(task);
    gathered.compute_root().parallel(pixelImage);
  }
  // A filtered resize's passes, each over the whole image: where the pixels
  // are, or over the whole batch first when the channel shift's range (a
  // loop nest of its own) reads them too.
  for (Halide::Func pass : {pipeline.resizedColumns, pipeline.resizedRows}) {
    if (!pass.defined())
      continue;
    std::vector<Var> rv = pass.args();
    pass.vectorize(rv[1], vector, TailStrategy::GuardWithIf);
    if (perImage && !pipeline.extremes.defined())
      pass.compute_at(out, n);
    else
      pass.compute_root().parallel(rv[3]);
  }
  // The sampling positions once per pixel, not per channel: a row at a
  // time, vectorized along it.
  Var tx = pipeline.taps.args()[0];
  pipeline.taps.compute_at(out, yi).vectorize(tx, vector,
                                              TailStrategy::GuardWithIf);
  // The packed corners likewise: four gathers a pixel, for every channel.
  if (pipeline.corners.defined())
    pipeline.corners.compute_at(out, yi).vectorize(
        pipeline.corners.args()[0], vector, TailStrategy::GuardWithIf);
  constrainAugmentBuffers(pipeline, spec);
}

void constrainAugmentBuffers(AugmentPipeline &pipeline,
                             const AugmentSpec &spec) {
  int channels = static_cast<int>(spec.channels);
  Halide::Func out = pipeline.output;
  // The caller's buffers are dense NHWC.
  out.output_buffer().dim(0).set_bounds(0, channels).set_stride(1);
  out.output_buffer()
      .dim(1)
      .set_bounds(0, static_cast<int>(spec.width))
      .set_stride(channels);
  out.output_buffer().dim(2).set_bounds(0, static_cast<int>(spec.height));
  pipeline.images.dim(0).set_bounds(0, channels).set_stride(1);
  pipeline.images.dim(1)
      .set_bounds(0, static_cast<int>(spec.inputWidth()))
      .set_stride(channels);
  pipeline.images.dim(2).set_bounds(0, static_cast<int>(spec.inputHeight()));
  pipeline.params.dim(0).set_bounds(0, kParamCount).set_stride(1);
}

} // namespace kiln::augment
