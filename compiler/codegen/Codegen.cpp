//===- Codegen.cpp - emit a compiled model: library, header, weights ------===//
//
// The pipeline's arguments are the inputs, then the weights, then (implicitly)
// the outputs: the order kiln_model_run() passes buffers in. Halide compiles
// the pipeline ahead of time into a static library that also carries Halide's
// runtime, so a user links only <name>.a and libkiln_runtime.a.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/Codegen.h"

#include "compiler/codegen/CHeader.h"
#include "compiler/codegen/StagedOutputs.h"
#include "compiler/codegen/WeightsFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::codegen {

llvm::Expected<Halide::Target> parseTarget(llvm::StringRef text) {
  if (text == "host")
    return Halide::get_host_target();
  if (!Halide::Target::validate_target_string(text.str()))
    return llvm::createStringError(
        std::errc::invalid_argument,
        "unknown target '%s': use 'host' or a Halide target string such as "
        "x86-64-linux-avx2 (arch-bits-os[-feature...])",
        text.str().c_str());
  return Halide::Target(text.str());
}

static llvm::Error writeText(const std::string &path, const std::string &text) {
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

static std::string pipelineFunction(const lowering::LoweredNetwork &network) {
  return network.name + "_pipeline";
}

// Compiles the pipeline into one Halide output file.
static llvm::Error compilePipeline(lowering::LoweredNetwork &network,
                                   const Halide::Target &target,
                                   Halide::OutputFileType type,
                                   const std::string &path) {
  std::vector<Halide::Argument> arguments;
  for (Halide::ImageParam &input : network.inputs)
    arguments.push_back(input);
  for (lowering::WeightParam &weight : network.weights)
    arguments.push_back(weight.param);
  try {
    Halide::Pipeline pipeline(network.outputs);
    // The runtime passes a per-call context to collect error messages.
    pipeline.compile_to({{type, path}}, arguments, pipelineFunction(network),
                        target.with_feature(Halide::Target::UserContext));
  } catch (const Halide::Error &error) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "Halide could not compile the pipeline: %s",
                                   error.what());
  }
  return llvm::Error::success();
}

llvm::Error emitStatement(lowering::LoweredNetwork &network,
                          const Halide::Target &target, bool html,
                          llvm::raw_ostream &out) {
  llvm::SmallString<128> path;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "kiln-" + network.name, html ? "html" : "stmt", path))
    return llvm::createStringError(ec, "cannot create a temporary file: %s",
                                   ec.message().c_str());
  llvm::FileRemover remover(path);
  if (llvm::Error error =
          compilePipeline(network, target,
                          html ? Halide::OutputFileType::stmt_html
                               : Halide::OutputFileType::stmt,
                          path.str().str()))
    return error;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read '%s'",
                                   path.c_str());
  out << (*buffer)->getBuffer();
  return llvm::Error::success();
}

llvm::Error emitModel(lowering::LoweredNetwork &network,
                      const EmitOptions &options) {
  StagedOutputs outputs(options.outputDir);
  if (llvm::Error error = outputs.prepare())
    return error;
  if (llvm::Error error = compilePipeline(
          network, options.target, Halide::OutputFileType::static_library,
          outputs.stage(network.name + ".a")))
    return error;
  std::string function = pipelineFunction(network);

  WeightsLayout layout = layOutWeights(network.weights);
  if (llvm::Error error = writeWeightsFile(
          outputs.stage(network.name + ".weights"), network.weights, layout))
    return error;
  if (llvm::Error error =
          writeText(outputs.stage(network.name + ".h"),
                    generateCHeader(network, layout, function + "_argv",
                                    options.sourceFile)))
    return error;
  return outputs.commit();
}

} // namespace kiln::codegen
