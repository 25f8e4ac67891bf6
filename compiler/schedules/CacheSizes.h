//===- CacheSizes.h - the data caches a schedule blocks for -------*- C++ -*-===//
//
// Register tiles come from the target (vector width, register count); the
// blocking around them from the data caches of the machine the library will
// run on. For the host (kilnc's default target) they are read from Linux's
// sysfs; for a cross target, or where sysfs says nothing, the defaults are
// those of the smallest cores Kiln is meant for: 32 KiB of L1 data cache
// per core (every x86-64 core since 2011, Cortex-A72 and up) and 512 KiB of
// L2 (AMD Zen 2/3; Intel and Zen 4 have 1-2 MiB). kilnc's --cache-sizes
// names them for a cross target whose machine is known (parseCacheSizes).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_CACHESIZES_H
#define KILN_COMPILER_SCHEDULES_CACHESIZES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace kiln::schedules {

struct CacheSizes {
  int64_t l1Data = 32 * 1024; // bytes per core
  int64_t l2 = 512 * 1024;    // bytes per core
};

/// The sizes of this machine's caches (cpu0's, per core), each falling
/// back to the default where it cannot be read.
CacheSizes hostCacheSizes();

/// The caches `text` names: "host" (hostCacheSizes), or the L1 data and L2
/// sizes per core, "L1D,L2", each in bytes or with a K or M suffix
/// ("48K,2M").
llvm::Expected<CacheSizes> parseCacheSizes(llvm::StringRef text);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_CACHESIZES_H
