//===- ShapeOps.cpp - Identity, Dropout, Flatten, Reshape, Squeeze, -------===//
//                    Unsqueeze, Transpose, Concat, Pad
//
// Shape operands (Reshape's shape, axes from opset 13, Pad's pads from
// opset 11) must be constants: Kiln compiles for static shapes, and the
// result shapes are computed here from them.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"
#include "dialects/nn/NNShapes.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace kiln::onnximport {

// Identity and Dropout keep an op of their own, so that the module says
// what the model said; kiln-remove-identities replaces both by their input.
FailureOr<SmallVector<Value>> importIdentity(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  return oneResult(
      nn::IdentityOp::create(node.getBuilder(), node.getLoc(), *input)
          .getResult());
}

// The ratio a Dropout states: an attribute before opset 12, the optional
// input #1 from 12 on (default 0.5 both ways). A ratio computed at run time
// does not change inference, so it is accepted and left unstated (null).
static FailureOr<FloatAttr> dropoutRatio(NodeContext &node) {
  std::optional<float> ratio = 0.5f;
  if (node.getOpset() < 12) {
    ratio = node.floatAttr("ratio", 0.5f);
  } else if (node.constantInput(1)) {
    auto constant = node.constantFloat(1);
    if (failed(constant))
      return failure();
    ratio = *constant;
  } else if (node.hasInput(1)) {
    ratio.reset();
  }
  if (!ratio)
    return FloatAttr();
  if (auto err = nn::checkDropoutRatio(*ratio)) {
    node.emitError() << llvm::toString(std::move(err));
    return failure();
  }
  return node.getBuilder().getF32FloatAttr(*ratio);
}

// Dropout at inference: the identity. (Training mode, input #2, cannot
// reach here: it is a bool tensor, which the graph importer refuses.) The
// optional mask output is refused by the graph importer if anything uses it.
FailureOr<SmallVector<Value>> importDropout(NodeContext &node) {
  if (failed(node.expectInputs(1, 3)))
    return failure();
  auto input = node.input(0);
  auto ratio = dropoutRatio(node);
  if (failed(input) || failed(ratio))
    return failure();
  return oneResult(
      nn::DropoutOp::create(node.getBuilder(), node.getLoc(), *input, *ratio)
          .getResult());
}

FailureOr<SmallVector<Value>> importFlatten(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::FlattenOp>(
      b, node.getLoc(), *input, b.getI64IntegerAttr(node.intAttr("axis", 1))));
}

static FailureOr<SmallVector<Value>> reshapeTo(NodeContext &node, Value input,
                                               ArrayRef<int64_t> shape) {
  return oneResult(node.reshape(input, shape));
}

FailureOr<SmallVector<Value>> importReshape(NodeContext &node) {
  if (failed(node.expectInputs(2, 2)))
    return failure();
  auto input = node.input(0);
  auto requested = node.constantInts(1);
  if (failed(input) || failed(requested))
    return failure();
  if (node.intAttr("allowzero", 0) != 0 && llvm::is_contained(*requested, 0)) {
    node.emitError() << "allowzero = 1 with a zero in the shape would make "
                     << "an empty tensor";
    return failure();
  }
  auto shape =
      nn::resolveReshapeShape(NodeContext::shapeOf(*input), *requested);
  if (!shape) {
    node.emitError() << llvm::toString(shape.takeError());
    return failure();
  }
  return reshapeTo(node, *input, *shape);
}

// Squeeze's and Unsqueeze's axes: an attribute before opset 13, an input
// from 13 on.
static FailureOr<std::optional<SmallVector<int64_t>>>
readAxes(NodeContext &node) {
  if (node.getOpset() < 13)
    return node.intsAttr("axes");
  if (!node.hasInput(1))
    return std::optional<SmallVector<int64_t>>();
  auto axes = node.constantInts(1);
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>(*axes);
}

FailureOr<SmallVector<Value>> importSqueeze(NodeContext &node) {
  auto input = node.input(0);
  auto axes = readAxes(node);
  if (failed(input) || failed(axes))
    return failure();
  ArrayRef<int64_t> shape = NodeContext::shapeOf(*input);
  int64_t rank = shape.size();
  SmallVector<bool> drop(rank, false);
  if (!*axes) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = shape[d] == 1;
  } else {
    for (int64_t axis : **axes) {
      auto normalized = nn::normalizeAxis(axis, rank);
      if (!normalized) {
        node.emitError() << llvm::toString(normalized.takeError());
        return failure();
      }
      if (shape[*normalized] != 1) {
        node.emitError() << "cannot squeeze axis " << axis << " of size "
                         << shape[*normalized];
        return failure();
      }
      drop[*normalized] = true;
    }
  }
  SmallVector<int64_t> result;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      result.push_back(shape[d]);
  return reshapeTo(node, *input, result);
}

FailureOr<SmallVector<Value>> importUnsqueeze(NodeContext &node) {
  auto input = node.input(0);
  auto axes = readAxes(node);
  if (failed(input) || failed(axes))
    return failure();
  if (!*axes) {
    node.emitError() << "axes are required";
    return failure();
  }
  ArrayRef<int64_t> shape = NodeContext::shapeOf(*input);
  int64_t rank = shape.size() + (*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : **axes) {
    auto normalized = nn::normalizeAxis(axis, rank);
    if (!normalized || inserted[*normalized]) {
      node.emitError() << (normalized ? "axis " + std::to_string(axis) +
                                            " is given twice"
                                      : llvm::toString(normalized.takeError()));
      return failure();
    }
    inserted[*normalized] = true;
  }
  SmallVector<int64_t> result;
  const int64_t *next = shape.begin();
  for (int64_t d = 0; d < rank; ++d)
    result.push_back(inserted[d] ? 1 : *next++);
  return reshapeTo(node, *input, result);
}

FailureOr<SmallVector<Value>> importTranspose(NodeContext &node) {
  auto input = node.onlyInput();
  if (failed(input))
    return failure();
  int64_t rank = NodeContext::shapeOf(*input).size();
  SmallVector<int64_t> reversed;
  for (int64_t d = rank - 1; d >= 0; --d)
    reversed.push_back(d);
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::TransposeOp>(
      b, node.getLoc(), *input,
      b.getDenseI64ArrayAttr(node.intsAttr("perm").value_or(reversed))));
}

FailureOr<SmallVector<Value>> importConcat(NodeContext &node) {
  auto axis = node.intAttr("axis");
  if (!axis) {
    node.emitError() << "axis is required";
    return failure();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < node.getNode().input_size(); ++i) {
    auto input = node.input(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::ConcatOp>(
      b, node.getLoc(), inputs, b.getI64IntegerAttr(*axis)));
}

FailureOr<SmallVector<Value>> importPad(NodeContext &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  std::string mode = node.stringAttr("mode").value_or("constant");
  if (mode != "constant") {
    node.emitError() << "only mode 'constant' is supported, got '" << mode
                     << "'";
    return failure();
  }
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (node.getOpset() < 11) {
    pads = node.intsAttr("pads").value_or(SmallVector<int64_t>());
    value = node.floatAttr("value", 0.0f);
  } else {
    auto constantPads = node.constantInts(1);
    if (failed(constantPads))
      return failure();
    pads = *constantPads;
    if (node.hasInput(2)) {
      auto constantValue = node.constantFloat(2);
      if (failed(constantValue))
        return failure();
      value = *constantValue;
    }
  }
  OpBuilder &b = node.getBuilder();
  return oneResult(nn::createInferred<nn::PadOp>(b, node.getLoc(), *input,
                                                 b.getDenseI64ArrayAttr(pads),
                                                 b.getF32FloatAttr(value)));
}

} // namespace kiln::onnximport
