//===- CacheSizes.cpp - the data caches a schedule blocks for -------------===//

#include "compiler/schedules/CacheSizes.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <optional>
#include <string>

namespace kiln::schedules {

// The trimmed text of a small sysfs file, or nothing.
static std::optional<std::string> readSysfs(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFileAsStream(path);
  if (!buffer)
    return std::nullopt;
  return (*buffer)->getBuffer().trim().str();
}

// "48K", "1024K", "32M" as bytes; 0 when it is not such a size.
static int64_t parseCacheSize(llvm::StringRef text) {
  int64_t scale = 1;
  if (text.consume_back_insensitive("K"))
    scale = 1024;
  else if (text.consume_back_insensitive("M"))
    scale = 1024 * 1024;
  int64_t value = 0;
  if (text.getAsInteger(10, value) || value <= 0)
    return 0;
  return value * scale;
}

CacheSizes hostCacheSizes() {
  CacheSizes sizes;
  // index0.. are cpu0's caches: level 1 data and instruction, level 2, ...
  for (int index = 0; index < 8; ++index) {
    std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" +
                      std::to_string(index) + "/";
    auto level = readSysfs(dir + "level"), type = readSysfs(dir + "type"),
         size = readSysfs(dir + "size");
    if (!level || !type || !size)
      break;
    int64_t bytes = parseCacheSize(*size);
    if (bytes == 0 || *type == "Instruction")
      continue;
    if (*level == "1")
      sizes.l1Data = bytes;
    else if (*level == "2")
      sizes.l2 = bytes;
  }
  return sizes;
}

llvm::Expected<CacheSizes> parseCacheSizes(llvm::StringRef text) {
  if (text == "host")
    return hostCacheSizes();
  auto [l1Data, l2] = text.split(',');
  CacheSizes sizes{parseCacheSize(l1Data.trim()), parseCacheSize(l2.trim())};
  if (sizes.l1Data == 0 || sizes.l2 == 0)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--cache-sizes='%s': give 'host' or the L1 data and L2 cache sizes "
        "per core, L1D,L2, in bytes or with a K or M suffix (e.g. 48K,2M)",
        text.str().c_str());
  // A smaller L2 than L1 is a typo, and would turn the blocking inside out.
  if (sizes.l2 < sizes.l1Data)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--cache-sizes='%s': the L2 cache (second) is smaller than the L1 "
        "data cache (first)",
        text.str().c_str());
  return sizes;
}

} // namespace kiln::schedules
