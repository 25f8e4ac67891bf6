//===- StandaloneMain.cpp - run a harness on files, without libFuzzer -----===//
//
// The fuzz harnesses linked with this main instead of libFuzzer's run each
// file named on the command line (or each file of a directory named) once:
// the test suite's smoke run of every harness over its seeds, in the
// sanitizer build (scripts/sanitize.sh), where gcc has no libFuzzer.
// Prints "N inputs" at the end; a crash or sanitizer report ends the run.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!llvm::sys::fs::is_directory(argv[i])) {
      files.push_back(argv[i]);
      continue;
    }
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(argv[i], ec), end;
         it != end && !ec; it.increment(ec))
      files.push_back(it->path());
  }
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      llvm::errs() << file << ": " << buffer.getError().message() << "\n";
      return 2;
    }
    // A copy of exactly the input's size, as libFuzzer passes it, so that
    // reading past the end is caught.
    std::vector<uint8_t> data((*buffer)->getBufferStart(),
                              (*buffer)->getBufferEnd());
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  llvm::outs() << files.size() << " inputs\n";
  return 0;
}
