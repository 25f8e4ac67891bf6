//===- JsonImportFuzzer.cpp - libFuzzer harness: the JSON importer --------===//
//
// Bytes in, as a network file: importJsonFile parses them, builds the nn
// module (random weights, or a weights file the input names) and the
// result is verified.

#include "fuzz/FuzzInput.h"

#include "frontends/json/JsonImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string path = kiln::fuzz::writeInput(data, size, "net.json");
  kiln::fuzz::QuietContext context;
  kiln::jsonimport::ImportOptions options;
  auto module = kiln::jsonimport::importJsonFile(context.get(), path, options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
