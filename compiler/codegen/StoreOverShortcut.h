//===- StoreOverShortcut.h - a residual sum in place -------------*- C++ -*-===//
//
// A ResNet block ends in relu(conv + shortcut), stored from the
// convolution's tiles (docs/schedules.md, "Residual blocks end in one
// epilogue"). Stored to a buffer of its own, every line of the result is
// first fetched from memory (the store misses) and then written back,
// while the shortcut's lines, just read at the same places, are dropped.
// Where the shortcut dies with the sum, the arena plan (ArenaPlan.h) gives
// both one place, as onnxruntime accumulates onto the shortcut: a 64 ->
// 256 1x1 layer with its residual add over a 56x56 map took 0.75-0.85x
// the time on one core of an AVX-512 Xeon (a C model of the tiles).
//
// The schedule names the pairs it stores once per element
// (lowering::StoredOverShortcut); this check proves the rest on the
// lowered statement.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_STOREOVERSHORTCUT_H
#define KILN_COMPILER_CODEGEN_STOREOVERSHORTCUT_H

#include "compiler/lowering/LoweredNetwork.h"

#include <Halide.h>

namespace kiln::codegen {

/// Whether `pair.result` may be stored in `pair.shortcut`'s memory in
/// `pipeline`, a lowered statement: both are allocated in it with the same
/// type and extents (unless they are a part's output and input); within
/// the result's producer every read of the shortcut is part of a store of
/// the result to the same index, unclamped, and the result is not read
/// (for a part's caller: the shortcut is passed to the part); after that
/// producer nothing refers to the shortcut. Each element of the shortcut
/// is then read once, just before the same element of the result (stored
/// once, as the schedule promises) is written over it, whatever order or
/// threads the tasks run in.
bool mayStoreOverShortcut(const Halide::Internal::Stmt &pipeline,
                          const lowering::StoredOverShortcut &pair);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_STOREOVERSHORTCUT_H
