//===- Profile.h - kiln-run --profile: time per layer -----------*- C++ -*-===//
//
// A library compiled with Halide's `profile` target feature prints, when the
// program exits, the time each Halide Func took per run. Kiln names every
// Func of a layer after the layer (lowering::layerFuncBase), so the Funcs'
// times add up to the layers' by the model's own names; Halide's helpers
// (an inlined reduction's "sum", "maximum") count to the layer listed
// before them, the runtime's calls (halide_malloc, ...) to a row of their
// own.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_PROFILE_H
#define KILN_TOOLS_KILN_RUN_PROFILE_H

#include "compiler/driver/LayerTable.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace kiln::run {

/// One Func of Halide's profiler report, and the pipeline's totals.
struct FuncTime {
  std::string func;
  double msPerRun = 0;
};
struct HalideProfile {
  std::vector<FuncTime> funcs;
  double msPerRun = 0; // the pipeline's
  int runs = 0;
};

/// Reads the report Halide's profiler printed (the runner's stderr); an
/// error when there is none.
llvm::Expected<HalideProfile> parseHalideProfile(llvm::StringRef text);

/// Prints one row per layer of `layers` that took time, in program order:
/// milliseconds per run, share of the run, GFLOP/s where the layer counts
/// operations; then the runtime's row and the total.
void printLayerProfile(const HalideProfile &profile,
                       const std::vector<driver::LayerRow> &layers,
                       llvm::raw_ostream &os);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_PROFILE_H
