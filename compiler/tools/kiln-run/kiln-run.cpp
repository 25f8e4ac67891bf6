//===- kiln-run.cpp - compile a model for the host and run it on files ----===//
//
//   kiln-run MODEL.json|MODEL.onnx|LIBRARY.a -i IN0 [-i IN1 ...] -o OUTDIR
//   [--weights=FILE]
//            [--target=host|T1,T2,...] [--format=npy|pb] [--benchmark N]
//            [--threads N] [--profile] [--keep-temps]
//
// Answers "what does the compiled model compute for this input?" without
// writing a C program: it compiles MODEL through the same ahead-of-time path
// as kilnc (kiln::driver), links the library into a small runner with the
// system C compiler, runs it on the inputs (.npy or ONNX TensorProto .pb) and
// writes OUTDIR/output_<i>.npy|.pb. Given a library kilnc compiled earlier
// (<name>.a, its header beside it) it links and runs that instead. All
// intermediate files live in a private temporary directory that is removed
// at exit unless --keep-temps.
//
//===----------------------------------------------------------------------===//

#include "NpyFile.h"
#include "Profile.h"
#include "Runner.h"
#include "RunnerBuild.h"
#include "TensorProtoFile.h"

#include "compiler/driver/CompileFlags.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/driver/Driver.h"
#include "compiler/driver/LayerTable.h"
#include "compiler/driver/Version.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include <algorithm>

using namespace kiln::run;
using namespace llvm;
namespace cl = llvm::cl;

namespace {

enum class Format { Npy, Pb };

cl::OptionCategory category("kiln-run options");

cl::opt<std::string> modelFile(
    cl::Positional, cl::Required,
    cl::desc("<network.json | model.onnx | library.a (compiled by kilnc, its "
             "header beside it; --weights names its weights file)>"),
    cl::cat(category));
cl::list<std::string> inputFiles("i",
                                 cl::desc("An input tensor (.npy or .pb), one "
                                          "per model input, in order"),
                                 cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> outputDir("o",
                               cl::desc("Directory for output_<i>.npy|.pb "
                                        "(created if missing)"),
                               cl::value_desc("dir"), cl::Required,
                               cl::cat(category));
kiln::driver::CompileFlags compileFlags(
    category, "'host' (default), a Halide target string this machine can "
              "run, or a comma-separated list of them (one library that "
              "picks the best for the CPU)");
cl::opt<Format> outputFormat(
    "format", cl::desc("Output format (default: that of the first input)"),
    cl::values(clEnumValN(Format::Npy, "npy", "NumPy .npy files"),
               clEnumValN(Format::Pb, "pb", "ONNX TensorProto .pb files")),
    cl::cat(category));
cl::opt<unsigned> benchmarkRuns(
    "benchmark",
    cl::desc("After one warm-up run, run N times and print the median latency"),
    cl::value_desc("N"), cl::init(0), cl::cat(category));
unsigned threads = 0;
/// --threads. libLLVM registers a hidden option of that name itself, so a
/// global cl::opt would abort at start-up: this one is made in main, after
/// the other is renamed out of the way.
void addThreadsOption() {
  if (cl::Option *other = cl::getRegisteredOptions().lookup("threads"))
    other->setArgStr("llvm-threads");
  static cl::opt<unsigned, /*ExternalStorage=*/true> option(
      "threads",
      cl::desc("Threads per run (kiln_set_num_threads); 0, the default, "
               "leaves KILN_NUM_THREADS or one per CPU"),
      cl::value_desc("N"), cl::location(threads), cl::cat(category));
}
cl::opt<bool> profile(
    "profile",
    cl::desc("Compile with Halide's profiler, as one pipeline, and print the "
             "time of each layer by the model's layer names (ms per run, %, "
             "GFLOP/s) over the --benchmark runs (default 10)"),
    cl::init(false), cl::cat(category));
cl::opt<bool> keepTemps("keep-temps",
                        cl::desc("Keep the temporary directory (the compiled "
                                 "model and the runner) and print its path"),
                        cl::cat(category));

int fail(const Twine &message) {
  WithColor::error(errs(), "kiln-run") << message << "\n";
  return 1;
}

int fail(Error error) { return fail(toString(std::move(error))); }

Expected<Format> formatOf(StringRef path) {
  StringRef extension = sys::path::extension(path);
  if (extension == ".npy")
    return Format::Npy;
  if (extension == ".pb")
    return Format::Pb;
  return createStringError("cannot tell the format of '" + path +
                           "' from its name: kiln-run reads .npy and .pb "
                           "files");
}

/// A private directory removed with everything in it when this goes away.
class TempDir {
public:
  static Expected<TempDir> create() {
    SmallString<128> path;
    if (std::error_code ec = sys::fs::createUniqueDirectory("kiln-run", path))
      return createStringError(ec, "cannot create a temporary directory: " +
                                       ec.message());
    return TempDir(path.str().str());
  }
  TempDir(TempDir &&other) : path(std::move(other.path)) { other.path.clear(); }
  ~TempDir() {
    if (path.empty())
      return;
    if (keepTemps)
      WithColor::note(errs(), "kiln-run")
          << "temporaries kept in " << path << "\n";
    else
      sys::fs::remove_directories(path, /*IgnoreErrors=*/true);
  }
  const std::string &dir() const { return path; }
  std::string sub(StringRef name) const {
    SmallString<128> joined(path);
    sys::path::append(joined, name);
    return joined.str().str();
  }

private:
  explicit TempDir(std::string path) : path(std::move(path)) {}
  std::string path;
};

/// Compiles the network into `dir` with the driver kilnc uses; its layers
/// go to `layers`.
bool compileModel(kiln::driver::CompilePlan plan, StringRef dir,
                  std::vector<kiln::driver::LayerRow> &layers) {
  plan.inputFile = modelFile;
  plan.outputDir = dir.str();

  mlir::MLIRContext context;
  context.printOpOnDiagnostic(false);
  kiln::driver::loadDialects(context);
  kiln::LayerDiagnosticHandler diagnostics(&context, "kiln-run");
  kiln::driver::CompileReport report("kiln-run", !plan.quiet, plan.timeStages);
  plan.report = &report;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      kiln::driver::importAndOptimize(context, plan);
  if (!module)
    return false;
  layers = kiln::driver::layerTable(*module);
  if (Error error = kiln::driver::emitLibrary(*module, plan)) {
    fail(std::move(error));
    return false;
  }
  report.finish(errs());
  return true;
}

/// How many runs profile a model for about 2 s, from what a timed run
/// printed ("median latency: 0.123 ms ...").
unsigned profileRuns(StringRef printed) {
  size_t at = printed.find("median latency: ");
  double ms = 0;
  if (at == StringRef::npos ||
      printed.drop_front(at + 16)
          .take_until([](char c) { return c == ' '; })
          .getAsDouble(ms) ||
      ms <= 0)
    return 10;
  return static_cast<unsigned>(std::clamp(2000.0 / ms, 10.0, 100000.0));
}

/// With --profile: Halide's profiler in every target, and one pipeline
/// (its profiler loses the time of a part run inside another pipeline).
void addProfiler(kiln::driver::CompilePlan &plan) {
  for (Halide::Target &target : plan.targets)
    target.set_feature(Halide::Target::Profile);
  plan.layersPerPipeline = 0;
}

std::string describe(const std::vector<HostTensor> &tensors) {
  std::string text;
  for (const HostTensor &tensor : tensors)
    text += (text.empty() ? "" : ", ") + ("'" + tensor.name + "' ") +
            formatShape(tensor.shape);
  return text;
}

/// Checks the inputs read from files against the compiled model's inputs.
Error checkInputs(StringRef model, const std::vector<HostTensor> &expected,
                  const std::vector<HostTensor> &given) {
  if (expected.size() != given.size())
    return createStringError(
        "model '" + model + "' takes " + Twine(expected.size()) + " input" +
        (expected.size() == 1 ? "" : "s") + " (" + describe(expected) +
        "), but " + Twine(given.size()) + " " +
        (given.size() == 1 ? "was" : "were") + " given with -i");
  for (size_t i = 0; i < given.size(); ++i) {
    if (expected[i].shape != given[i].shape)
      return createStringError(
          "input " + Twine(i) + " ('" + expected[i].name + "') of model '" +
          model + "' has shape " + formatShape(expected[i].shape) + ", but '" +
          inputFiles[i] + "' has shape " + formatShape(given[i].shape));
    if (expected[i].type != given[i].type)
      return createStringError(
          "input " + Twine(i) + " ('" + expected[i].name + "') of model '" +
          model + "' takes " + spelling(expected[i].type) + " values, but '" +
          inputFiles[i] + "' holds " + spelling(given[i].type) +
          (expected[i].type == ElementType::UInt8
               ? " (save the pixels with array.astype(numpy.uint8))"
               : ""));
  }
  return Error::success();
}

Error writeOutputs(const std::vector<HostTensor> &outputs, Format format) {
  if (std::error_code ec = sys::fs::create_directories(outputDir))
    return createStringError(ec, "cannot create '" + outputDir +
                                     "': " + ec.message());
  for (size_t i = 0; i < outputs.size(); ++i) {
    SmallString<128> path(outputDir);
    sys::path::append(path, "output_" + Twine(i) +
                                (format == Format::Npy ? ".npy" : ".pb"));
    Error error = format == Format::Npy
                      ? writeNpyFile(path, outputs[i])
                      : writeTensorProtoFile(path, outputs[i]);
    if (error)
      return error;
  }
  return Error::success();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  addThreadsOption();
  cl::HideUnrelatedOptions(category);
  kiln::driver::setVersionPrinter("kiln-run");
  cl::ParseCommandLineOptions(
      argc, argv, "kiln-run: compile a CNN for this machine and run it\n");

  if (inputFiles.empty())
    return fail("no inputs: give each of the model's inputs with -i FILE");
  // Inputs are read before the (slow) compile so that bad files fail fast.
  std::vector<HostTensor> inputs;
  for (const std::string &file : inputFiles) {
    Expected<Format> format = formatOf(file);
    if (!format)
      return fail(format.takeError());
    auto tensor =
        *format == Format::Npy ? readNpyFile(file) : readTensorProtoFile(file);
    if (!tensor)
      return fail(tensor.takeError());
    inputs.push_back(std::move(*tensor));
  }
  Format format = outputFormat.getNumOccurrences()
                      ? outputFormat.getValue()
                      : cantFail(formatOf(inputFiles.front()));
  auto plan = compileFlags.plan();
  if (!plan)
    return fail(plan.takeError());
  auto platform = runnerPlatformFor(plan->targets, plan->targetSpelling);
  if (!platform)
    return fail(platform.takeError());
  if (sys::fs::exists(outputDir) && !sys::fs::is_directory(outputDir))
    return fail("cannot write into '" + outputDir + "': Not a directory");

  auto temp = TempDir::create();
  if (!temp)
    return fail(temp.takeError());
  // A library compiled earlier, or the network compiled here.
  bool compiled = sys::path::extension(modelFile) == ".a";
  std::vector<kiln::driver::LayerRow> layers;
  std::optional<ModelLibrary> library;
  std::string weights;
  if (compiled) {
    std::vector<std::string> ignored = compileFlags.compileOnlyFlagsGiven();
    if (!ignored.empty() || profile)
      return fail("'" + modelFile + "' is compiled already: " +
                  (profile ? std::string("--profile") : join(ignored, ", ")) +
                  " applies when kiln-run compiles the network (.json or "
                  ".onnx)");
    auto found = libraryAt(modelFile);
    if (!found)
      return fail(found.takeError());
    library = std::move(*found);
    weights = !plan->weightsFile.empty() ? plan->weightsFile
              : sys::fs::exists(library->file(".weights"))
                  ? library->file(".weights")
              : library->embeddedWeights ? "-"
                                         : library->file(".weights");
  } else {
    if (profile)
      addProfiler(*plan);
    std::string libraryDir = temp->sub("model");
    if (!compileModel(*plan, libraryDir, layers))
      return 1;
    auto found = findModelLibrary(libraryDir);
    if (!found)
      return fail(found.takeError());
    library = std::move(*found);
    weights = library->embeddedWeights ? "-" : library->file(".weights");
  }
  auto runner = buildRunner(*library, *platform, temp->dir());
  if (!runner)
    return fail(runner.takeError());
  auto signature = querySignature(*runner, temp->dir());
  if (!signature)
    return fail(signature.takeError());
  if (Error error = checkInputs(library->name, signature->inputs, inputs))
    return fail(std::move(error));

  unsigned runs = benchmarkRuns;
  std::string printed;
  if (profile && !benchmarkRuns) {
    // Halide's profiler samples every millisecond: run about 2 s.
    auto timed = runModel(*runner, weights, *signature, inputs, 3, threads,
                          temp->dir(), &printed);
    if (!timed)
      return fail(timed.takeError());
    runs = profileRuns(printed);
  }
  auto outputs = runModel(*runner, weights, *signature, inputs, runs, threads,
                          temp->dir(), profile ? &printed : nullptr);
  if (!outputs)
    return fail(outputs.takeError());
  if (profile) {
    auto report = parseHalideProfile(printed);
    if (!report)
      return fail(report.takeError());
    printLayerProfile(*report, layers, outs());
  }
  if (Error error = writeOutputs(*outputs, format))
    return fail(std::move(error));
  return 0;
}
