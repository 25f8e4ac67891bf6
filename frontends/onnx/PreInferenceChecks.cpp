//===- PreInferenceChecks.cpp - what ONNX's own code must not see ---------===//

#include "frontends/onnx/PreInferenceChecks.h"

#include "frontends/common/ModelName.h"
#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNShapes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

bool inDefaultDomain(const onnx::NodeProto &node) {
  return node.domain().empty() || node.domain() == "ai.onnx";
}

// Ops Kiln imports, folds at import, or reads as constants. Only these
// reach ONNX's checker and shape inference; the rest are listed unread.
bool isKnownOp(const onnx::NodeProto &node) {
  llvm::StringRef op = node.op_type();
  return inDefaultDomain(node) &&
         (lookupOp(op) || isHostFoldable(op) || op == "Constant");
}

// Integer attributes that are data, not sizes: a Constant's values, and
// Slice's bounds before opset 10, which ONNX clamps to the dimension
// (exporters write INT64_MAX for "to the end").
bool isUnboundedData(llvm::StringRef opType, llvm::StringRef attribute) {
  return (opType == "Constant" &&
          (attribute == "value_int" || attribute == "value_ints")) ||
         (opType == "Slice" && (attribute == "starts" || attribute == "ends"));
}

// The least value an attribute of `opType` may have: the sizes of a
// window (ONNX's shape inference divides by strides) and LRN's size;
// every other integer only has to stay within the size limit.
int64_t attributeMinimum(llvm::StringRef opType, llvm::StringRef attribute) {
  bool window =
      opType == "Conv" || opType == "MaxPool" || opType == "AveragePool";
  if (window)
    return llvm::StringSwitch<int64_t>(attribute)
        .Cases({"kernel_shape", "strides", "dilations", "group"}, 1)
        .Case("pads", 0)
        .Default(-nn::kMaxTensorElements);
  if (opType == "LRN" && attribute == "size")
    return 1;
  return -nn::kMaxTensorElements;
}

// The problem with a tensor's dims (an initializer, a Constant's value),
// or "".
std::string dimsProblem(const onnx::TensorProto &tensor) {
  llvm::SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  if (auto count = nn::checkedElementCount(dims); !count)
    return llvm::toString(count.takeError());
  return "";
}

// The first problem with one of `node`'s attributes, or "".
std::string attributeProblem(const onnx::NodeProto &node) {
  for (const onnx::AttributeProto &attribute : node.attribute()) {
    std::string name = "attribute " + quotedName(attribute.name());
    if (attribute.has_g() || attribute.graphs_size() > 0)
      return name + " holds a subgraph: Kiln compiles no control flow";
    if (attribute.has_t())
      if (std::string problem = dimsProblem(attribute.t()); !problem.empty())
        return name + ": " + problem;
    if (isUnboundedData(node.op_type(), attribute.name()))
      continue;
    int64_t minimum = attributeMinimum(node.op_type(), attribute.name());
    llvm::SmallVector<int64_t> values(attribute.ints().begin(),
                                      attribute.ints().end());
    if (attribute.has_i())
      values.push_back(attribute.i());
    for (int64_t value : values) {
      if (value < minimum || value > nn::kMaxTensorElements)
        return name + " has the value " + std::to_string(value) +
               ": it must be between " + std::to_string(minimum) + " and " +
               std::to_string(nn::kMaxTensorElements) +
               (minimum > -nn::kMaxTensorElements ? "" : ", Kiln's size limit");
    }
  }
  return "";
}

// ONNX's Conv shape inference reads kernel_shape, when absent, from the
// weight's dims and then indexes the input's with it, unchecked: a 4-D
// weight on a 3-D input read past the input's shape (found by
// fuzz/run.sh). Given kernel_shape, it checks the count. So every Conv gets
// kernel_shape from its weight, an initializer or a Constant (the ONNX
// default, made explicit); a Conv whose weight is computed must say it.
LogicalResult completeKernelShapes(onnx::GraphProto &graph, Location fileLoc) {
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers[tensor.name()] = &tensor;
  for (const onnx::NodeProto &node : graph.node())
    if (node.op_type() == "Constant" && node.output_size() == 1)
      for (const onnx::AttributeProto &attribute : node.attribute())
        if (attribute.name() == "value" && attribute.has_t())
          initializers[node.output(0)] = &attribute.t();
  for (auto [index, node] : llvm::enumerate(*graph.mutable_node())) {
    if (node.op_type() != "Conv" || !inDefaultDomain(node) ||
        llvm::any_of(node.attribute(), [](const onnx::AttributeProto &a) {
          return a.name() == "kernel_shape";
        }))
      continue;
    auto weight = node.input_size() > 1 ? initializers.find(node.input(1))
                                        : initializers.end();
    if (weight == initializers.end()) {
      emitError(nodeLocation(node, index, fileLoc))
          << "Conv: without kernel_shape, the weight must be an initializer "
          << "or a Constant (ONNX reads the kernel's size from it)";
      return failure();
    }
    if (weight->second->dims_size() < 3) {
      emitError(nodeLocation(node, index, fileLoc))
          << "Conv: the weight " << quotedName(node.input(1)) << " has rank "
          << weight->second->dims_size()
          << "; a convolution's is [out channels, in channels, kernel...]";
      return failure();
    }
    onnx::AttributeProto *kernel = node.add_attribute();
    kernel->set_name("kernel_shape");
    kernel->set_type(onnx::AttributeProto::INTS);
    for (int d = 2; d < weight->second->dims_size(); ++d)
      kernel->add_ints(weight->second->dims(d));
  }
  return success();
}

// Checks the nodes of `graph`: lists every op Kiln does not know, or
// reports the first bad attribute.
LogicalResult checkNodes(const onnx::GraphProto &graph, int64_t opset,
                         Location fileLoc) {
  std::string unknown;
  int count = 0;
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    if (!isKnownOp(node)) {
      ++count;
      unknown += "\n  " + unsupportedNodeLine(node, index, opset);
      continue;
    }
    if (std::string problem = attributeProblem(node); !problem.empty()) {
      emitError(nodeLocation(node, index, fileLoc))
          << node.op_type() << ": " << problem;
      return failure();
    }
  }
  if (count == 0)
    return success();
  emitError(fileLoc) << "the model has " << count
                     << " node(s) Kiln cannot import:" << unknown;
  return failure();
}

// A graph input or output (`kind`) needs a tensor type with a shape, the
// rank at least (ONNX's checker says only "Field 'shape' of 'type' is
// required but missing"); an input's sizes may be open (fixInputShapes).
// An input must be float32; an output of another type is reported at the
// node that makes it.
LogicalResult checkValueInfo(const onnx::ValueInfoProto &value,
                             llvm::StringRef kind, Location fileLoc) {
  std::string name = kind.str() + " " + quotedName(value.name());
  if (!value.type().has_tensor_type()) {
    emitError(fileLoc) << name << " is not a tensor: Kiln compiles "
                       << "networks over float32 tensors";
    return failure();
  }
  int32_t type = value.type().tensor_type().elem_type();
  if (kind == "input" && type != onnx::TensorProto::FLOAT) {
    emitError(fileLoc) << name << " has element type "
                       << (onnx::TensorProto::DataType_IsValid(type)
                               ? onnx::TensorProto::DataType_Name(type)
                               : "#" + std::to_string(type))
                       << ": Kiln compiles float32 models (kilnc "
                       << "--input-type=uint8 makes a float32 input take "
                       << "8-bit pixels)";
    return failure();
  }
  if (!value.type().tensor_type().has_shape()) {
    emitError(fileLoc) << name << " has no shape, not even a rank: export "
                       << "the model with the shapes of its inputs and "
                       << "outputs";
    return failure();
  }
  return success();
}

LogicalResult checkInputsAndOutputs(const onnx::GraphProto &graph,
                                    Location fileLoc) {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers.insert(tensor.name());
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!initializers.contains(input.name()) &&
        failed(checkValueInfo(input, "input", fileLoc)))
      return failure();
  for (const onnx::ValueInfoProto &output : graph.output())
    if (failed(checkValueInfo(output, "output", fileLoc)))
      return failure();
  return success();
}

} // namespace

Location nodeLocation(const onnx::NodeProto &node, size_t index,
                      Location fileLoc) {
  std::string name = node.name().empty()
                         ? node.op_type() + "_" + std::to_string(index)
                         : node.name();
  return NameLoc::get(StringAttr::get(fileLoc.getContext(), name), fileLoc);
}

std::string unsupportedNodeLine(const onnx::NodeProto &node, size_t index,
                                int64_t opset) {
  std::string name = node.name().empty()
                         ? "(unnamed #" + std::to_string(index) + ")"
                         : escapedName(node.name());
  std::string domain =
      inDefaultDomain(node) ? "" : escapedName(node.domain()) + ".";
  return name + ": " + domain + escapedName(node.op_type()) + ", opset " +
         std::to_string(opset);
}

LogicalResult prepareForInference(onnx::ModelProto &model, int64_t opset,
                                  Location fileLoc) {
  onnx::GraphProto &graph = *model.mutable_graph();
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    if (std::string problem = dimsProblem(tensor); !problem.empty()) {
      emitError(fileLoc) << "initializer " << quotedName(tensor.name()) << ": "
                         << problem;
      return failure();
    }
  }
  if (failed(checkInputsAndOutputs(graph, fileLoc)) ||
      failed(checkNodes(graph, opset, fileLoc)))
    return failure();
  return completeKernelShapes(graph, fileLoc);
}

} // namespace kiln::onnximport
