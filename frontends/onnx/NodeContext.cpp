//===- NodeContext.cpp - inputs and attributes of one ONNX node -----------===//

#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

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

FailureOr<Value> NodeContext::onlyInput() {
  if (failed(expectInputs(1, 1)))
    return failure();
  return input(0);
}

LogicalResult NodeContext::expectInputs(int min, int max) {
  if (node.input_size() >= min && node.input_size() <= max)
    return success();
  emitError() << "expects " << min
              << (min == max ? "" : " to " + std::to_string(max))
              << " inputs, got " << node.input_size();
  return failure();
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(int i) {
  const HostTensor *tensor = constantInput(i);
  if (!tensor || tensor->isFloat) {
    emitError() << "input #" << i << " ('"
                << (i < node.input_size() ? node.input(i) : "")
                << "') must be a constant integer tensor: Kiln compiles "
                << "static shapes";
    return failure();
  }
  return SmallVector<int64_t>(tensor->ints.begin(), tensor->ints.end());
}

FailureOr<float> NodeContext::constantFloat(int i) {
  const HostTensor *tensor = constantInput(i);
  if (!tensor || !tensor->isFloat || tensor->floats.size() != 1) {
    emitError() << "input #" << i << " must be a constant float scalar";
    return failure();
  }
  return tensor->floats.front();
}

Value NodeContext::scalar(float value) {
  auto type = RankedTensorType::get({1}, builder.getF32Type());
  return nn::ConstantOp::create(builder, loc,
                                DenseElementsAttr::get(type, value));
}

FailureOr<Value> NodeContext::reshape(Value value, ArrayRef<int64_t> shape) {
  if (auto error = nn::checkReshape(shapeOf(value), shape)) {
    emitError() << llvm::toString(std::move(error));
    return failure();
  }
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return nn::ReshapeOp::create(builder, loc, type, value).getResult();
}

const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                          llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

const onnx::AttributeProto *NodeContext::findAttr(llvm::StringRef name) const {
  return findAttribute(node, name);
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
