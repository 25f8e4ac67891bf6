//===- Profile.cpp - kiln-run --profile: time per layer -------------------===//
//
// Halide 14's report, per pipeline:
//
//   model_pipeline
//    total time: 123.4 ms  samples: 1180  runs: 10  time/run: 12.34 ms
//    ...
//    _conv1_Conv_sum:      1.234ms   (10%)    threads: 1.9 ...
//
//===----------------------------------------------------------------------===//

#include "Profile.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Regex.h"

#include <algorithm>
#include <map>

namespace kiln::run {

llvm::Expected<HalideProfile> parseHalideProfile(llvm::StringRef text) {
  llvm::Regex header("total time: ([0-9.]+) ms +samples: ([0-9]+) +runs: "
                     "([0-9]+) +time/run: ([0-9.]+) ms");
  llvm::Regex func("^ +([^ :]+): *([0-9.]+)ms *\\( *[0-9.]+%\\)");
  HalideProfile profile;
  bool inReport = false;
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    llvm::SmallVector<llvm::StringRef> match;
    if (header.match(line, &match)) {
      inReport = true;
      double ms = 0;
      int runs = 0;
      match[4].getAsDouble(ms);
      match[3].getAsInteger(10, runs);
      profile.msPerRun += ms;
      profile.runs = std::max(profile.runs, runs);
      continue;
    }
    if (inReport && func.match(line, &match)) {
      double ms = 0;
      match[2].getAsDouble(ms);
      profile.funcs.push_back({match[1].str(), ms});
    }
  }
  if (!inReport)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "the runner printed no profile: the library was not compiled with "
        "Halide's profiler");
  return profile;
}

namespace {

// Funcs of Halide's runtime the profiler lists beside the pipeline's.
bool isRuntimeCall(llvm::StringRef func) {
  return func.starts_with("halide_") || func == "overhead" ||
         func.starts_with("kiln_");
}

// `func` without Halide's "$<n>" suffix for a repeated name.
llvm::StringRef baseName(llvm::StringRef func) {
  size_t dollar = func.rfind('$');
  return dollar == llvm::StringRef::npos ? func : func.take_front(dollar);
}

} // namespace

void printLayerProfile(const HalideProfile &profile,
                       const std::vector<driver::LayerRow> &layers,
                       llvm::raw_ostream &os) {
  // Longest base first, so that "conv_1" wins over "conv".
  std::vector<size_t> byLength(layers.size());
  for (size_t i = 0; i < layers.size(); ++i)
    byLength[i] = i;
  std::stable_sort(byLength.begin(), byLength.end(), [&](size_t a, size_t b) {
    return layers[a].funcBase.size() > layers[b].funcBase.size();
  });
  std::vector<double> ms(layers.size(), 0.0);
  double runtime = 0, unmatched = 0;
  std::optional<size_t> last;
  for (const FuncTime &time : profile.funcs) {
    llvm::StringRef name = baseName(time.func);
    if (isRuntimeCall(name)) {
      runtime += time.msPerRun;
      continue;
    }
    std::optional<size_t> layer;
    for (size_t i : byLength) {
      llvm::StringRef base = layers[i].funcBase;
      if (name == base || (name.starts_with(base) &&
                           name.drop_front(base.size()).starts_with("_"))) {
        layer = i;
        break;
      }
    }
    if (!layer)
      layer = last; // a helper Halide made for the Func before it
    if (!layer) {
      unmatched += time.msPerRun;
      continue;
    }
    ms[*layer] += time.msPerRun;
    last = layer;
  }

  double total = profile.msPerRun > 0 ? profile.msPerRun : 1;
  size_t width = 5;
  for (const driver::LayerRow &layer : layers)
    width = std::max(width, std::min<size_t>(layer.name.size(), 48));
  auto row = [&](llvm::StringRef name, llvm::StringRef op, double time,
                 int64_t flops) {
    os << llvm::format("%-*s  %-14s %9.3f %6.1f", int(width),
                       name.take_front(48).str().c_str(),
                       op.take_front(14).str().c_str(), time,
                       100.0 * time / total);
    if (flops > 0 && time > 0)
      os << llvm::format(" %9.1f", flops / (time * 1e6));
    os << "\n";
  };
  os << llvm::format("%-*s  %-14s %9s %6s %9s\n", int(width), "layer", "op",
                     "ms/run", "%", "GFLOP/s");
  int64_t totalFlops = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    totalFlops += layers[i].flops;
    if (ms[i] > 0)
      row(layers[i].name, layers[i].op, ms[i], layers[i].flops);
  }
  if (runtime + unmatched > 0)
    row("(Halide runtime, other)", "", runtime + unmatched, 0);
  row("total", "", profile.msPerRun, totalFlops);
  os << "(Halide's sampling profiler over " << profile.runs
     << " runs; a layer's time includes the layers fused into it)\n";
}

} // namespace kiln::run
