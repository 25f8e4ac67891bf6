//===- AugmentCodegen.cpp - emit a compiled augmentation ------------------===//

#include "compiler/codegen/AugmentCodegen.h"

#include "compiler/augment/AugmentPipeline.h"
#include "compiler/codegen/HalideLlvmOptions.h"
#include "compiler/codegen/HalideRuntimeObject.h"
#include "compiler/codegen/StagedOutputs.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

namespace kiln::codegen {
namespace {

const char *resizeFilterName(ResizeFilter filter) {
  for (auto [name, named] : kResizeFilterNames)
    if (named == filter)
      return name;
  return "nearest";
}

std::string pipelineFunction(const AugmentSpec &spec) {
  return spec.name + "_augment_pipeline";
}

// The target the pipeline is compiled for. Strict IEEE arithmetic
// throughout, as numpy and scipy compute: no fused multiply-adds, no
// reassociation. A warp coordinate one rounding off an image edge is cval
// in 'constant' mode (AugmentSampling.h).
Halide::Target pipelineTarget(const AugmentTarget &choice) {
  return choice.target.with_feature(Halide::Target::UserContext)
      .with_feature(Halide::Target::StrictFloat);
}

Halide::Module compileModule(const AugmentSpec &spec,
                             const AugmentTarget &choice,
                             const Halide::Target &target) {
  augment::AugmentPipeline pipeline = augment::defineAugmentPipeline(spec);
  if (target.has_gpu_feature())
    augment::scheduleAugmentPipelineForGpu(pipeline, spec,
                                           schedules::GpuLoopPlacement::Gpu);
  else if (choice.gpuScheduleOnCpu)
    augment::scheduleAugmentPipelineForGpu(pipeline, spec,
                                           schedules::GpuLoopPlacement::Cpu);
  else
    augment::scheduleAugmentPipeline(pipeline, spec, target);
  return Halide::Pipeline(pipeline.output)
      .compile_to_module({pipeline.images, pipeline.params},
                         pipelineFunction(spec), target);
}

llvm::Error halideError(const Halide::Error &error) {
  return llvm::createStringError(
      std::errc::invalid_argument,
      "Halide could not compile the augmentation: %s", error.what());
}

// The pipeline's object without Halide's runtime, and the runtime as an
// object of its own (HalideRuntimeObject.h), as a model's library has them.
llvm::Error compileLibrary(const AugmentSpec &spec, const AugmentTarget &choice,
                           StagedOutputs &outputs, const std::string &path) {
  Halide::Target target = pipelineTarget(choice);
  std::string object = outputs.scratch(spec.name + ".o");
  std::string runtime = outputs.scratch(spec.name + ".runtime.o");
  try {
    compileModule(spec, choice, target.with_feature(Halide::Target::NoRuntime))
        .compile({{Halide::OutputFileType::object, object}});
    writeHalideRuntimeObject(target, runtime);
    Halide::create_static_library({object, runtime}, target, path);
  } catch (const Halide::Error &error) {
    return halideError(error);
  }
  return llvm::Error::success();
}

std::string generateHeader(const AugmentSpec &spec,
                           const Halide::Target &target,
                           llvm::StringRef sourceFile) {
  bool gpu = target.has_feature(Halide::Target::CUDA);
  const std::string &name = spec.name;
  std::string macro = llvm::StringRef(name).upper();
  bool pixels = spec.type == nn::PixelType::UInt8;
  const char *element = pixels ? "uint8_t" : "float";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << name << ".h — augmentation '" << name
     << "' compiled by kilnc from " << llvm::sys::path::filename(sourceFile)
     << ".\n"
     << " * Generated file: do not edit. Link with " << name
     << ".a and libkiln_runtime.a.\n"
     << " *\n"
     << " * Keras's ImageDataGenerator for NHWC batches (any number of "
     << "images) of\n * " << spec.inputHeight() << "x" << spec.inputWidth()
     << "x" << spec.channels << " " << element << " images";
  if (spec.resize)
    os << ", resized to " << spec.height << "x" << spec.width << " first ("
       << resizeFilterName(spec.resize->filter)
       << ", as PIL resizes them for Keras's load_img),";
  os << "\n * into floats of " << spec.height << "x" << spec.width << "x"
     << spec.channels << ":\n"
     << " *   " << name << "_augment(images, values, seed, out, values);\n"
     << " *   " << name
     << "_augment_apply(images, values, params, count, out, values);\n"
     << " */\n";
  os << "#ifndef KILN_AUGMENT_" << macro << "_H\n#define KILN_AUGMENT_" << macro
     << "_H\n\n#include <kiln/runtime.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "/* Each image as handed in, and as augmented and written. */\n"
     << "#define " << macro << "_INPUT_HEIGHT " << spec.inputHeight()
     << "\n#define " << macro << "_INPUT_WIDTH " << spec.inputWidth()
     << "\n#define " << macro << "_HEIGHT " << spec.height << "\n#define "
     << macro << "_WIDTH " << spec.width << "\n#define " << macro
     << "_CHANNELS " << spec.channels << "\n/* Values of one input image, "
     << "and of one augmented image. */\n"
     << "#define " << macro << "_INPUT_VALUES "
     << spec.inputHeight() * spec.inputWidth() * spec.channels << "\n"
     << "#define " << macro << "_IMAGE_VALUES "
     << spec.height * spec.width * spec.channels << "\n\n";
  os << "/* The compiled pipeline, in " << name << ".a. */\n"
     << "int " << pipelineFunction(spec) << "_argv(void **args);\n";
  if (gpu)
    os << "/* The GPU API it runs on, also in " << name << ".a. */\n"
       << "const struct halide_device_interface_t "
       << "*halide_cuda_device_interface(void);\n";
  os << "\n";
  os << llvm::formatv(
      "static inline const kiln_augment_info *{0}_info(void) {{\n"
      "  static const kiln_augment_info info = {{\n"
      "    \"{0}\", {1}_argv, {2}, {3}, {4}, {5}, {20}, {21},\n"
      "    {6}, {7}, {8}, {9},\n"
      "    {{{10}, {11}}, {12},\n"
      "    {13}, {14}, {15}, {16},\n"
      "    {17}, {{{18}, {19}}, {22}};\n"
      "  return &info;\n}\n\n",
      name, pipelineFunction(spec), pixels ? "KILN_UINT8" : "KILN_FLOAT32",
      spec.height, spec.width, spec.channels,
      llvm::formatv("{0:e17}", spec.rotationRange),
      llvm::formatv("{0:e17}", spec.widthShiftRange),
      llvm::formatv("{0:e17}", spec.heightShiftRange),
      llvm::formatv("{0:e17}", spec.shearRange),
      llvm::formatv("{0:e17}", spec.zoomRange[0]),
      llvm::formatv("{0:e17}", spec.zoomRange[1]),
      llvm::formatv("{0:e17}", spec.channelShiftRange),
      int(spec.widthShiftWhole), int(spec.heightShiftWhole),
      int(spec.horizontalFlip), int(spec.verticalFlip),
      int(spec.brightnessRange.has_value()),
      llvm::formatv("{0:e17}",
                    spec.brightnessRange ? (*spec.brightnessRange)[0] : 1.0),
      llvm::formatv("{0:e17}",
                    spec.brightnessRange ? (*spec.brightnessRange)[1] : 1.0),
      spec.inputHeight(), spec.inputWidth(),
      gpu ? "halide_cuda_device_interface" : "NULL");
  os << "/* Augments with the given parameters, one set per image. */\n"
     << "static inline kiln_status " << name << "_augment_apply(const "
     << element << " *images,\n"
     << "    size_t image_values, const kiln_augment_params *params,\n"
     << "    size_t num_params, float *out, size_t out_values) {\n"
     << "  return kiln_augment_apply(" << name
     << "_info(), images, image_values, params,\n"
     << "                            num_params, out, out_values);\n}\n\n";
  os << "/* Augments with parameters drawn from `seed` (Keras's "
        "distributions). */\n"
     << "static inline kiln_status " << name << "_augment(const " << element
     << " *images,\n"
     << "    size_t image_values, uint64_t seed, float *out, size_t "
        "out_values) {\n"
     << "  return kiln_augment_random(" << name
     << "_info(), images, image_values, seed, out,\n"
     << "                             out_values);\n}\n\n";
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* KILN_AUGMENT_" << macro
     << "_H */\n";
  return text;
}

} // namespace

llvm::Error stageAugmentLibrary(const AugmentSpec &spec,
                                const AugmentTarget &target,
                                StagedOutputs &outputs,
                                llvm::StringRef sourceFile) {
  setHalideLlvmOptions();
  if (llvm::Error error = compileLibrary(spec, target, outputs,
                                         outputs.stage(spec.name + ".a")))
    return error;
  return writeTextFile(outputs.stage(spec.name + ".h"),
                       generateHeader(spec, target.target, sourceFile));
}

llvm::Error emitAugmentLibrary(const AugmentSpec &spec,
                               const AugmentTarget &target,
                               const std::string &outputDir,
                               llvm::StringRef sourceFile) {
  StagedOutputs outputs(outputDir);
  if (llvm::Error error = outputs.prepare())
    return error;
  if (llvm::Error error =
          stageAugmentLibrary(spec, target, outputs, sourceFile))
    return error;
  return outputs.commit();
}

llvm::Error emitAugmentStatement(const AugmentSpec &spec,
                                 const AugmentTarget &target, bool html,
                                 llvm::raw_ostream &out) {
  return printThroughTemporaryFile(
      spec.name, html,
      [&](const std::string &path) -> llvm::Error {
        try {
          compileModule(spec, target, pipelineTarget(target))
              .compile({{html ? Halide::OutputFileType::stmt_html
                              : Halide::OutputFileType::stmt,
                         path}});
        } catch (const Halide::Error &error) {
          return halideError(error);
        }
        return llvm::Error::success();
      },
      out);
}

} // namespace kiln::codegen
