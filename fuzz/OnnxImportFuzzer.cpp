//===- OnnxImportFuzzer.cpp - libFuzzer harness: the ONNX importer --------===//
//
// Bytes in, as a model file (protobuf): importOnnxFile parses, checks and
// shape-infers them with ONNX's library, imports the graph to nn, and the
// result is verified.

#include "fuzz/FuzzInput.h"

#include "frontends/onnx/OnnxImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string path = kiln::fuzz::writeInput(data, size, "model.onnx");
  kiln::fuzz::QuietContext context;
  kiln::onnximport::ImportOptions options;
  auto module = kiln::onnximport::importOnnxFile(context.get(), path, options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
