//===- HostFolding.cpp - ONNX shape arithmetic evaluated at import --------===//
//
// Which nodes the importer evaluates on the host, and how: each node's
// attributes and inputs read for the opsets Kiln reads (inputs that became
// attributes or the reverse are read either way), then computed by the
// tensor ops of HostTensorOps.h.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"

#include "frontends/onnx/HostTensorOps.h"

#include "frontends/onnx/NodeImporter.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

namespace kiln::onnximport {
namespace {

using namespace hostops;

int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                int64_t fallback) {
  const onnx::AttributeProto *attr = findAttribute(node, name);
  return attr ? attr->i() : fallback;
}

std::optional<Dims> intsAttr(const onnx::NodeProto &node,
                             llvm::StringRef name) {
  const onnx::AttributeProto *attr = findAttribute(node, name);
  if (!attr)
    return std::nullopt;
  return Dims(attr->ints().begin(), attr->ints().end());
}

// Unsqueeze and Squeeze: the axes from the attribute (before opset 13) or
// the second input.
llvm::Expected<Dims> squeezeAxes(const onnx::NodeProto &node,
                                 llvm::ArrayRef<const HostTensor *> inputs) {
  if (inputs.size() > 1 && inputs[1])
    return inputs[1]->ints;
  return intsAttr(node, "axes").value_or(Dims{});
}

llvm::Expected<HostTensor> fold(const onnx::NodeProto &node,
                                llvm::ArrayRef<const HostTensor *> in,
                                int64_t opset) {
  llvm::StringRef op = node.op_type();
  auto input = [&](size_t i) -> const HostTensor & { return *in[i]; };
  if (op == "Shape") {
    int64_t rank = static_cast<int64_t>(input(0).shape.size());
    auto clampEnd = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
    };
    int64_t first = clampEnd(intAttr(node, "start", 0));
    int64_t last = clampEnd(intAttr(node, "end", rank));
    Dims dims(input(0).shape.begin() + first,
              input(0).shape.begin() + std::max(first, last));
    return intTensor({static_cast<int64_t>(dims.size())}, dims);
  }
  if (op == "Size")
    return intTensor({}, {elementCount(input(0).shape)});
  if (op == "Identity")
    return input(0);
  if (op == "Cast")
    return cast(input(0), intAttr(node, "to", onnx::TensorProto::FLOAT));
  if (op == "Gather")
    return gather(input(0), input(1), intAttr(node, "axis", 0));
  if (op == "Slice") {
    if (opset < 10)
      return slice(input(0), intsAttr(node, "starts").value_or(Dims{}),
                   intsAttr(node, "ends").value_or(Dims{}),
                   intsAttr(node, "axes"), std::nullopt);
    auto optionalInts = [&](size_t i) -> std::optional<Dims> {
      if (i < in.size() && in[i])
        return in[i]->ints;
      return std::nullopt;
    };
    return slice(input(0), input(1).ints, input(2).ints, optionalInts(3),
                 optionalInts(4));
  }
  if (op == "Concat")
    return concat(in, intAttr(node, "axis", 0));
  if (op == "Unsqueeze" || op == "Squeeze") {
    auto axes = squeezeAxes(node, in);
    if (!axes)
      return axes.takeError();
    return op == "Unsqueeze" ? unsqueeze(input(0), *axes)
                             : squeeze(input(0), *axes);
  }
  if (op == "Reshape") {
    auto shape = reshapeTarget(input(0).shape, input(1).ints,
                               intAttr(node, "allowzero", 0) != 0);
    if (!shape)
      return shape.takeError();
    HostTensor out = input(0);
    out.shape = *shape;
    return out;
  }
  if (op == "Flatten") {
    int64_t rank = static_cast<int64_t>(input(0).shape.size());
    auto axis = normalizeAxis(intAttr(node, "axis", 1), rank + 1);
    if (!axis)
      return axis.takeError();
    Dims outer(input(0).shape.begin(), input(0).shape.begin() + *axis);
    HostTensor out = input(0);
    out.shape = {elementCount(outer),
                 elementCount(input(0).shape) /
                     std::max<int64_t>(elementCount(outer), 1)};
    return out;
  }
  if (op == "Transpose")
    return transpose(input(0), intsAttr(node, "perm").value_or(Dims{}));
  if (op == "ConstantOfShape") {
    HostTensor value;
    value.floats = {0.0f};
    if (const onnx::AttributeProto *attr = findAttribute(node, "value")) {
      auto read = readTensor(attr->t(), "");
      if (!read)
        return read.takeError();
      value = std::move(*read);
    }
    value.shape = {};
    if (llvm::Error error = checkFoldable(input(0).ints))
      return std::move(error);
    return broadcastTo(value, input(0).ints);
  }
  if (op == "Range") {
    for (size_t i = 0; i < 3; ++i)
      if (elementCount(input(i).shape) != 1 ||
          input(i).isFloat != input(0).isFloat)
        return fail("start, limit and delta must be scalars of one type");
    double count = std::ceil((valueAt(input(1), 0) - valueAt(input(0), 0)) /
                             valueAt(input(2), 0));
    if (!(count < static_cast<double>(kMaxFoldedElements)))
      return fail("the range is too long to evaluate at import");
    return range(input(0), input(1), input(2));
  }
  if (op == "Expand") {
    auto shape = broadcastShapes(input(0).shape, input(1).ints);
    if (!shape)
      return shape.takeError();
    if (llvm::Error error = checkFoldable(*shape))
      return std::move(error);
    return broadcastTo(input(0), *shape);
  }
  if (op == "Tile") {
    Dims shape = input(0).shape;
    const Dims &repeats = input(1).ints;
    if (repeats.size() != shape.size())
      return fail("repeats must have one entry per dimension");
    for (size_t d = 0; d < shape.size(); ++d)
      shape[d] *= repeats[d];
    if (llvm::Error error = checkFoldable(shape))
      return std::move(error);
    return pickElements(input(0), shape, [&](int64_t flat) {
      Dims coords = coordinatesOf(flat, shape);
      for (size_t d = 0; d < coords.size(); ++d)
        coords[d] %= input(0).shape[d];
      return flatIndexOf(coords, input(0).shape);
    });
  }
  if (op == "Where") {
    auto shape = broadcastShapes(input(0).shape, input(1).shape);
    if (shape)
      shape = broadcastShapes(*shape, input(2).shape);
    if (!shape)
      return shape.takeError();
    HostTensor x = broadcastTo(input(1), *shape);
    HostTensor y = broadcastTo(input(2), *shape);
    HostTensor condition = broadcastTo(input(0), *shape);
    for (size_t i = 0; i < condition.ints.size(); ++i)
      if (!condition.ints[i]) {
        if (x.isFloat)
          x.floats[i] = y.floats[i];
        else
          x.ints[i] = y.ints[i];
      }
    return x;
  }
  if (op == "Neg") {
    HostTensor out = input(0);
    for (float &v : out.floats)
      v = -v;
    for (int64_t &v : out.ints)
      v = -v;
    return out;
  }
  if (op == "Sqrt" || op == "Reciprocal") {
    HostTensor out = cast(input(0), onnx::TensorProto::FLOAT);
    for (float &v : out.floats)
      v = op == "Sqrt" ? std::sqrt(v) : 1.0f / v;
    return out;
  }
  return binary(op, input(0), input(1));
}

} // namespace

llvm::Expected<SliceWindow> resolveSlice(
    const std::vector<int64_t> &shape, const std::vector<int64_t> &starts,
    const std::vector<int64_t> &ends, std::optional<std::vector<int64_t>> axes,
    std::optional<std::vector<int64_t>> steps) {
  int64_t rank = static_cast<int64_t>(shape.size());
  if (!axes) {
    axes.emplace();
    for (size_t i = 0; i < starts.size(); ++i)
      axes->push_back(static_cast<int64_t>(i));
  }
  if (!steps)
    steps = Dims(starts.size(), 1);
  if (ends.size() != starts.size() || axes->size() != starts.size() ||
      steps->size() != starts.size())
    return fail("starts, ends, axes and steps differ in length");
  SliceWindow window{Dims(rank, 0), shape, Dims(rank, 1)};
  for (size_t i = 0; i < starts.size(); ++i) {
    auto axis = normalizeAxis((*axes)[i], rank);
    if (!axis)
      return axis.takeError();
    int64_t extent = shape[*axis], s = (*steps)[i];
    if (s == 0)
      return fail("a step of 0");
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += extent;
      return s > 0 ? std::clamp<int64_t>(v, 0, extent)
                   : std::clamp<int64_t>(v, -1, extent - 1);
    };
    int64_t first = clampIndex(starts[i]), last = clampIndex(ends[i]);
    int64_t count =
        s > 0 ? (last - first + s - 1) / s : (first - last + (-s) - 1) / (-s);
    window.starts[*axis] = first;
    window.steps[*axis] = s;
    window.sizes[*axis] = std::max<int64_t>(count, 0);
  }
  return window;
}

bool isHostFoldable(llvm::StringRef opType) {
  static const llvm::StringSet<> foldable = {"Shape",
                                             "Size",
                                             "Identity",
                                             "Cast",
                                             "Gather",
                                             "Slice",
                                             "Concat",
                                             "Squeeze",
                                             "Unsqueeze",
                                             "Reshape",
                                             "Flatten",
                                             "Transpose",
                                             "ConstantOfShape",
                                             "Range",
                                             "Expand",
                                             "Tile",
                                             "Where",
                                             "Equal",
                                             "Add",
                                             "Sub",
                                             "Mul",
                                             "Div",
                                             "Sqrt",
                                             "Reciprocal",
                                             "Neg"};
  return foldable.contains(opType);
}

bool readsOnlyShape(llvm::StringRef opType) {
  return opType == "Shape" || opType == "Size";
}

llvm::Expected<std::vector<HostTensor>>
foldNode(const onnx::NodeProto &node, llvm::ArrayRef<const HostTensor *> inputs,
         int64_t opset) {
  llvm::StringRef op = node.op_type();
  // Which inputs must be present (the rest are optional).
  size_t required =
      llvm::StringSwitch<size_t>(op)
          .Cases({"Shape", "Size", "Identity", "Cast", "Flatten", "Transpose",
                  "ConstantOfShape", "Sqrt", "Reciprocal", "Neg", "Concat",
                  "Squeeze", "Unsqueeze"},
                 1)
          .Cases({"Range", "Where"}, 3)
          .Case("Slice", opset < 10 ? 1 : 3)
          .Default(2);
  if (inputs.size() < required ||
      std::any_of(inputs.begin(), inputs.begin() + required,
                  [](const HostTensor *t) { return !t; }))
    return fail(op + ": expects " + llvm::Twine(required) + " inputs");
  auto result = fold(node, inputs, opset);
  if (!result)
    return fail(op + ": " + llvm::toString(result.takeError()));
  return std::vector<HostTensor>{std::move(*result)};
}

} // namespace kiln::onnximport
