//===- StagedOutputs.h - output files that appear whole or not at all -*- C++
//-*-//
//
// Outputs are first written into a hidden staging directory inside the output
// directory, under their final names, then all are renamed into place by
// commit(). If compiling fails, or commit() is never reached, the staging
// directory is removed, and so is the output directory when this run created
// it: a failed run leaves nothing behind.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H
#define KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace kiln::codegen {

class StagedOutputs {
public:
  explicit StagedOutputs(std::string directory);
  StagedOutputs(const StagedOutputs &) = delete;
  StagedOutputs &operator=(const StagedOutputs &) = delete;
  ~StagedOutputs();

  /// Removes what every StagedOutputs not yet committed has created, for a
  /// process about to exit without unwinding (out of memory,
  /// FatalErrors.h).
  static void abandonAll();

  /// Creates the output and staging directories; must precede stage().
  llvm::Error prepare();
  /// The staging path to write `fileName` to.
  std::string stage(llvm::StringRef fileName);
  /// A path in the staging directory for an intermediate file, which
  /// commit() leaves there and the staging directory's removal deletes.
  std::string scratch(llvm::StringRef fileName) const;
  /// Renames every staged file to its final name.
  llvm::Error commit();

private:
  /// Removes the staging directory and, unless committed, the output
  /// directories prepare() made.
  void removeCreated();

  std::string directory, staging;
  std::vector<std::string> fileNames;
  /// The output directory and those of its parents that prepare() made,
  /// innermost first: removed again unless commit() succeeds.
  std::vector<std::string> createdDirectories;
  bool committed = false;
};

/// Writes `text` to `path` (a staged file), reporting a write error.
llvm::Error writeTextFile(const std::string &path, const std::string &text);

/// Prints to `out` what `write` writes into a temporary file named after
/// `stem` (Halide writes its lowered statement only to files); the file is
/// removed.
llvm::Error printThroughTemporaryFile(
    llvm::StringRef stem, bool html,
    llvm::function_ref<llvm::Error(const std::string &path)> write,
    llvm::raw_ostream &out);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_STAGEDOUTPUTS_H
