//===- FatalErrors.cpp - out of memory as an ordinary error ---------------===//

#include "compiler/driver/FatalErrors.h"

#include "compiler/codegen/StagedOutputs.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace kiln::driver {
namespace {

// The message's prefix, "<input>: error: ", written when the handlers are
// installed: once memory has run out, formatting may fail.
char prefix[1024];

void writeAll(const char *text) {
  size_t length = std::strlen(text);
  while (length > 0) {
    ssize_t written = ::write(STDERR_FILENO, text, length);
    if (written <= 0)
      return;
    text += written;
    length -= static_cast<size_t>(written);
  }
}

// Memory set aside at installation and given back before the cleanup, which
// allocates (paths, directory listings). Large enough for malloc to map it
// on its own, so that freeing it returns the address space.
void *reserve = nullptr;
constexpr size_t kReserveBytes = 4 << 20;

// Whether some thread is already reporting; whether this one is.
std::atomic<bool> reporting{false};
thread_local bool reportingHere = false;

[[noreturn]] void exitWith(const char *what, const char *reason) {
  // A failure inside the cleanup: leave at once. Another thread's failure
  // (Halide compiles parts in parallel): let the first finish and exit.
  if (reportingHere)
    std::_Exit(1);
  reportingHere = true;
  if (reporting.exchange(true))
    for (;;)
      ::pause();
  std::free(reserve);
  writeAll(prefix);
  writeAll(what);
  if (reason && *reason) {
    writeAll(" (");
    writeAll(reason);
    writeAll(")");
  }
  writeAll("\n");
  codegen::StagedOutputs::abandonAll();
  std::_Exit(1);
}

void onBadAlloc(void *, const char *reason, bool) {
  exitWith("out of memory: the compile needs more memory than this process "
           "may use (ulimit -v, a container's limit)",
           reason);
}

void onFatalError(void *, const char *reason, bool) {
  exitWith("LLVM gave up", reason);
}

} // namespace

void installFatalErrorHandlers(llvm::StringRef inputFile) {
  std::snprintf(prefix, sizeof prefix, "%.*s: error: ",
                static_cast<int>(std::min<size_t>(inputFile.size(), 900)),
                inputFile.data());
  reserve = std::malloc(kReserveBytes);
  llvm::install_bad_alloc_error_handler(onBadAlloc);
  llvm::install_fatal_error_handler(onFatalError);
}

} // namespace kiln::driver
