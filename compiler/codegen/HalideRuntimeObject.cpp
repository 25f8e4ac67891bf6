//===- HalideRuntimeObject.cpp - Halide's runtime as one object -----------===//

#include "compiler/codegen/HalideRuntimeObject.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>
#include <dlfcn.h>

namespace kiln::codegen {

static constexpr const char *kCacheVariable = "KILN_CACHE_DIR";

// The Halide build compiling this process's code, as its library's path,
// size and modification time (Halide 14 has no version to ask): a runtime
// fits only pipelines of the same build.
static std::string halideBuild() {
  using Compile = void (*)(const std::string &, const Halide::Target &);
  Dl_info info;
  auto symbol = reinterpret_cast<void *>(
      static_cast<Compile>(&Halide::compile_standalone_runtime));
  llvm::sys::fs::file_status status;
  if (!dladdr(symbol, &info) || !info.dli_fname ||
      llvm::sys::fs::status(info.dli_fname, status))
    return "";
  return std::string(info.dli_fname) + " " + std::to_string(status.getSize()) +
         " " +
         std::to_string(
             status.getLastModificationTime().time_since_epoch().count());
}

// The cache file of `target`'s runtime: named by the target, and by a hash
// of everything else that changes the code: the Halide build and the LLVM
// options Halide's code generator reads (HalideLlvmOptions.h).
static std::string cacheFileName(const Halide::Target &target) {
  std::string identity = halideBuild();
  if (const char *llvmArgs = std::getenv("HL_LLVM_ARGS"))
    identity += std::string("\n") + llvmArgs;
  return "halide-runtime-" + target.to_string() + "-" +
         llvm::utohexstr(llvm::xxh3_64bits(identity)) + ".o";
}

// Stores `object` as `cached`, whole or not at all: concurrent compiles may
// store the same runtime, and a reader sees one of them complete.
static void storeInCache(const std::string &object, const std::string &cached) {
  llvm::StringRef directory = llvm::sys::path::parent_path(cached);
  if (llvm::sys::fs::create_directories(directory))
    return;
  llvm::SmallString<256> temporary;
  int fd = -1;
  if (llvm::sys::fs::createUniqueFile(cached + ".tmp-%%%%%%%%", fd, temporary))
    return;
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  if (llvm::sys::fs::copy_file(object, temporary) ||
      llvm::sys::fs::rename(temporary, cached))
    llvm::sys::fs::remove(temporary);
}

void writeHalideRuntimeObject(const Halide::Target &target,
                              const std::string &path) {
  const char *cacheDirectory = std::getenv(kCacheVariable);
  std::string cached;
  if (cacheDirectory && *cacheDirectory) {
    llvm::SmallString<256> file(cacheDirectory);
    llvm::sys::path::append(file, cacheFileName(target));
    cached = file.str().str();
    if (llvm::sys::fs::exists(cached) &&
        !llvm::sys::fs::copy_file(cached, path))
      return;
  }
  Halide::compile_standalone_runtime(path, target);
  if (!cached.empty())
    storeInCache(path, cached);
}

} // namespace kiln::codegen
