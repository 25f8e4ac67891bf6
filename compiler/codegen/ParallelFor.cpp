//===- ParallelFor.cpp - independent compile jobs on all cores ------------===//

#include "compiler/codegen/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln::codegen {

void forEachInParallel(size_t count, const std::function<void(size_t)> &job) {
  size_t threads = std::min<size_t>(
      count, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto work = [&] {
    for (size_t index = next++; index < count; index = next++) {
      try {
        job(index);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure)
          failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> workers;
  for (size_t i = 1; i < threads; ++i)
    workers.emplace_back(work);
  work(); // this thread is one of the workers
  for (std::thread &worker : workers)
    worker.join();
  if (failure)
    std::rethrow_exception(failure);
}

} // namespace kiln::codegen
