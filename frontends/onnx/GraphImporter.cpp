//===- GraphImporter.cpp - one ONNX graph to one func.func ----------------===//

#include "frontends/onnx/GraphImporter.h"

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeImporter.h"
#include "frontends/onnx/PreInferenceChecks.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace kiln::onnximport {

GraphImporter::GraphImporter(MLIRContext &context, std::string path,
                             const onnx::ModelProto &model, int64_t opset,
                             bool remarks)
    : context(context), builder(&context), path(std::move(path)), model(model),
      opset(opset), remarks(remarks),
      fileLoc(FileLineColLoc::get(&context, this->path, 0, 0)) {
  modelDir = llvm::sys::path::parent_path(this->path).str();
}

// The file name as a C identifier: it prefixes the generated C API.
std::string GraphImporter::modelName() const {
  std::string name;
  for (char c : llvm::sys::path::stem(path))
    name += llvm::isAlnum(c) ? c : '_';
  if (name.empty() || llvm::isDigit(name.front()))
    name = "model_" + name;
  return name;
}

Location GraphImporter::nodeLoc(const onnx::NodeProto &node, size_t index) {
  return nodeLocation(node, index, fileLoc);
}

LogicalResult GraphImporter::readInitializers() {
  for (const onnx::TensorProto &tensor : model.graph().initializer()) {
    auto data = readTensor(tensor, modelDir);
    if (!data) {
      emitError(fileLoc) << "initializer '" << tensor.name()
                         << "': " << llvm::toString(data.takeError());
      return failure();
    }
    constants[tensor.name()] = std::move(*data);
  }
  return success();
}

// Also decides which nodes are evaluated at import: those that can be
// (HostFolding.h) and whose inputs are all known at import, following the
// graph's (topological) order.
LogicalResult GraphImporter::checkSupported() {
  std::string unsupported;
  int count = 0;
  llvm::StringSet<> known;
  for (const auto &entry : constants)
    known.insert(entry.getKey());
  for (auto [index, node] : llvm::enumerate(model.graph().node())) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    const OpSupport *support = lookupOp(node.op_type());
    bool inputsKnown =
        readsOnlyShape(node.op_type()) ||
        llvm::all_of(node.input(), [&](const std::string &input) {
          return input.empty() || known.contains(input);
        });
    bool folded =
        defaultDomain && isHostFoldable(node.op_type()) && inputsKnown;
    if (folded)
      hostFolded.insert(index);
    if ((node.op_type() == "Constant" && defaultDomain) || folded) {
      for (const std::string &output : node.output())
        known.insert(output);
      continue;
    }
    if (defaultDomain && support && opset >= support->minOpset)
      continue;
    ++count;
    unsupported += "\n  " + unsupportedNodeLine(node, index, opset);
    if (defaultDomain && isHostFoldable(node.op_type()))
      unsupported += " (Kiln evaluates it only at import, on constants and "
                     "shapes, and its inputs are computed at run time)";
  }
  if (count == 0)
    return success();
  emitError(fileLoc) << "the model has " << count
                     << " node(s) Kiln cannot import:" << unsupported;
  return failure();
}

// Inputs no node reads (tf2onnx leaves the ones it folded into constants,
// e.g. a Keras Normalization layer's statistics) are left out of the
// library, with a note: a caller could only pass them in vain.
FailureOr<func::FuncOp> GraphImporter::importInputs(ModuleOp module) {
  llvm::StringSet<> read;
  for (const onnx::NodeProto &node : model.graph().node())
    for (const std::string &input : node.input())
      read.insert(input);
  for (const onnx::ValueInfoProto &output : model.graph().output())
    read.insert(output.name());
  SmallVector<Type> types;
  SmallVector<std::string> names;
  for (const onnx::ValueInfoProto &input : model.graph().input()) {
    if (constants.count(input.name()))
      continue; // an initializer listed as an input (IR version < 4)
    if (!read.contains(input.name())) {
      context.getDiagEngine().emit(fileLoc, DiagnosticSeverity::Note)
          << "input '" << input.name() << "' is not read by any node: "
          << "left out of the library";
      continue;
    }
    const auto &tensorType = input.type().tensor_type();
    SmallVector<int64_t> shape;
    for (const auto &dim : tensorType.shape().dim()) {
      if (!dim.has_dim_value() || dim.dim_value() < 1) {
        emitError(fileLoc)
            << "input '" << input.name() << "' has a dynamic dimension"
            << (dim.has_dim_param() ? " '" + dim.dim_param() + "'" : "")
            << ": Kiln compiles static shapes; export the model with fixed "
            << "sizes";
        return failure();
      }
      shape.push_back(dim.dim_value());
    }
    if (auto count = nn::checkedElementCount(shape); !count) {
      emitError(fileLoc) << "input '" << input.name()
                         << "': " << llvm::toString(count.takeError());
      return failure();
    }
    types.push_back(RankedTensorType::get(shape, builder.getF32Type()));
    names.push_back(input.name());
  }
  if (types.empty()) {
    emitError(fileLoc) << "the model has no inputs besides its weights";
    return failure();
  }

  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, modelName(),
                                   builder.getFunctionType(types, {}));
  entry = func.addEntryBlock();
  for (auto [i, arg] : llvm::enumerate(entry->getArguments())) {
    func.setArgAttr(i, "kiln.name", builder.getStringAttr(names[i]));
    values[names[i]] = arg;
  }
  builder.setInsertionPointToEnd(entry);
  return func;
}

Value GraphImporter::lookupValue(llvm::StringRef name) {
  if (Value value = values.lookup(name))
    return value;
  auto it = constants.find(name);
  if (it == constants.end() || !it->second.isFloat)
    return nullptr;
  const HostTensor &tensor = it->second;
  auto type = RankedTensorType::get(tensor.shape, builder.getF32Type());
  auto blob = DenseF32ResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(
          ArrayRef<float>(tensor.floats)));
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entry);
  Location loc = NameLoc::get(StringAttr::get(&context, name), fileLoc);
  Value value = nn::ConstantOp::create(builder, loc, cast<ElementsAttr>(blob));
  values[name] = value;
  return value;
}

const HostTensor *GraphImporter::lookupConstant(llvm::StringRef name) const {
  auto it = constants.find(name);
  return it == constants.end() ? nullptr : &it->second;
}

// A Constant node defines a host tensor, like an initializer.
static FailureOr<HostTensor> readConstantNode(const onnx::NodeProto &node,
                                              llvm::StringRef modelDir,
                                              Location loc) {
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (attr.name() == "value") {
      auto data = readTensor(attr.t(), modelDir);
      if (!data) {
        emitError(loc) << "Constant: " << llvm::toString(data.takeError());
        return failure();
      }
      return std::move(*data);
    }
    HostTensor tensor;
    if (attr.name() == "value_float") {
      tensor.floats = {attr.f()};
    } else if (attr.name() == "value_floats") {
      tensor.floats.assign(attr.floats().begin(), attr.floats().end());
      tensor.shape = {static_cast<int64_t>(tensor.floats.size())};
    } else if (attr.name() == "value_int") {
      tensor.isFloat = false;
      tensor.ints = {attr.i()};
    } else if (attr.name() == "value_ints") {
      tensor.isFloat = false;
      tensor.ints.assign(attr.ints().begin(), attr.ints().end());
      tensor.shape = {static_cast<int64_t>(tensor.ints.size())};
    } else {
      continue;
    }
    return tensor;
  }
  emitError(loc) << "Constant: only tensor, float and int values are "
                 << "supported";
  return failure();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node,
                                        size_t index) {
  Location loc = nodeLoc(node, index);
  if (node.op_type() == "Constant") {
    auto tensor = readConstantNode(node, modelDir, loc);
    if (failed(tensor))
      return failure();
    constants[node.output(0)] = std::move(*tensor);
    return success();
  }

  if (hostFolded.contains(index))
    return foldOnHost(node, loc);

  NodeContext context(*this, builder, loc, node, opset);
  auto results = lookupOp(node.op_type())->importer(context);
  if (failed(results))
    return failure();
  for (int i = 0; i < node.output_size(); ++i) {
    if (node.output(i).empty())
      continue;
    if (i >= static_cast<int>(results->size())) {
      emitError(loc) << node.op_type() << ": output #" << i << " ('"
                     << node.output(i) << "') is not supported";
      return failure();
    }
    values[node.output(i)] = (*results)[i];
  }
  return success();
}

LogicalResult GraphImporter::foldOnHost(const onnx::NodeProto &node,
                                        Location loc) {
  // Shape and Size read a run-time value's (static) shape: a stand-in
  // tensor carries it.
  std::vector<HostTensor> shapesOnly;
  shapesOnly.reserve(node.input_size()); // pointers into it stay valid
  SmallVector<const HostTensor *> inputs;
  for (const std::string &name : node.input()) {
    const HostTensor *tensor = name.empty() ? nullptr : lookupConstant(name);
    if (!tensor && !name.empty() && readsOnlyShape(node.op_type())) {
      Value value = values.lookup(name);
      if (!value) {
        emitError(loc) << node.op_type() << ": input '" << name
                       << "' is not computed before this node";
        return failure();
      }
      shapesOnly.push_back({});
      shapesOnly.back().shape.assign(NodeContext::shapeOf(value).begin(),
                                     NodeContext::shapeOf(value).end());
      tensor = &shapesOnly.back();
    }
    inputs.push_back(tensor);
  }
  auto results = foldNode(node, inputs, opset);
  if (!results) {
    emitError(loc) << llvm::toString(results.takeError());
    return failure();
  }
  if (remarks) {
    // Small integer results (shapes, indices) are worth reading in full.
    const HostTensor &first = results->front();
    InFlightDiagnostic remark = emitRemark(loc);
    remark << node.op_type() << " evaluated at import";
    if (!first.isFloat && first.ints.size() <= 8)
      remark << ": ["
             << llvm::join(llvm::map_range(
                               first.ints,
                               [](int64_t v) { return std::to_string(v); }),
                           ", ")
             << "]";
  }
  for (auto [i, output] : llvm::enumerate(node.output()))
    if (i < results->size() && !output.empty())
      constants[output] = std::move((*results)[i]);
  return success();
}

LogicalResult GraphImporter::importOutputs(func::FuncOp func) {
  SmallVector<Value> results;
  llvm::StringSet<> seen;
  for (const onnx::ValueInfoProto &output : model.graph().output()) {
    Value value = lookupValue(output.name());
    if (!value) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is not computed by any node";
      return failure();
    }
    if (!seen.insert(output.name()).second) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is listed twice";
      return failure();
    }
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(func.getArgumentTypes(),
                                               ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(model.graph().output()))
    func.setResultAttr(i, "kiln.name", builder.getStringAttr(output.name()));
  return success();
}

LogicalResult GraphImporter::run(ModuleOp module) {
  if (failed(readInitializers()) || failed(checkSupported()))
    return failure();
  auto func = importInputs(module);
  if (failed(func))
    return failure();
  for (auto [index, node] : llvm::enumerate(model.graph().node()))
    if (failed(importNode(node, index)))
      return failure();
  return importOutputs(*func);
}

} // namespace kiln::onnximport
