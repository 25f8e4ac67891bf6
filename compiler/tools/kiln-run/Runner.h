//===- Runner.h - talk to a built kiln_runner -------------------*- C++ -*-===//
//
// The runner is the authority on the model it was linked with: its shapes come
// from the generated header's kiln_model_info (`kiln_runner info`), not from a
// second reading of the network, so kiln-run checks inputs against exactly
// what the compiled library expects. Data crosses as raw float32 files.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_RUNNER_H
#define KILN_TOOLS_KILN_RUN_RUNNER_H

#include "HostTensor.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace kiln::run {

/// A model's inputs and outputs: names and shapes, data left empty.
struct ModelSignature {
  std::vector<HostTensor> inputs;
  std::vector<HostTensor> outputs;
};

/// Parses the text `kiln_runner info` prints.
llvm::Expected<ModelSignature> parseSignature(llvm::StringRef text);

/// Asks the runner (`runner`: the command buildRunner returned) for its
/// model's signature.
llvm::Expected<ModelSignature>
querySignature(llvm::ArrayRef<std::string> runner, llvm::StringRef workDir);

/// Runs the model once on `inputs` (already checked against `signature`) and
/// returns the outputs, named and shaped. With benchmarkRuns > 0 the runner
/// also times that many runs after a warm-up and prints the median to stdout.
/// `threads` goes to kiln_set_num_threads (0: the runtime's default).
/// `weights` is the weights file, or "-" for the library's own
/// (--embed-weights). With `captured`, what the runner prints (the latency,
/// a profiler's report) goes there instead of to stdout.
llvm::Expected<std::vector<HostTensor>>
runModel(llvm::ArrayRef<std::string> runner, llvm::StringRef weights,
         const ModelSignature &signature, const std::vector<HostTensor> &inputs,
         unsigned benchmarkRuns, unsigned threads, llvm::StringRef workDir,
         std::string *captured = nullptr);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_RUNNER_H
