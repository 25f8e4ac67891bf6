//===- AutoschedulerCall.h - process state for an autoscheduler -*- C++ -*-===//
//
// Halide 14's autoschedulers take some settings from the environment only
// (Adams2019's HL_BEAM_SIZE; Halide 15 made them parameters) and write their
// progress and doubts ("Warning: Insufficient parallelism for conv2_sum") to
// the process's stderr, through C++ streams and C stdio alike, with no API
// to silence them. This scope is the one place where Kiln's libraries touch
// process state, and only for the length of one autoscheduler call:
//   - each environment default is set unless the user set the variable, and
//     removed again at the end;
//   - file descriptor 2 goes to a temporary file, dropped at the end or
//     replayed to stderr when the call failed (what it said may say why).
// Both are process-wide, so a lock serializes these scopes; another thread
// writing to stderr meanwhile would be held as well.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_AUTOSCHEDULERCALL_H
#define KILN_COMPILER_SCHEDULES_AUTOSCHEDULERCALL_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace kiln::schedules {

struct EnvironmentDefault {
  const char *name;
  const char *value;
};

class AutoschedulerCall {
public:
  explicit AutoschedulerCall(llvm::ArrayRef<EnvironmentDefault> defaults);
  AutoschedulerCall(const AutoschedulerCall &) = delete;
  AutoschedulerCall &operator=(const AutoschedulerCall &) = delete;
  ~AutoschedulerCall();

  /// Restores stderr now and writes to it what the call wrote.
  void replayHeldOutput();

private:
  void restoreStderr();

  std::unique_lock<std::mutex> lock;
  std::vector<std::string> setVariables;
  std::FILE *held = nullptr;
  int savedStderr = -1;
};

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_AUTOSCHEDULERCALL_H
