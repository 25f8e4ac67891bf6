//===- HalideLlvmOptions.cpp - options for Halide's own LLVM --------------===//
//
// LLVM's SLP vectorizer, which Halide 14 runs on every module whatever the
// target says, finds the per-pixel input addresses of a register tile
// isomorphic (each clamped to the last pixel, ConvLowering.cpp) and packs
// them into vector registers, then extracts them at every reduction step:
// the extra instructions take registers the accumulators need, so the
// tile spills one per step and, on AVX-512, shuffles a dozen others. Kiln
// vectorizes explicitly in its schedules and leaves nothing for SLP to do.
// On one core of an AVX-512 Xeon, alternating A/B: GoogLeNet 0.95x the
// time, ResNet-50 0.97-0.98x, MobileNetV2 0.99x, AlexNet 0.98-0.99x;
// ResNet-18 and VGG-16 unchanged.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/HalideLlvmOptions.h"

#include <cstdlib>
#include <string>

namespace kiln::codegen {

static constexpr const char *kNoSlpVectorizer = "-vectorize-slp=false";

void setHalideLlvmOptions() {
  const char *userArgs = std::getenv("HL_LLVM_ARGS");
  std::string args = userArgs ? userArgs : "";
  if (args.find(kNoSlpVectorizer) != std::string::npos)
    return;
  args = args.empty() ? kNoSlpVectorizer : args + " " + kNoSlpVectorizer;
  setenv("HL_LLVM_ARGS", args.c_str(), /*overwrite=*/1);
}

} // namespace kiln::codegen
