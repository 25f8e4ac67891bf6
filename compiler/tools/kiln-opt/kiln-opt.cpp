//===- kiln-opt.cpp - pass driver for Kiln's lit tests --------------------===//
//
// mlir-opt with the nn dialect and Kiln's passes registered: parses nn IR,
// verifies it, runs the requested passes and prints the result.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  kiln::registerKilnPasses();

  mlir::DialectRegistry registry;
  registry.insert<kiln::nn::NNDialect, mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
