//===- kilnc.cpp - the Kiln compiler driver -------------------------------===//
//
//   kilnc model.json|model.onnx -o DIR [--target=host|<halide target>[,...]]
//   [--emit=...] [--schedule=manual|auto:<autoscheduler>]
//
// Imports the network into the nn dialect, runs the nn pipeline, lowers to a
// Halide pipeline, schedules it for the target and writes DIR/<name>.a,
// DIR/<name>.h and DIR/<name>.weights (or prints the nn module with
// --emit=mlir). Every failure is reported with the file and the layer and
// ends with exit status 1, leaving no output file behind.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/CompileFlags.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/driver/Driver.h"
#include "compiler/driver/FatalErrors.h"
#include "compiler/driver/GraphView.h"
#include "compiler/driver/Version.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Emit { Library, Weights, Mlir, Dot, Stmt, StmtHtml };

cl::OptionCategory category("kilnc options");

cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                               cl::desc("<network.json | model.onnx>"),
                               cl::cat(category));
cl::opt<std::string> outputDir("o",
                               cl::desc("Directory for <name>.a, .h and "
                                        ".weights (created if missing)"),
                               cl::value_desc("dir"), cl::cat(category));
kiln::driver::CompileFlags compileFlags(
    category, "'host' (default), a Halide target string, e.g. "
              "x86-64-linux-avx2, or a comma-separated list of them, best "
              "first, for one library that picks the best for the CPU it "
              "runs on");
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(Emit::Library),
    cl::values(clEnumValN(Emit::Library, "library",
                          "<name>.a, <name>.h and <name>.weights (default)"),
               clEnumValN(Emit::Weights, "weights",
                          "<name>.weights only: a retrained network's "
                          "weights for a library compiled with the same "
                          "flags"),
               clEnumValN(Emit::Mlir, "mlir",
                          "print the nn module after import and passes"),
               clEnumValN(Emit::Dot, "dot",
                          "print the optimized network as a Graphviz graph "
                          "(layer names and shapes; dot -Tsvg draws it)"),
               clEnumValN(Emit::Stmt, "stmt",
                          "print Halide's lowered statement (loops and "
                          "allocations) for the target"),
               clEnumValN(Emit::StmtHtml, "stmt-html",
                          "the lowered statement as HTML")),
    cl::cat(category));
cl::opt<bool> embedWeights(
    "embed-weights",
    cl::desc("Put the weights into <name>.a instead of <name>.weights: "
             "<name>_load_embedded() needs no file (ELF targets)"),
    cl::init(false), cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "kilnc") << message << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(category);
  kiln::driver::setVersionPrinter("kilnc");
  cl::ParseCommandLineOptions(argc, argv,
                              "kilnc: compile a CNN into a static library\n");

  if ((emit == Emit::Library || emit == Emit::Weights) && outputDir.empty())
    return fail("-o DIR is required to emit a library or weights");
  auto plan = compileFlags.plan();
  if (!plan)
    return fail(llvm::toString(plan.takeError()));
  plan->inputFile = inputFile;
  kiln::driver::installFatalErrorHandlers(inputFile);
  plan->outputDir = outputDir;
  plan->embedWeights = embedWeights;
  if (embedWeights && emit != Emit::Library)
    return fail("--embed-weights applies to --emit=library");

  MLIRContext context;
  // Diagnostics name the layer; the op's IR would only be noise to users.
  context.printOpOnDiagnostic(false);
  kiln::driver::loadDialects(context);
  kiln::LayerDiagnosticHandler diagnostics(&context, "kilnc");
  auto augmentation = kiln::driver::importAugmentation(context, *plan);
  if (failed(augmentation))
    return 1;
  if (*augmentation && !(*augmentation)->nextToNetwork) {
    if (embedWeights)
      return fail("an augmentation has no weights to embed: drop "
                  "--embed-weights");
    if (emit == Emit::Mlir || emit == Emit::Dot || emit == Emit::Weights)
      return fail("an augmentation has no nn module or weights: emit its "
                  "library or its statement");
    std::optional<bool> statement;
    if (emit != Emit::Library)
      statement = emit == Emit::StmtHtml;
    if (llvm::Error error = kiln::driver::emitAugmentation(
            (*augmentation)->spec, *plan, statement, llvm::outs()))
      return fail(llvm::toString(std::move(error)));
    return 0;
  }
  kiln::driver::CompileReport report("kilnc", !plan->quiet, plan->timeStages);
  plan->report = &report;
  OwningOpRef<ModuleOp> module =
      kiln::driver::importAndOptimize(context, *plan);
  if (!module)
    return 1;
  if (emit == Emit::Dot) {
    kiln::driver::printGraphviz(*module, llvm::outs());
    report.finish(llvm::errs());
    return 0;
  }

  if (emit == Emit::Mlir) {
    OpPrintingFlags flags;
    // Weights stay out of the text unless asked for.
    if (!flags.getLargeResourceStringLimit())
      flags.elideLargeResourceString(1024);
    module->print(llvm::outs(), flags);
    report.finish(llvm::errs());
    return 0;
  }
  if (emit == Emit::Weights) {
    if (llvm::Error error = kiln::driver::emitWeights(*module, *plan))
      return fail(llvm::toString(std::move(error)));
    report.finish(llvm::errs());
    return 0;
  }
  llvm::Error error =
      emit == Emit::Library
          ? kiln::driver::emitLibrary(*module, *plan,
                                      *augmentation ? &(*augmentation)->spec
                                                    : nullptr)
          : kiln::driver::emitStatement(*module, *plan, emit == Emit::StmtHtml,
                                        llvm::outs());
  if (error)
    return fail(llvm::toString(std::move(error)));
  report.finish(llvm::errs());
  return 0;
}
