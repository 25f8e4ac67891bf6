//===- CompileFlags.cpp - the compile options kilnc and kiln-run share ----===//

#include "compiler/driver/CompileFlags.h"

#include "compiler/codegen/TargetList.h"
#include "frontends/common/ModelName.h"

#include "llvm/Support/FileSystem.h"

#include <memory>

namespace cl = llvm::cl;

namespace kiln::driver {

CompileFlags::CompileFlags(cl::OptionCategory &category,
                           llvm::StringRef targetHelp)
    : target("target", cl::desc(targetHelp), cl::init("host"),
             cl::cat(category)),
      modelName("name",
                cl::desc("The model's name: it prefixes the generated C API "
                         "and names the files (default: the network's "
                         "\"name\", or the ONNX file's name)"),
                cl::value_desc("c-identifier"), cl::cat(category)),
      weightsFile("weights",
                  cl::desc("Read the weights from this file instead of the "
                           "source the network names"),
                  cl::value_desc("file"), cl::cat(category)),
      schedule("schedule",
               cl::desc("'manual' (default: Kiln's schedules), a Halide "
                        "autoscheduler: auto:Adams2019, auto:Mullapudi2016, "
                        "auto:Li2018, or gpu-on-cpu (the CUDA schedule's "
                        "tiling run on the CPU, to test it without a GPU)"),
               cl::init("manual"), cl::cat(category)),
      machineParams("machine-params",
                    cl::desc("For the autoschedulers: "
                             "PARALLELISM,CACHE_BYTES,BALANCE (default: "
                             "host's cores or 16, 16777216, 40)"),
                    cl::value_desc("p,c,b"), cl::cat(category)),
      cacheSizes("cache-sizes",
                 cl::desc("The caches Kiln's schedules block for, per core: "
                          "L1D,L2 (e.g. 48K,2M) or 'host' (default: the "
                          "host's for --target=host, else 32K,512K)"),
                 cl::value_desc("l1d,l2"), cl::cat(category)),
      inputShapes("input-shape",
                  cl::desc("Fix an input's shape, NAME=D0xD1x... (NAME or "
                           "the input's index from 0); repeatable. For "
                           "models that leave dimensions open"),
                  cl::value_desc("name=shape"), cl::cat(category)),
      inputType("input-type",
                cl::desc("What the first input's caller hands it: float32 "
                         "(default) or uint8 pixels, converted to float "
                         "inside the first layer"),
                cl::value_desc("type"), cl::cat(category)),
      inputLayout("input-layout",
                  cl::desc("The first input's buffer: nchw or nhwc "
                           "(interleaved pixels); default: as the network "
                           "reads it (nhwc for Keras and TensorFlow "
                           "exports)"),
                  cl::value_desc("layout"), cl::cat(category)),
      channelOrder("channel-order",
                   cl::desc("rgb (default: the network's own order) or bgr "
                            "(the caller's 3 channels reversed, as OpenCV "
                            "decodes)"),
                   cl::value_desc("order"), cl::cat(category)),
      scale("scale",
            cl::desc("Multiply the first input's values by this first "
                     "(0.00392156862745098 or 1/255)"),
            cl::value_desc("s"), cl::cat(category)),
      mean("mean",
           cl::desc("Then subtract this mean: one value, or one per channel "
                    "(0.485,0.456,0.406)"),
           cl::value_desc("m[,m...]"), cl::cat(category)),
      deviation(
          "std",
          cl::desc("Then divide by this standard deviation: one value, or "
                   "one per channel (0.229,0.224,0.225)"),
          cl::value_desc("s[,s...]"), cl::cat(category)),
      optLevel("O",
               cl::desc("Optimization level: -O0 turns the nn optimizations "
                        "off, -O1 (default) on"),
               cl::Prefix, cl::init(1), cl::cat(category)),
      batch("batch",
            cl::desc("The batch size of inputs whose leading dimension the "
                     "model leaves open (default 1), or of a .json "
                     "network's inputs"),
            cl::value_desc("n"), cl::init(0), cl::cat(category)),
      layersPerPipeline(
          "layers-per-pipeline",
          cl::desc("Compile networks with more layers as a chain of Halide "
                   "pipelines of about N layers each: Halide's compile time "
                   "grows faster than the pipeline (default 6; 0 keeps "
                   "every network one pipeline). Kiln's CPU schedules only"),
          cl::value_desc("n"), cl::init(CompilePlan::kDefaultLayersPerPipeline),
          cl::cat(category)),
      winograd("winograd",
               cl::desc("Compute 3x3 convolutions by Winograd's "
                        "F(4x4, 3x3) or F(2x2, 3x3) (stride 1) or a "
                        "stride-2 F(2x2, 3x3) where a cost rule says it "
                        "gains: 1.4-4x fewer multiplications, float32 error "
                        "about 1e-6 of the largest output (default true; "
                        "--winograd=false computes every convolution "
                        "directly). Kiln's CPU schedules only"),
               cl::init(true), cl::cat(category)),
      remarks("remarks",
              cl::desc("Say for each optimization candidate (batch norm to "
                       "fold, ...) whether it was applied, and why not"),
              cl::init(false), cl::cat(category)),
      printAutoschedule(
          "print-autoschedule",
          cl::desc("With --schedule=auto:<name>: print the schedule the "
                   "autoscheduler chose (Halide C++) to stderr"),
          cl::init(false), cl::cat(category)),
      quiet("quiet",
            cl::desc("No progress line (shown on a terminal once a compile "
                     "takes more than 2 s)"),
            cl::init(false), cl::cat(category)),
      timeStages("time-stages",
                 cl::desc("Print the wall-clock time of each compile stage "
                          "to stderr at the end"),
                 cl::init(false), cl::cat(category)) {}

// "NAME=D0xD1x...": the name is everything before the last '=' (names may
// hold any character; sizes never hold '=').
static llvm::Expected<InputShape> parseInputShape(llvm::StringRef text) {
  auto [name, dims] = text.rsplit('=');
  InputShape shape{name.str(), {}};
  llvm::SmallVector<llvm::StringRef> sizes;
  dims.split(sizes, 'x');
  for (llvm::StringRef size : sizes) {
    int64_t value = 0;
    if (size.getAsInteger(10, value) || value < 1) {
      shape.dims.clear();
      break;
    }
    shape.dims.push_back(value);
  }
  if (name.empty() || name == text || shape.dims.empty())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "invalid --input-shape '%s': expected NAME=D0xD1x... with sizes >= 1, "
        "e.g. input_1=1x224x224x3 (NAME may be the input's index)",
        text.str().c_str());
  return shape;
}

// A number, or a fraction "A/B" (--scale=1/255).
static std::optional<double> parseNumber(llvm::StringRef text) {
  auto [numerator, denominator] = text.trim().split('/');
  double a = 0, b = 1;
  if (numerator.trim().getAsDouble(a) ||
      (!denominator.empty() && denominator.trim().getAsDouble(b)) || b == 0)
    return std::nullopt;
  return a / b;
}

// The pixel flags given, checked one by one; what they must agree with
// (the input's channels) is checked once the network is read.
static llvm::Expected<nn::InputContractFields> parsePixels(
    const cl::opt<std::string> &type, const cl::opt<std::string> &layout,
    const cl::opt<std::string> &order, const cl::opt<std::string> &scale,
    const cl::opt<std::string> &mean, const cl::opt<std::string> &deviation) {
  auto invalid = [](const cl::opt<std::string> &flag,
                    llvm::StringRef expected) {
    return llvm::createStringError(
        std::errc::invalid_argument, "invalid --%s '%s': expected %s",
        flag.ArgStr.str().c_str(), flag.getValue().c_str(),
        expected.str().c_str());
  };
  nn::InputContractFields fields;
  if (type.getNumOccurrences() && !(fields.type = nn::parsePixelType(type)))
    return invalid(type, "float32 or uint8");
  if (layout.getNumOccurrences() &&
      !(fields.layout = nn::parsePixelLayout(layout)))
    return invalid(layout, "nchw or nhwc");
  if (order.getNumOccurrences()) {
    std::string lower = llvm::StringRef(order).lower();
    if (lower != "rgb" && lower != "bgr")
      return invalid(order, "rgb or bgr");
    fields.reversedChannels = lower == "bgr";
  }
  if (scale.getNumOccurrences() && !(fields.scale = parseNumber(scale)))
    return invalid(scale, "a number such as 0.00392156862745098 or 1/255");
  for (auto [flag, target] :
       {std::pair<const cl::opt<std::string> *,
                  std::optional<std::vector<double>> *>{&mean, &fields.mean},
        {&deviation, &fields.std}}) {
    if (!flag->getNumOccurrences())
      continue;
    llvm::SmallVector<llvm::StringRef> texts;
    llvm::StringRef(*flag).split(texts, ',');
    std::vector<double> values;
    for (llvm::StringRef text : texts) {
      std::optional<double> value = parseNumber(text);
      if (!value)
        return invalid(*flag, "one number, or one per channel separated by "
                              "commas (0.485,0.456,0.406)");
      values.push_back(*value);
    }
    *target = values;
  }
  return fields;
}

std::vector<std::string> CompileFlags::compileOnlyFlagsGiven() const {
  std::vector<std::string> given;
  const cl::Option *flags[] = {
      &modelName,
      &schedule,
      &machineParams,
      &cacheSizes,
      std::addressof(inputShapes), // cl::list overloads &
      &inputType,
      &inputLayout,
      &channelOrder,
      &scale,
      &mean,
      &deviation,
      &optLevel,
      &batch,
      &layersPerPipeline,
      &winograd,
      &remarks,
      &printAutoschedule,
      &timeStages};
  for (const cl::Option *flag : flags)
    if (flag->getNumOccurrences())
      given.push_back(("-" +
                       llvm::StringRef(flag->ArgStr.size() > 1 ? "-" : "") +
                       flag->ArgStr)
                          .str());
  return given;
}

llvm::Expected<CompilePlan> CompileFlags::plan() const {
  CompilePlan plan;
  for (const std::string &text : inputShapes) {
    auto shape = parseInputShape(text);
    if (!shape)
      return shape.takeError();
    plan.inputShapes.shapes.push_back(std::move(*shape));
  }
  if (batch.getNumOccurrences()) {
    if (batch < 1)
      return llvm::createStringError(std::errc::invalid_argument,
                                     "--batch must be at least 1");
    plan.inputShapes.batch = batch;
  }
  auto pixels =
      parsePixels(inputType, inputLayout, channelOrder, scale, mean, deviation);
  if (!pixels)
    return pixels.takeError();
  plan.pixels = std::move(*pixels);
  auto targets = codegen::parseTargetList(target);
  if (!targets)
    return targets.takeError();
  plan.targets = std::move(*targets);
  plan.targetSpelling = target;
  // A list's entries are all CPU targets (TargetList.cpp): the first one
  // stands for them all.
  auto choice = schedules::parseScheduleChoice(
      {schedule, machineParams, printAutoschedule, cacheSizes},
      plan.targets.front(),
      /*hostTarget=*/target == "host");
  if (!choice)
    return choice.takeError();
  plan.schedule = std::move(*choice);
  if (modelName.getNumOccurrences()) {
    std::string problem = modelNameProblem(modelName);
    if (!problem.empty())
      return llvm::createStringError(std::errc::invalid_argument, "--name: %s",
                                     problem.c_str());
    plan.modelName = modelName;
  }
  // --weights names a file to read; "embedded" is a flag of its own.
  if (weightsFile == "embedded" && !llvm::sys::fs::exists(weightsFile))
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--weights=embedded: --weights names a weights file to read; to put "
        "the weights into the library, give --embed-weights");
  plan.weightsFile = weightsFile;
  if (optLevel > 1)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "-O%u is not a level: -O0 turns the nn optimizations off, -O1 "
        "(default) on",
        optLevel.getValue());
  plan.optLevel = optLevel;
  // A part's weights must fit the runtime's KILN_MAX_PART_WEIGHTS; no layer
  // reads more than four.
  if (layersPerPipeline > 200)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "--layers-per-pipeline must be at most 200 "
                                   "(0 keeps every network one pipeline)");
  plan.layersPerPipeline = layersPerPipeline;
  plan.remarks = remarks;
  plan.quiet = quiet;
  plan.timeStages = timeStages;
  plan.winograd = winograd;
  return plan;
}

} // namespace kiln::driver
