//===- JsonImporter.cpp - Kiln's JSON network format to nn ----------------===//
//
// Walks the network description: its inputs, the weight source, the layers
// in order (each reading the previous layer's output unless it names its
// inputs) and the outputs, and builds one func.func. Layer locations are
// `loc("conv1"("model.json":LINE:COL))`, the position being where the
// layer's object starts, so every later error can point at the layer.
//
//===----------------------------------------------------------------------===//

#include "frontends/json/JsonImporter.h"

#include "frontends/common/ModelName.h"
#include "frontends/common/ReadFile.h"
#include "frontends/json/AugmentBlock.h"
#include "frontends/json/AugmentFeed.h"
#include "frontends/json/FieldReader.h"
#include "frontends/json/InputPixels.h"
#include "frontends/json/Layers.h"
#include "frontends/json/SourcePositions.h"
#include "frontends/json/WeightSource.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

using namespace mlir;
using Json = nlohmann::json;

namespace kiln::jsonimport {
namespace {

class Importer {
public:
  Importer(MLIRContext &context, llvm::StringRef path, llvm::StringRef text,
           const ImportOptions &options)
      : context(context), builder(&context), path(path.str()), text(text),
        options(options), fileLoc(FileLineColLoc::get(&context, path, 0, 0)) {}

  OwningOpRef<ModuleOp> run();
  FailureOr<std::optional<ImportedAugmentation>> runAugment();

private:
  LogicalResult parseDocument(Json &root);
  /// The "name" field, or the file's stem; a C identifier.
  FailureOr<std::string> readModelName(FieldReader &network);
  /// Where the value at `pointer` ("/layers/3") is written.
  FileLineColLoc positionLoc(llvm::StringRef pointer);
  std::unique_ptr<WeightSource> openWeights(FieldReader &network);
  FailureOr<func::FuncOp> importInputs(FieldReader &network, ModuleOp module,
                                       llvm::StringRef modelName);
  LogicalResult importLayer(const Json &layer, size_t index,
                            WeightSource &weights);
  LogicalResult importOutputs(FieldReader &network, func::FuncOp func);
  FailureOr<Value> lookupValue(FieldReader &reader, llvm::StringRef role,
                               llvm::StringRef name);
  LogicalResult define(FieldReader &reader, llvm::StringRef name, Value value);

  MLIRContext &context;
  OpBuilder builder;
  std::string path;
  llvm::StringRef text;
  const ImportOptions &options;
  Location fileLoc;
  std::optional<SourcePositions> positions;
  llvm::StringMap<Value> values; // inputs and layer outputs, by name
  Value previous;                // what a layer without "inputs" reads
  std::string lastLayer;
};

LogicalResult Importer::parseDocument(Json &root) {
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error &error) {
    // Byte offset to line and column, for an editor-friendly location.
    size_t offset =
        std::min<size_t>(error.byte ? error.byte - 1 : 0, text.size());
    llvm::StringRef before = text.take_front(offset);
    unsigned line = before.count('\n') + 1;
    unsigned column = offset - (before.rfind('\n') + 1) + 1;
    std::string message = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " tag.
    if (auto pos = message.find("] "); pos != std::string::npos)
      message = message.substr(pos + 2);
    emitError(FileLineColLoc::get(&context, path, line, column))
        << "invalid JSON: " << message;
    return failure();
  } catch (const Json::exception &error) {
    // Any other refusal of the parser (a number out of range: 1e400).
    std::string message = error.what();
    if (auto pos = message.find("] "); pos != std::string::npos)
      message = message.substr(pos + 2);
    emitError(fileLoc) << "invalid JSON: " << message;
    return failure();
  }
  if (!root.is_object()) {
    emitError(fileLoc) << "a network must be a JSON object, got "
                       << root.type_name();
    return failure();
  }
  positions.emplace(text);
  if (const auto &duplicate = positions->duplicateKey()) {
    emitError(FileLineColLoc::get(&context, path, duplicate->position.line,
                                  duplicate->position.column))
        << "field '" << duplicate->key << "' is written twice in the same "
        << "object ("
        << (duplicate->objectPointer.empty() ? std::string("the network")
                                             : duplicate->objectPointer)
        << ")";
    return failure();
  }
  return success();
}

FileLineColLoc Importer::positionLoc(llvm::StringRef pointer) {
  LineColumn position = positions->find(pointer);
  return FileLineColLoc::get(&context, path, position.line, position.column);
}

std::unique_ptr<WeightSource> Importer::openWeights(FieldReader &network) {
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  const Json *spec = network.getObject("weights");
  if (!options.weightsFile.empty())
    return openWeightsFile(options.weightsFile, fileLoc);
  if (!spec)
    return makeMissingWeights();
  if (!spec->is_object()) {
    network.emitError() << "field 'weights' must be an object: "
                        << "{\"file\": \"...\"} or {\"random_seed\": N}";
    return nullptr;
  }
  FieldReader reader(*spec, fileLoc, "weights");
  bool hasFile = reader.has("file"), hasSeed = reader.has("random_seed");
  if (hasFile == hasSeed) {
    reader.emitError() << "give exactly one of \"file\" and \"random_seed\"";
    return nullptr;
  }
  if (hasSeed) {
    auto seed = reader.getInt("random_seed");
    if (succeeded(seed) && *seed < 0) {
      reader.emitError() << "\"random_seed\" must be >= 0, got " << *seed;
      return nullptr;
    }
    return succeeded(seed) && succeeded(reader.checkNoUnknownFields())
               ? makeRandomWeights(*seed)
               : nullptr;
  }
  auto file = reader.getString("file");
  if (failed(file) || failed(reader.checkNoUnknownFields()))
    return nullptr;
  // Relative paths are relative to the JSON file, not to the working dir.
  llvm::SmallString<256> weightsPath(*file);
  if (llvm::sys::path::is_relative(weightsPath)) {
    weightsPath = dir;
    llvm::sys::path::append(weightsPath, *file);
  }
  return openWeightsFile(weightsPath, fileLoc);
}

LogicalResult Importer::define(FieldReader &reader, llvm::StringRef name,
                               Value value) {
  if (!values.try_emplace(name, value).second) {
    reader.emitError() << "the name '" << name << "' is used twice";
    return failure();
  }
  return success();
}

FailureOr<Value> Importer::lookupValue(FieldReader &reader,
                                       llvm::StringRef role,
                                       llvm::StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  reader.emitError() << "unknown " << role << " '" << name
                     << "': not a network input or an earlier layer";
  return failure();
}

FailureOr<func::FuncOp> Importer::importInputs(FieldReader &network,
                                               ModuleOp module,
                                               llvm::StringRef modelName) {
  const Json *inputs = network.getObject("inputs");
  if (!inputs || !inputs->is_array() || inputs->empty()) {
    network.emitError() << "field 'inputs' must be a non-empty list of "
                        << "{\"name\": ..., \"shape\": [...]}";
    return failure();
  }
  SmallVector<Type> types;
  SmallVector<std::string> names;
  SmallVector<Location> locs;
  // Each input's "pixels", resolved by the driver (InputContracts.h).
  SmallVector<nn::InputContractFields> pixelFields;
  for (auto [index, input] : llvm::enumerate(*inputs)) {
    Location loc = positionLoc("/inputs/" + std::to_string(index));
    if (!input.is_object()) {
      emitError(loc) << "each input must be an object, got "
                     << describeValue(input);
      return failure();
    }
    FieldReader reader(input, loc, "input");
    auto name = reader.getString("name");
    if (failed(name))
      return failure();
    FieldReader named(input, loc, "input '" + *name + "'");
    (void)named.getString("name");
    auto shape = named.getIntList("shape");
    if (failed(shape))
      return failure();
    nn::InputContractFields given;
    if (const Json *pixels = named.getObject("pixels")) {
      auto fields = readInputPixels(
          *pixels, positionLoc("/inputs/" + std::to_string(index) + "/pixels"),
          *name);
      if (failed(fields))
        return failure();
      given = *fields;
    }
    if (failed(named.checkNoUnknownFields()))
      return failure();
    if (shape->empty() ||
        llvm::any_of(*shape, [](int64_t d) { return d < 1; })) {
      named.emitError() << "shape must be a non-empty list of sizes >= 1";
      return failure();
    }
    // --input-shape replaces the declared shape, --batch its first size.
    if (const InputShape *given = options.inputShapes.find(*name, index))
      shape->assign(given->dims.begin(), given->dims.end());
    else if (options.inputShapes.batch)
      shape->front() = *options.inputShapes.batch;
    if (auto count = nn::checkedElementCount(*shape); !count) {
      named.emitError() << llvm::toString(count.takeError());
      return failure();
    }
    types.push_back(RankedTensorType::get(*shape, builder.getF32Type()));
    names.push_back(*name);
    locs.push_back(named.getLoc());
    pixelFields.push_back(given);
  }

  if (llvm::Error error = options.inputShapes.checkAllMatch(
          std::vector<std::string>(names.begin(), names.end()))) {
    emitError(fileLoc) << llvm::toString(std::move(error));
    return failure();
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, modelName,
                                   builder.getFunctionType(types, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, arg] : llvm::enumerate(entry->getArguments())) {
    arg.setLoc(locs[i]);
    func.setArgAttr(i, "kiln.name", builder.getStringAttr(names[i]));
    if (!pixelFields[i].empty())
      func.setArgAttr(i, nn::kInputContractAttr,
                      nn::toAttr(builder.getContext(), pixelFields[i]));
    FieldReader reader((*inputs)[i], locs[i], "input '" + names[i] + "'");
    if (failed(define(reader, names[i], arg)))
      return failure();
  }
  builder.setInsertionPointToStart(entry);
  previous = entry->getArgument(0);
  return func;
}

LogicalResult Importer::importLayer(const Json &layer, size_t index,
                                    WeightSource &weights) {
  FileLineColLoc position = positionLoc("/layers/" + std::to_string(index));
  if (!layer.is_object()) {
    emitError(position) << "layer #" << index << " must be an object, got "
                        << describeValue(layer);
    return failure();
  }
  FieldReader unnamed(layer, position, "layer #" + std::to_string(index));
  auto name = unnamed.getString("name");
  if (failed(name))
    return failure();
  if (name->empty()) {
    unnamed.emitError() << "a layer name must not be empty";
    return failure();
  }

  Location loc = NameLoc::get(StringAttr::get(&context, *name), position);
  FieldReader probe(layer, loc, "");
  auto type = probe.getString("type");
  if (failed(type))
    return failure();
  LayerBuilder build = lookupLayerBuilder(*type);
  if (!build) {
    probe.emitError() << "unknown layer type '" << *type
                      << "' (known types: " << knownLayerTypes() << ")";
    return failure();
  }

  FieldReader fields(layer, loc, *type);
  (void)fields.getString("name");
  (void)fields.getString("type");
  SmallVector<Value> inputs;
  if (fields.has("inputs")) {
    auto names = fields.getStringList("inputs");
    if (failed(names))
      return failure();
    for (const std::string &input : *names) {
      auto value = lookupValue(fields, "input", input);
      if (failed(value))
        return failure();
      inputs.push_back(*value);
    }
  } else {
    // Sequential by default: the previous layer, or the first input.
    inputs.push_back(previous);
  }

  LayerContext context{builder, loc, *name, fields, weights, inputs};
  auto result = build(context);
  if (failed(result) || failed(fields.checkNoUnknownFields()) ||
      failed(define(fields, *name, *result)))
    return failure();
  lastLayer = *name;
  previous = *result;
  return success();
}

LogicalResult Importer::importOutputs(FieldReader &network, func::FuncOp func) {
  SmallVector<std::string> names;
  if (network.has("outputs")) {
    auto listed = network.getStringList("outputs");
    if (failed(listed))
      return failure();
    names = *listed;
  } else {
    names.push_back(lastLayer);
  }
  if (names.empty()) {
    network.emitError() << "field 'outputs' must name at least one layer";
    return failure();
  }
  SmallVector<Value> results;
  llvm::StringSet<> listed;
  for (const std::string &name : names) {
    if (!listed.insert(name).second) {
      network.emitError() << "output '" << name << "' is listed twice";
      return failure();
    }
    auto value = lookupValue(network, "output", name);
    if (failed(value))
      return failure();
    results.push_back(*value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(func.getArgumentTypes(),
                                               ValueRange(results).getTypes()));
  for (auto [i, name] : llvm::enumerate(names))
    func.setResultAttr(i, "kiln.name", builder.getStringAttr(name));
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  Json root;
  if (failed(parseDocument(root)))
    return nullptr;
  FieldReader network(root, fileLoc, "network");
  auto modelName = readModelName(network);
  if (failed(modelName))
    return nullptr;
  // An augmentation next to the network is importAugmentFile's.
  (void)network.getObject("augment");

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  auto func = importInputs(network, *module, *modelName);
  if (failed(func))
    return nullptr;

  std::unique_ptr<WeightSource> weights = openWeights(network);
  if (!weights)
    return nullptr;

  const Json *layers = network.getObject("layers");
  if (!layers || !layers->is_array() || layers->empty()) {
    network.emitError() << "field 'layers' must be a non-empty list";
    return nullptr;
  }
  for (auto [index, layer] : llvm::enumerate(*layers))
    if (failed(importLayer(layer, index, *weights)))
      return nullptr;

  if (failed(weights->finish(fileLoc)) ||
      failed(importOutputs(network, *func)) ||
      failed(network.checkNoUnknownFields()))
    return nullptr;
  return module;
}

} // namespace

FailureOr<std::string> Importer::readModelName(FieldReader &network) {
  std::string modelName = llvm::sys::path::stem(path).str();
  if (network.has("name")) {
    auto name = network.getString("name");
    if (failed(name))
      return failure();
    modelName = *name;
  }
  std::string problem = modelNameProblem(modelName);
  if (!problem.empty()) {
    network.emitError() << problem << "; set \"name\"";
    return failure();
  }
  return modelName;
}

FailureOr<std::optional<ImportedAugmentation>> Importer::runAugment() {
  Json root;
  if (failed(parseDocument(root)))
    return failure();
  if (!root.contains("augment"))
    return std::optional<ImportedAugmentation>();
  FieldReader file(root, fileLoc, "augmentation file");
  auto modelName = readModelName(file);
  if (failed(modelName))
    return failure();
  auto locate = [&](llvm::StringRef pointer) -> Location {
    return positionLoc(pointer);
  };
  // Next to a network, the augmentation's C API gets a name of its own.
  bool nextToNetwork = root.contains("layers") || root.contains("inputs");
  std::string name = nextToNetwork ? *modelName + "_datagen" : *modelName;
  auto spec = readAugmentBlock(*file.getObject("augment"), name, locate);
  if (failed(spec))
    return failure();
  if (nextToNetwork) {
    if (spec->name == *modelName) {
      emitError(locate("/augment"))
          << "augment: 'name' must differ from the network's, '" << *modelName
          << "': each prefixes a generated C API";
      return failure();
    }
    if (root.contains("inputs") &&
        failed(checkAugmentFeedsInput(*spec, root["inputs"], locate)))
      return failure();
  } else {
    if (!spec->feeds.empty()) {
      emitError(locate("/augment"))
          << "augment: 'feeds' names a network input, and this file has no "
          << "network";
      return failure();
    }
    if (failed(file.checkNoUnknownFields()))
      return failure();
  }
  return std::optional<ImportedAugmentation>({*spec, nextToNetwork});
}

FailureOr<std::optional<ImportedAugmentation>>
importAugmentFile(MLIRContext &context, llvm::StringRef path) {
  auto buffer = readRegularFile(path, /*isText=*/true);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read network file: " << llvm::toString(buffer.takeError());
    return failure();
  }
  ImportOptions options;
  Importer importer(context, path, (*buffer)->getBuffer(), options);
  return importer.runAugment();
}

OwningOpRef<ModuleOp> importJsonFile(MLIRContext &context, llvm::StringRef path,
                                     const ImportOptions &options) {
  context.loadDialect<nn::NNDialect, func::FuncDialect>();
  auto buffer = readRegularFile(path, /*isText=*/true);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read network file: " << llvm::toString(buffer.takeError());
    return nullptr;
  }
  Importer importer(context, path, (*buffer)->getBuffer(), options);
  return importer.run();
}

} // namespace kiln::jsonimport
