//===- CompileReport.cpp - what a compile tells its user as it goes -------===//

#include "compiler/driver/CompileReport.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"

namespace kiln::driver {

// The progress line appears only after this long: a short compile stays
// silent.
static constexpr double kQuietSeconds = 2.0;

CompileReport::CompileReport(std::string tool, bool progress, bool timeStages)
    : tool(std::move(tool)),
      progress(progress && llvm::sys::Process::StandardErrIsDisplayed()),
      timeStages(timeStages), start(Clock::now()), stageStart(start) {}

CompileReport::~CompileReport() {
  if (lineShown)
    llvm::errs() << "\r\x1b[K"; // a failed compile leaves no stale line
}

static double secondsBetween(std::chrono::steady_clock::time_point from,
                             std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

void CompileReport::stage(llvm::StringRef next) {
  std::lock_guard<std::mutex> lock(mutex);
  Clock::time_point now = Clock::now();
  if (!current.empty())
    times.emplace_back(current, secondsBetween(stageStart, now));
  current = next.str();
  stageStart = now;
  if (!current.empty())
    show("");
}

void CompileReport::compiled(size_t done, size_t total) {
  std::lock_guard<std::mutex> lock(mutex);
  show(": " + std::to_string(done) + " of " + std::to_string(total) +
       " functions");
}

// Rewrites the progress line; `mutex` is held.
void CompileReport::show(const std::string &detail) {
  double elapsed = secondsBetween(start, Clock::now());
  if (!progress || elapsed < kQuietSeconds)
    return;
  llvm::errs() << "\r\x1b[K" << tool << ": " << current << detail << " ("
               << llvm::format("%.0f", elapsed) << " s)";
  llvm::errs().flush();
  lineShown = true;
}

void CompileReport::finish(llvm::raw_ostream &os) {
  stage("");
  std::lock_guard<std::mutex> lock(mutex);
  if (lineShown) {
    llvm::errs() << "\r\x1b[K";
    lineShown = false;
  }
  if (!timeStages)
    return;
  os << tool << ": time per stage (wall clock)\n";
  for (const auto &[name, seconds] : times)
    os << llvm::format("  %-28s %8.3f s\n", name.c_str(), seconds);
  os << llvm::format("  %-28s %8.3f s\n", "total",
                     secondsBetween(start, Clock::now()));
}

} // namespace kiln::driver
