//===- NNVerifyFuzzer.cpp - libFuzzer harness: nn's verifiers and shapes --===//
//
// Bytes in, as MLIR text over the nn and func dialects (what kiln-opt
// reads): parsing verifies every op, which runs the shape rules of
// NNShapes.cpp through the ops' type inference.

#include "fuzz/FuzzInput.h"

#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln::fuzz::QuietContext context;
  context.get().loadDialect<kiln::nn::NNDialect, mlir::func::FuncDialect>();
  // MLIR's lexer reads up to a terminating NUL, as the files kiln-opt
  // reads have: libFuzzer's buffer has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  (void)mlir::parseSourceString<mlir::ModuleOp>(text, &context.get());
  return 0;
}
