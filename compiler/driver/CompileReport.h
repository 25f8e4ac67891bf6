//===- CompileReport.h - what a compile tells its user as it goes -*- C++ -*-=//
//
// A long compile (GoogLeNet takes a minute on two cores) should not look
// hung: on a terminal, once a compile has run for a couple of seconds, one
// line on stderr says which stage it is in and how many of the network's
// parts (layer groups, --layers-per-pipeline) are compiled, and is cleared
// at the end. Nothing is printed when stderr is not a terminal or with
// --quiet. --time-stages prints the wall-clock time of every stage at the
// end, terminal or not.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_COMPILEREPORT_H
#define KILN_COMPILER_DRIVER_COMPILEREPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace kiln::driver {

class CompileReport {
public:
  /// `progress`: show the progress line (on a terminal only); `timeStages`:
  /// keep every stage's time for printTimes.
  CompileReport(std::string tool, bool progress, bool timeStages);
  ~CompileReport();

  /// Ends the current stage and starts `stage` ("import", ...).
  void stage(llvm::StringRef stage);
  /// `done` of `total` functions of the library are compiled (the
  /// pipeline and its parts, every variant's); called from any thread.
  void compiled(size_t done, size_t total);
  /// Ends the last stage, clears the progress line and, with
  /// --time-stages, prints the times to `os`.
  void finish(llvm::raw_ostream &os);

private:
  using Clock = std::chrono::steady_clock;
  void show(const std::string &detail);

  std::string tool;
  bool progress, timeStages;
  Clock::time_point start, stageStart;
  std::string current;
  std::vector<std::pair<std::string, double>> times;
  bool lineShown = false;
  std::mutex mutex;
};

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_COMPILEREPORT_H
