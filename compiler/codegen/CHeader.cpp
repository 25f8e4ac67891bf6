//===- CHeader.cpp - the generated <model>.h ------------------------------===//
//
// The header needs nothing but kiln/runtime.h: users never see Halide. Every
// table lives in a static inline function, so including the header from
// several files neither duplicates symbols nor warns about unused data.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/CHeader.h"

#include "llvm/Support/Path.h"

#include "dialects/nn/NNShapes.h"
#include "runtime/src/arena_format.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::codegen {
namespace {

std::string upper(llvm::StringRef text) { return text.upper(); }

// `text` as a C string literal: every byte that is not printable ASCII, and
// the quote, backslash and '?' (trigraphs), escaped in octal or by '\'.
std::string cString(llvm::StringRef text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c == '?')
      out += std::string("\\") + char(c);
    else if (c >= 0x20 && c < 0x7f)
      out += char(c);
    else
      out += llvm::formatv("\\{0:o3}", unsigned(c)).str();
  }
  return out + "\"";
}

// `text` safe inside a C comment: printable ASCII, "*/" broken up, other
// bytes as '?'.
std::string commentText(llvm::StringRef text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '/' && !out.empty() && out.back() == '*')
      out += ' ';
    out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  }
  return out;
}

// The runtime's name for an input's element type.
const char *elementType(const nn::InputContract &contract) {
  return contract.type == nn::PixelType::UInt8 ? "KILN_UINT8" : "KILN_FLOAT32";
}

// `contracts`: the inputs' (their element types), or empty: float32.
void writeTensorTable(llvm::raw_ostream &os, llvm::StringRef table,
                      const std::vector<lowering::NamedTensor> &tensors,
                      const std::vector<uint64_t> &offsets,
                      const std::vector<nn::InputContract> &contracts = {}) {
  os << "  static const kiln_tensor_info " << table << "[] = {\n";
  for (size_t i = 0; i < tensors.size(); ++i) {
    const lowering::NamedTensor &t = tensors[i];
    os << "    {" << cString(t.name) << ", " << t.shape.size() << ", {";
    llvm::interleaveComma(t.shape, os);
    os << "}, " << (offsets.empty() ? 0 : offsets[i]) << "u, "
       << (contracts.empty() ? "KILN_FLOAT32" : elementType(contracts[i]))
       << "},\n";
  }
  if (tensors.empty())
    os << "    {0, 0, {0}, 0u, KILN_FLOAT32},\n"; // C forbids empty arrays
  os << "  };\n";
}

// One input or output of the model, as the header presents it.
struct HeaderTensor {
  const lowering::NamedTensor *tensor;
  bool pixels;        // the caller hands uint8 values, not floats
  std::string macro;  // MODEL_INPUT0, MODEL_OUTPUT1, ...
  std::string param;  // the run function's argument: input, input0, ...
  std::string layout; // " NHWC" where a contract converts the input
  const char *cType() const { return pixels ? "uint8_t" : "float"; }
};

std::vector<HeaderTensor>
headerTensors(const lowering::LoweredNetwork &network, llvm::StringRef macro) {
  std::vector<HeaderTensor> tensors;
  auto add = [&](const std::vector<lowering::NamedTensor> &list,
                 llvm::StringRef kind, bool inputs) {
    for (auto [i, tensor] : llvm::enumerate(list)) {
      std::string index = list.size() == 1 ? "" : std::to_string(i);
      HeaderTensor t{&tensor, false,
                     (macro + "_" + kind.upper() + std::to_string(i)).str(),
                     (kind + index).str(), ""};
      if (inputs) {
        const nn::InputContract &contract = network.inputContracts[i];
        t.pixels = contract.type == nn::PixelType::UInt8;
        if (!contract.isIdentity())
          t.layout = " " + upper(nn::spelling(contract.layout));
      }
      tensors.push_back(std::move(t));
    }
  };
  add(network.inputTensors, "input", true);
  add(network.outputTensors, "output", false);
  return tensors;
}

// NAME, TYPE, RANK, DIMS (an initializer), DIM<k>, COUNT and BYTES of one
// input or output.
void writeTensorMacros(llvm::raw_ostream &os, const HeaderTensor &t) {
  const lowering::Shape &shape = t.tensor->shape;
  int64_t count = nn::elementCount(shape);
  os << "#define " << t.macro << "_NAME " << cString(t.tensor->name) << "\n";
  os << "#define " << t.macro << "_TYPE "
     << (t.pixels ? "KILN_UINT8" : "KILN_FLOAT32") << "\n";
  os << "#define " << t.macro << "_RANK " << shape.size() << "\n";
  os << "#define " << t.macro << "_DIMS {";
  llvm::interleaveComma(shape, os);
  os << "}\n";
  for (auto [k, dim] : llvm::enumerate(shape))
    os << "#define " << t.macro << "_DIM" << k << " " << dim << "\n";
  os << "#define " << t.macro << "_COUNT " << count << "\n";
  os << "#define " << t.macro << "_BYTES " << count * (t.pixels ? 1 : 4)
     << "u\n";
}

// The first input's and output's macros without an index: the common
// single-input, single-output case reads MODEL_INPUT_COUNT.
void writeShortMacros(llvm::raw_ostream &os, const HeaderTensor &t,
                      llvm::StringRef shortMacro) {
  for (llvm::StringRef field :
       {"NAME", "TYPE", "RANK", "DIMS", "COUNT", "BYTES"})
    os << "#define " << shortMacro << "_" << field << " " << t.macro << "_"
       << field << "\n";
}

// The scratch arena a run needs (ArenaPlan.h): on one thread, and more for
// each further thread.
void writeArenaMacros(llvm::raw_ostream &os, llvm::StringRef macro,
                      const ArenaLayout &arena) {
  uint64_t regions = arena.pipelineBytes + arena.partBytes + arena.threadBytes;
  // As kiln_model_scratch_size counts: room to align, and the pads.
  uint64_t one =
      regions ? KILN_ARENA_ALIGNMENT + 2 * KILN_ARENA_PAD + regions : 0;
  os << "/* The scratch memory a run's intermediate tensors take on one "
        "thread, and\n * more for each further thread "
        "(kiln_model_scratch_size).";
  if (arena.unplanned > 0)
    os << " " << arena.unplanned
       << " allocations are\n * not planned: runs still allocate them.";
  os << " */\n"
     << "#define " << macro << "_SCRATCH_BYTES " << one << "u\n"
     << "#define " << macro << "_SCRATCH_BYTES_PER_THREAD " << arena.threadBytes
     << "u\n"
     << "#define " << macro << "_SCRATCH_BYTES_FOR(threads) (" << macro
     << "_SCRATCH_BYTES + ((threads) - 1) * " << macro
     << "_SCRATCH_BYTES_PER_THREAD)\n";
}

// The arguments of <name>_run in a call, in a comment: "input,
// MODEL_INPUT_COUNT, ...", a line per tensor when there are several.
std::string runArguments(const std::vector<HeaderTensor> &tensors) {
  std::string text;
  for (const HeaderTensor &t : tensors)
    text += (tensors.size() > 2 ? ",\n *       " : ", ") + t.param + ", " +
            t.macro + "_COUNT";
  return text;
}

// <name>_run: one typed pointer and its count per input, then per output.
void writeRunFunction(llvm::raw_ostream &os, llvm::StringRef name,
                      const std::vector<HeaderTensor> &tensors,
                      size_t numInputs) {
  os << "/* Runs the model. Each buffer holds its tensor's COUNT values:\n";
  for (const HeaderTensor &t : tensors)
    os << " *   " << t.param << ": '" << commentText(t.tensor->name) << "', "
       << t.cType() << " " << nn::formatShape(t.tensor->shape) << t.layout
       << "\n";
  os << " */\n";
  os << "static inline kiln_status " << name << "_run(const kiln_model *model";
  for (auto [i, t] : llvm::enumerate(tensors))
    os << ",\n    " << (i < numInputs ? "const " : "") << t.cType() << " *"
       << t.param << ", size_t " << t.param << "_count";
  os << ") {\n";
  auto list = [&](llvm::StringRef suffix, bool inputs) {
    std::string text;
    for (auto [i, t] : llvm::enumerate(tensors))
      if ((i < numInputs) == inputs)
        text += (text.empty() ? "" : ", ") + t.param + suffix.str();
    return text;
  };
  os << "  const void *inputs[] = {" << list("", true) << "};\n"
     << "  const size_t input_counts[] = {" << list("_count", true) << "};\n"
     << "  float *const outputs[] = {" << list("", false) << "};\n"
     << "  const size_t output_counts[] = {" << list("_count", false)
     << "};\n"
     << "  return kiln_model_run_typed(model, inputs, input_counts, outputs,\n"
     << "                              output_counts);\n}\n\n";
}

// What each input takes, where a contract converts it (NNInputContract.h).
void writeInputContracts(llvm::raw_ostream &os,
                         const lowering::LoweredNetwork &network) {
  for (size_t i = 0; i < network.inputTensors.size(); ++i) {
    const nn::InputContract &contract = network.inputContracts[i];
    if (contract.isIdentity())
      continue;
    // The description holds only numbers, names of types and layouts.
    os << "/* Input " << i << " takes " << nn::describe(contract) << ". */\n";
  }
}

// The parts' weight lists and the table of parts, inside <name>_info().
void writePartTable(llvm::raw_ostream &os,
                    const std::vector<lowering::LoweredPart> &parts,
                    const std::vector<std::string> &partFunctions) {
  for (size_t k = 0; k < parts.size(); ++k) {
    os << "  static const int32_t part" << k << "_weights[] = {";
    llvm::interleaveComma(parts[k].weights, os);
    os << "};\n";
  }
  os << "  static const kiln_part_info parts[] = {\n";
  for (size_t i = 0; i < partFunctions.size(); ++i) {
    size_t k = i % parts.size();
    os << "    {" << partFunctions[i] << "_argv, " << parts[k].weights.size()
       << ", part" << k << "_weights},\n";
  }
  os << "  };\n";
}

} // namespace

std::string generateCHeader(
    const lowering::LoweredNetwork &network, const WeightsLayout &weights,
    llvm::StringRef pipelineSymbol, llvm::StringRef deviceInterfaceSymbol,
    const std::vector<std::string> &partFunctions, llvm::StringRef sourceFile,
    llvm::StringRef embeddedWeights, const ArenaLayout &arena) {
  const std::string &name = network.name;
  std::string macro = upper(name);
  std::vector<HeaderTensor> tensors = headerTensors(network, macro);
  size_t numInputs = network.inputTensors.size();
  std::string text;
  llvm::raw_string_ostream os(text);

  // The file's name only: a generated header says nothing of the build
  // machine's directories.
  os << "/* " << name << ".h — model '" << name << "' compiled by kilnc from "
     << commentText(llvm::sys::path::filename(sourceFile)) << ".\n"
     << " * Generated file: do not edit. Link with " << name
     << ".a and libkiln_runtime.a,\n";
  if (embeddedWeights.empty())
    os << " * and ship " << name << ".weights with the program.\n";
  else
    os << " * which holds the weights (kilnc --embed-weights).\n";
  os << " *\n"
     << " *   kiln_model *model;\n"
     << " *   if ("
     << (embeddedWeights.empty() ? name + "_load(\"" + name + ".weights\", "
                                 : name + "_load_embedded(")
     << "&model) != KILN_OK) puts(kiln_last_error());\n"
     << " *   " << name << "_run(model" << runArguments(tensors) << ");\n"
     << " *   kiln_model_free(model);\n"
     << " */\n";
  os << "#ifndef KILN_MODEL_" << macro << "_H\n#define KILN_MODEL_" << macro
     << "_H\n\n#include <kiln/runtime.h>\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  os << "#define " << macro << "_NUM_INPUTS " << numInputs << "\n#define "
     << macro << "_NUM_OUTPUTS " << network.outputTensors.size() << "\n";
  for (const HeaderTensor &t : tensors)
    writeTensorMacros(os, t);
  writeShortMacros(os, tensors.front(), macro + "_INPUT");
  writeShortMacros(os, tensors[numInputs], macro + "_OUTPUT");
  writeInputContracts(os, network);
  writeArenaMacros(os, macro, arena);
  os << "\n/* The compiled pipeline, in " << name << ".a. */\n";
  os << "int " << pipelineSymbol << "(void **args);\n";
  if (!partFunctions.empty())
    os << "/* The parts it calls, also in " << name << ".a. */\n";
  for (const std::string &part : partFunctions)
    os << "int " << part << "_argv(void **args);\n";
  if (!deviceInterfaceSymbol.empty())
    os << "/* The GPU API it runs on, also in " << name << ".a. */\n"
       << "const struct halide_device_interface_t *" << deviceInterfaceSymbol
       << "(void);\n";
  os << "\n";

  std::vector<lowering::NamedTensor> weightTensors;
  for (const lowering::WeightParam &w : network.weights)
    weightTensors.push_back(w.tensor);

  os << "/* Everything the runtime needs to know about the model. */\n";
  os << "static inline const kiln_model_info *" << name << "_info(void) {\n";
  writeTensorTable(os, "inputs", network.inputTensors, {},
                   network.inputContracts);
  writeTensorTable(os, "outputs", network.outputTensors, {});
  writeTensorTable(os, "weights", weightTensors, weights.offsets);
  if (!partFunctions.empty())
    writePartTable(os, network.parts, partFunctions);
  os << llvm::formatv(
      "  static const kiln_model_info info = {{\n"
      "    {0}, {1}, {2}, inputs, {3}, outputs, {4}, weights,\n"
      "    {5}u, 0x{6:x-}u, {7}, {8}, {9},\n"
      "    {10}u, {11}u, {12}u};\n"
      "  return &info;\n}\n\n",
      cString(name), pipelineSymbol, network.inputTensors.size(),
      network.outputTensors.size(), network.weights.size(), weights.fileSize,
      weights.fingerprint,
      deviceInterfaceSymbol.empty() ? "0" : deviceInterfaceSymbol,
      network.parts.size(), partFunctions.empty() ? "0" : "parts",
      arena.pipelineBytes, arena.partBytes, arena.threadBytes);

  if (!embeddedWeights.empty())
    os << "#define " << macro << "_EMBEDDED_WEIGHTS 1\n"
       << "/* The weights image, in " << name << ".a: a whole " << name
       << ".weights file. */\n"
       << "extern const unsigned char " << embeddedWeights << "[];\n\n"
       << "/* Loads the model over the weights in " << name
       << ".a: no file, no copy. */\n"
       << "static inline kiln_status " << name
       << "_load_embedded(kiln_model **model) {\n"
       << "  return kiln_model_load_from_memory(" << name << "_info(), "
       << embeddedWeights << ",\n"
       << "                                     " << weights.fileSize
       << "u, model);\n}\n\n";
  os << "/* Loads a weights file kilnc wrote for this library: next to it, or\n"
     << " * later for retrained weights (kilnc --emit=weights). */\n";
  os << "static inline kiln_status " << name
     << "_load(const char *weights_path, kiln_model **model) {\n"
     << "  return kiln_model_load(" << name
     << "_info(), weights_path, model);\n}\n\n";

  writeRunFunction(os, name, tensors, numInputs);
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* KILN_MODEL_" << macro
     << "_H */\n";
  return text;
}

} // namespace kiln::codegen
