//===- StagedOutputs.cpp - output files that appear whole or not at all ---===//

#include "compiler/codegen/StagedOutputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

namespace fs = llvm::sys::fs;

namespace kiln::codegen {

llvm::Error StagedOutputs::prepare() {
  createdDirectory = !fs::exists(directory);
  if (std::error_code ec = fs::create_directories(directory))
    return llvm::createStringError(ec, "cannot create output directory '%s': %s",
                                   directory.c_str(), ec.message().c_str());
  if (!fs::is_directory(directory))
    return llvm::createStringError(std::errc::not_a_directory,
                                   "output path '%s' is not a directory",
                                   directory.c_str());
  return llvm::Error::success();
}

std::string StagedOutputs::stage(llvm::StringRef fileName) {
  llvm::SmallString<256> final(directory), temporary(directory);
  llvm::sys::path::append(final, fileName);
  llvm::sys::path::append(temporary,
                          "." + fileName.str() + ".kilnc-" +
                              std::to_string(llvm::sys::Process::getProcessId()) +
                              ".tmp");
  files.push_back({temporary.str().str(), final.str().str()});
  return files.back().temporary;
}

llvm::Error StagedOutputs::commit() {
  for (size_t i = 0; i < files.size(); ++i) {
    if (std::error_code ec = fs::rename(files[i].temporary, files[i].final)) {
      // Take back what was already renamed, so no partial set is left.
      for (size_t j = 0; j < i; ++j)
        fs::remove(files[j].final);
      return llvm::createStringError(ec, "cannot write '%s': %s",
                                     files[i].final.c_str(),
                                     ec.message().c_str());
    }
  }
  committed = true;
  return llvm::Error::success();
}

StagedOutputs::~StagedOutputs() {
  if (committed)
    return;
  for (const File &file : files)
    fs::remove(file.temporary);
  if (createdDirectory)
    fs::remove(directory); // only succeeds when empty
}

} // namespace kiln::codegen
