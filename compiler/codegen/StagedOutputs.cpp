//===- StagedOutputs.cpp - output files that appear whole or not at all ---===//

#include "compiler/codegen/StagedOutputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace fs = llvm::sys::fs;

namespace kiln::codegen {

static std::string join(llvm::StringRef dir, llvm::StringRef name) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return path.str().str();
}

static llvm::Error ioError(std::error_code ec, llvm::StringRef what,
                           llvm::StringRef path) {
  return llvm::createStringError(ec, "cannot %s '%s': %s", what.str().c_str(),
                                 path.str().c_str(), ec.message().c_str());
}

// Every StagedOutputs alive, for abandonAll. Compiles make them on the
// main thread only.
static std::vector<StagedOutputs *> &liveOutputs() {
  static std::vector<StagedOutputs *> live;
  return live;
}

StagedOutputs::StagedOutputs(std::string directory)
    : directory(std::move(directory)) {
  liveOutputs().push_back(this);
}

void StagedOutputs::abandonAll() {
  for (StagedOutputs *outputs : liveOutputs())
    outputs->removeCreated();
}

llvm::Error StagedOutputs::prepare() {
  // Each ancestor as written ("a/./b/../c", "a/b/"), innermost first:
  // removing them in that order removes every directory created, whatever
  // the spelling.
  llvm::SmallString<256> missing(directory);
  fs::make_absolute(missing);
  while (!missing.empty() && !fs::exists(missing)) {
    createdDirectories.push_back(missing.str().str());
    missing = llvm::sys::path::parent_path(missing);
  }
  if (std::error_code ec = fs::create_directories(directory))
    return ioError(ec, "create output directory", directory);
  if (!fs::is_directory(directory))
    return ioError(std::make_error_code(std::errc::not_a_directory),
                   "write into", directory);
  staging =
      join(directory, ".kilnc-staging-" +
                          std::to_string(llvm::sys::Process::getProcessId()));
  if (std::error_code ec = fs::create_directory(staging))
    return ioError(ec, "create staging directory", staging);
  return llvm::Error::success();
}

std::string StagedOutputs::stage(llvm::StringRef fileName) {
  fileNames.push_back(fileName.str());
  return join(staging, fileName);
}

std::string StagedOutputs::scratch(llvm::StringRef fileName) const {
  return join(staging, fileName);
}

llvm::Error StagedOutputs::commit() {
  for (size_t i = 0; i < fileNames.size(); ++i) {
    std::string final = join(directory, fileNames[i]);
    if (std::error_code ec = fs::rename(join(staging, fileNames[i]), final)) {
      // Take back what was already renamed, so no partial set is left.
      for (size_t j = 0; j < i; ++j)
        fs::remove(join(directory, fileNames[j]));
      return ioError(ec, "write", final);
    }
  }
  committed = true;
  return llvm::Error::success();
}

void StagedOutputs::removeCreated() {
  if (!staging.empty())
    fs::remove_directories(staging, /*IgnoreErrors=*/true);
  staging.clear();
  if (!committed)
    for (const std::string &created : createdDirectories)
      fs::remove(created); // only succeeds when empty
  createdDirectories.clear();
}

StagedOutputs::~StagedOutputs() {
  removeCreated();
  llvm::erase(liveOutputs(), this);
}

llvm::Error writeTextFile(const std::string &path, const std::string &text) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  if (!ec) {
    out << text;
    out.close();
    ec = out.error();
    out.clear_error();
  }
  if (ec)
    return llvm::createStringError(ec, "cannot write '%s': %s", path.c_str(),
                                   ec.message().c_str());
  return llvm::Error::success();
}

llvm::Error printThroughTemporaryFile(
    llvm::StringRef stem, bool html,
    llvm::function_ref<llvm::Error(const std::string &path)> write,
    llvm::raw_ostream &out) {
  llvm::SmallString<128> path;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "kiln-" + stem, html ? "html" : "stmt", path))
    return llvm::createStringError(ec, "cannot create a temporary file: %s",
                                   ec.message().c_str());
  llvm::FileRemover remover(path);
  if (llvm::Error error = write(path.str().str()))
    return error;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read '%s'",
                                   path.c_str());
  out << (*buffer)->getBuffer();
  return llvm::Error::success();
}

} // namespace kiln::codegen
