//===- AutoschedulerCall.cpp - process state around one autoscheduler call ===//

#include "compiler/schedules/AutoschedulerCall.h"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

namespace kiln::schedules {

static std::mutex &processStateLock() {
  static std::mutex mutex;
  return mutex;
}

static void flushStderr() {
  std::cerr.flush();
  std::fflush(stderr);
}

AutoschedulerCall::AutoschedulerCall(
    llvm::ArrayRef<EnvironmentDefault> defaults)
    : lock(processStateLock()) {
  for (const EnvironmentDefault &variable : defaults)
    if (!std::getenv(variable.name) &&
        setenv(variable.name, variable.value, /*overwrite=*/0) == 0)
      setVariables.push_back(variable.name);
  flushStderr();
  held = std::tmpfile();
  savedStderr = held ? dup(STDERR_FILENO) : -1;
  if (savedStderr >= 0)
    dup2(fileno(held), STDERR_FILENO);
}

AutoschedulerCall::~AutoschedulerCall() {
  restoreStderr();
  if (held)
    std::fclose(held);
  for (const std::string &name : setVariables)
    unsetenv(name.c_str());
}

void AutoschedulerCall::restoreStderr() {
  if (savedStderr < 0)
    return;
  flushStderr();
  dup2(savedStderr, STDERR_FILENO);
  close(savedStderr);
  savedStderr = -1;
}

void AutoschedulerCall::replayHeldOutput() {
  restoreStderr();
  if (!held)
    return;
  std::rewind(held);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, held)) > 0)
    std::fwrite(buffer, 1, n, stderr);
}

} // namespace kiln::schedules
