//===- ParallelFor.h - independent compile jobs on all cores ------*- C++ -*-===//

#ifndef KILN_COMPILER_CODEGEN_PARALLELFOR_H
#define KILN_COMPILER_CODEGEN_PARALLELFOR_H

#include <cstddef>
#include <functional>

namespace kiln::codegen {

/// Calls `job(0)` ... `job(count - 1)`, each once, on up to one thread per
/// core; returns when all have returned. The first exception a job throws
/// is rethrown here (the other jobs still run to their end).
void forEachInParallel(size_t count, const std::function<void(size_t)> &job);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_PARALLELFOR_H
