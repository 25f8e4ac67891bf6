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

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::codegen {
namespace {

std::string upper(llvm::StringRef text) { return text.upper(); }

// The name of a tensor written as a C string literal.
std::string cString(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
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

void writeShapeMacros(llvm::raw_ostream &os, llvm::StringRef prefix,
                      const lowering::NamedTensor &tensor) {
  os << "#define " << prefix << "_RANK " << tensor.shape.size() << "\n";
  os << "#define " << prefix << "_COUNT " << nn::elementCount(tensor.shape)
     << "\n";
  os << "/* " << prefix << " shape: " << nn::formatShape(tensor.shape)
     << " */\n";
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

std::string generateCHeader(const lowering::LoweredNetwork &network,
                            const WeightsLayout &weights,
                            llvm::StringRef pipelineSymbol,
                            llvm::StringRef deviceInterfaceSymbol,
                            const std::vector<std::string> &partFunctions,
                            llvm::StringRef sourceFile) {
  const std::string &name = network.name;
  std::string macro = upper(name);
  std::string text;
  llvm::raw_string_ostream os(text);

  // The file's name only: a generated header says nothing of the build
  // machine's directories.
  os << "/* " << name << ".h — model '" << name << "' compiled by kilnc from "
     << llvm::sys::path::filename(sourceFile) << ".\n"
     << " * Generated file: do not edit. Link with " << name
     << ".a and libkiln_runtime.a,\n"
     << " * and ship " << name << ".weights with the program.\n"
     << " *\n"
     << " *   kiln_model *model;\n"
     << " *   if (" << name << "_load(\"" << name
     << ".weights\", &model) != KILN_OK) puts(kiln_last_error());\n"
     << " *   " << name << "_run(model, input, " << macro
     << "_INPUT_COUNT, output, " << macro << "_OUTPUT_COUNT);\n"
     << " *   kiln_model_free(model);\n"
     << " */\n";
  os << "#ifndef KILN_MODEL_" << macro << "_H\n#define KILN_MODEL_" << macro
     << "_H\n\n#include <kiln/runtime.h>\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  os << "#define " << macro << "_NUM_INPUTS " << network.inputTensors.size()
     << "\n#define " << macro << "_NUM_OUTPUTS " << network.outputTensors.size()
     << "\n";
  // The first input and output get short macros; the common single-input,
  // single-output case needs nothing else.
  writeShapeMacros(os, macro + "_INPUT", network.inputTensors.front());
  writeShapeMacros(os, macro + "_OUTPUT", network.outputTensors.front());
  writeInputContracts(os, network);
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
      "    {5}u, 0x{6:x-}u, {7}, {8}, {9}};\n"
      "  return &info;\n}\n\n",
      cString(name), pipelineSymbol, network.inputTensors.size(),
      network.outputTensors.size(), network.weights.size(), weights.fileSize,
      weights.fingerprint,
      deviceInterfaceSymbol.empty() ? "0" : deviceInterfaceSymbol,
      network.parts.size(), partFunctions.empty() ? "0" : "parts");

  os << "/* Loads the weights file written next to " << name << ".a. */\n";
  os << "static inline kiln_status " << name
     << "_load(const char *weights_path, kiln_model **model) {\n"
     << "  return kiln_model_load(" << name
     << "_info(), weights_path, model);\n}\n\n";

  if (network.inputTensors.size() == 1 && network.outputTensors.size() == 1) {
    const nn::InputContract &contract = network.inputContracts.front();
    bool pixels = contract.type == nn::PixelType::UInt8;
    os << "/* Runs the model on one input (" << macro << "_INPUT_COUNT "
       << (pixels ? "uint8 values" : "floats") << ", "
       << nn::formatShape(network.inputTensors.front().shape)
       << (contract.isIdentity() ? ""
                                 : " " + upper(nn::spelling(contract.layout)))
       << ") into one output. */\n";
    os << "static inline kiln_status " << name
       << "_run(const kiln_model *model, const "
       << (pixels ? "uint8_t" : "float") << " *input,\n"
       << "    size_t input_count, float *output, size_t output_count) {\n";
    if (pixels)
      os << "  const void *inputs[] = {input};\n"
         << "  return kiln_model_run_typed(model, inputs, &input_count, "
            "&output,\n"
         << "                              &output_count);\n}\n\n";
    else
      os << "  return kiln_model_run(model, &input, &input_count, &output,\n"
         << "                        &output_count);\n}\n\n";
  }
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* KILN_MODEL_" << macro
     << "_H */\n";
  return text;
}

} // namespace kiln::codegen
