//===- Runner.cpp - talk to a built kiln_runner ---------------------------===//
//
// Each line of `kiln_runner info` is "input|output TYPE RANK DIMS... LEN
// NAME";
// the name is length-prefixed so that any bytes a network's JSON allows in a
// name survive the trip.
//
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Subprocess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/EndianStream.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace kiln::run {
namespace {

Error badSignature(const Twine &why) {
  return createStringError("the runner described its model unreadably: " + why);
}

bool consumeNumber(StringRef &text, int64_t &value) {
  text = text.ltrim(' ');
  return !text.consumeInteger(10, value);
}

std::string joinPath(StringRef dir, StringRef file) {
  SmallString<256> path(dir);
  sys::path::append(path, file);
  return path.str().str();
}

} // namespace

Expected<ModelSignature> parseSignature(StringRef text) {
  ModelSignature signature;
  while (!text.empty()) {
    HostTensor tensor;
    bool isInput = text.consume_front("input ");
    if (!isInput && !text.consume_front("output "))
      return badSignature("expected 'input' or 'output'");
    if (text.consume_front("uint8 "))
      tensor.type = ElementType::UInt8;
    else if (!text.consume_front("float32 "))
      return badSignature("expected 'float32' or 'uint8'");
    int64_t rank, length;
    if (!consumeNumber(text, rank) || rank < 0 || rank > 8)
      return badSignature("bad rank");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t dim;
      if (!consumeNumber(text, dim) || dim < 0)
        return badSignature("bad dimension");
      tensor.shape.push_back(dim);
    }
    if (!consumeNumber(text, length) || length < 0 ||
        !text.consume_front(" ") || text.size() < size_t(length) + 1 ||
        text[length] != '\n')
      return badSignature("bad name");
    tensor.name = text.take_front(length).str();
    text = text.drop_front(length + 1);
    if (!checkedCount(tensor.shape))
      return badSignature("tensor too large");
    (isInput ? signature.inputs : signature.outputs).push_back(tensor);
  }
  return signature;
}

Expected<ModelSignature> querySignature(ArrayRef<std::string> runner,
                                        StringRef workDir) {
  std::vector<std::string> args(runner.begin(), runner.end());
  args.push_back("info");
  auto result = runProgram(args.front(), args, workDir,
                           /*captureStdout=*/true);
  if (!result)
    return result.takeError();
  if (result->exitCode != 0)
    return createStringError("the runner failed to describe its model: " +
                             StringRef(result->capturedStderr).rtrim());
  return parseSignature(result->capturedStdout);
}

Expected<std::vector<HostTensor>>
runModel(ArrayRef<std::string> runner, StringRef weights,
         const ModelSignature &signature, const std::vector<HostTensor> &inputs,
         unsigned benchmarkRuns, unsigned threads, StringRef workDir,
         std::string *captured) {
  std::string inputPath = joinPath(workDir, "inputs.bin");
  std::string outputPath = joinPath(workDir, "outputs.bin");
  {
    std::error_code ec;
    raw_fd_ostream os(inputPath, ec, sys::fs::OF_None);
    if (ec)
      return createStringError(ec, "cannot write '" + inputPath +
                                       "': " + ec.message());
    for (const HostTensor &input : inputs)
      for (float value : input.data)
        if (input.type == ElementType::UInt8)
          os << static_cast<char>(static_cast<uint8_t>(value));
        else
          support::endian::write<float>(os, value, llvm::endianness::native);
    if (Error error = closeWrittenFile(os, inputPath))
      return error;
  }

  std::vector<std::string> args(runner.begin(), runner.end());
  args.insert(args.end(),
              {"run", weights.str(), inputPath, outputPath,
               std::to_string(benchmarkRuns), std::to_string(threads)});
  auto result = runProgram(args.front(), args, workDir,
                           /*captureStdout=*/captured != nullptr);
  if (!result)
    return result.takeError();
  if (result->exitCode != 0)
    return createStringError("the model failed to run: " +
                             StringRef(result->capturedStderr).rtrim());
  if (captured)
    *captured = result->capturedStdout + "\n" + result->capturedStderr;

  auto buffer = MemoryBuffer::getFile(outputPath, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "the runner wrote no outputs: " +
                                 buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  std::vector<HostTensor> outputs;
  for (const HostTensor &spec : signature.outputs) {
    HostTensor output = spec;
    size_t count = *checkedCount(spec.shape);
    if (bytes.size() < count * sizeof(float))
      return createStringError("the runner wrote too few outputs");
    output.data.resize(count);
    std::memcpy(output.data.data(), bytes.data(), count * sizeof(float));
    bytes = bytes.drop_front(count * sizeof(float));
    outputs.push_back(std::move(output));
  }
  if (!bytes.empty())
    return createStringError("the runner wrote too many outputs");
  return outputs;
}

} // namespace kiln::run
