//===- Driver.h - the whole compile, for kilnc and kiln-run -----*- C++ -*-===//
//
// The stages every Kiln tool runs, in one place: import by file extension,
// verify, run the nn pipeline, then lower to Halide, schedule for the target
// and emit the library. Errors are reported through the MLIRContext's
// diagnostic handler (install a LayerDiagnosticHandler) or, for the Halide
// half, returned as an llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_DRIVER_H
#define KILN_COMPILER_DRIVER_DRIVER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace kiln::driver {

struct CompileOptions {
  std::string inputFile;   // .json network
  std::string weightsFile; // overrides the network's weights when set
  std::string outputDir;
  std::string target = "host"; // "host", a Halide target string, or a list
  unsigned optLevel = 1;       // 0 turns the nn optimizations off
  bool remarks = false;        // report each optimization candidate
  // "manual" (Kiln's schedules) or "auto:<Halide autoscheduler>"
  std::string schedule = "manual";
  // The autoschedulers' MachineParams, "P,C,B"; empty for the defaults.
  std::string machineParams;
};

/// Loads the dialects the tools need into `context`.
void loadDialects(mlir::MLIRContext &context);

/// Imports, verifies and runs the nn pipeline; null after reporting errors.
mlir::OwningOpRef<mlir::ModuleOp>
importAndOptimize(mlir::MLIRContext &context, const CompileOptions &options);

/// Checks the target string (or comma-separated list), the schedule and
/// the machine parameters without compiling anything.
llvm::Error validateOptions(const CompileOptions &options);

/// Lowers `module` to Halide, schedules it and writes the library, header and
/// weights into options.outputDir.
llvm::Error emitLibrary(mlir::ModuleOp module, const CompileOptions &options);

/// Lowers and schedules `module` like emitLibrary and writes Halide's lowered
/// statement (text or HTML) to `out` instead of a library.
llvm::Error emitStatement(mlir::ModuleOp module, const CompileOptions &options,
                          bool html, llvm::raw_ostream &out);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_DRIVER_H
