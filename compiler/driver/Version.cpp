//===- Version.cpp - what --version prints --------------------------------===//

#include "compiler/driver/Version.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::driver {

llvm::StringRef kilnVersion() { return KILN_VERSION; }

void setVersionPrinter(const char *tool) {
  static const char *name;
  name = tool;
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << name << " (Kiln) " << kilnVersion() << "\n"
       << "  built with LLVM/MLIR " << LLVM_VERSION_STRING
       << " and Halide 14\n";
  });
}

} // namespace kiln::driver
