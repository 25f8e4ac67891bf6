//===- StagedOutputs.h - output files that appear whole or not at all -*- C++ -*-//
//
// Each output is first written to a hidden temporary file in the output
// directory, then all are renamed into place at once by commit(). If compiling
// fails, or commit() is never reached, the temporaries are removed, and so is
// the output directory when this run created it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H
#define KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace kiln::codegen {

class StagedOutputs {
public:
  explicit StagedOutputs(std::string directory)
      : directory(std::move(directory)) {}
  StagedOutputs(const StagedOutputs &) = delete;
  StagedOutputs &operator=(const StagedOutputs &) = delete;
  ~StagedOutputs();

  /// Creates the directory if needed; must precede stage().
  llvm::Error prepare();
  /// The temporary path to write `fileName` to.
  std::string stage(llvm::StringRef fileName);
  /// Renames every staged file to its final name.
  llvm::Error commit();

private:
  struct File {
    std::string temporary, final;
  };
  std::string directory;
  std::vector<File> files;
  bool createdDirectory = false;
  bool committed = false;
};

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H
