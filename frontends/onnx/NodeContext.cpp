//===- NodeContext.cpp - inputs and attributes of one ONNX node -----------===//

#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/NodeImporter.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln::onnximport {

bool NodeContext::hasInput(int i) const {
  return i < node.input_size() && !node.input(i).empty();
}

FailureOr<Value> NodeContext::input(int i) {
  if (!hasInput(i)) {
    emitError() << "input #" << i << " is missing";
    return failure();
  }
  Value value = graph.lookupValue(node.input(i));
  if (!value) {
    emitError() << "input '" << node.input(i)
                << "' is not a float32 tensor computed before this node";
    return failure();
  }
  return value;
}

const HostTensor *NodeContext::constantInput(int i) const {
  return hasInput(i) ? graph.lookupConstant(node.input(i)) : nullptr;
}

LogicalResult NodeContext::expectInputs(int min, int max) {
  if (node.input_size() >= min && node.input_size() <= max)
    return success();
  emitError() << "expects " << min
              << (min == max ? "" : " to " + std::to_string(max))
              << " inputs, got " << node.input_size();
  return failure();
}

const onnx::AttributeProto *NodeContext::findAttr(llvm::StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

std::optional<int64_t> NodeContext::intAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return attr->i();
}

std::optional<float> NodeContext::floatAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return attr->f();
}

std::optional<std::string> NodeContext::stringAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return attr->s();
}

std::optional<SmallVector<int64_t>>
NodeContext::intsAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

InFlightDiagnostic NodeContext::emitError() {
  return mlir::emitError(loc) << node.op_type() << ": ";
}

ArrayRef<int64_t> NodeContext::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

} // namespace kiln::onnximport
