//===- SliceOps.cpp - Slice and Split on values computed at run time ------===//
//
// Both become nn.slice. Their bounds are constants, or computed from shapes
// (torch.chunk exports Slice with ends from Shape → Gather → Div): the host
// folding (HostFolding.h) has made them constants by the time a node is
// imported, and resolveSlice clamps them as ONNX does. A Slice whose inputs
// are all constants never reaches here: it is evaluated at import.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeImporter.h"

#include "dialects/nn/NNBuilders.h"
#include "dialects/nn/NNDialect.h"

using namespace mlir;

namespace kiln::onnximport {

// nn.slice of `input` over `window`; an error for an empty window.
static FailureOr<Value> createSlice(NodeContext &node, Value input,
                                    const SliceWindow &window) {
  if (llvm::is_contained(window.sizes, 0)) {
    node.emitError() << "the slice is empty; Kiln compiles tensors of at "
                     << "least one element";
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  return nn::createInferred<nn::SliceOp>(b, node.getLoc(), input,
                                         b.getDenseI64ArrayAttr(window.starts),
                                         b.getDenseI64ArrayAttr(window.sizes),
                                         b.getDenseI64ArrayAttr(window.steps));
}

FailureOr<SmallVector<Value>> importSlice(NodeContext &node) {
  if (failed(node.expectInputs(1, 5)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  std::vector<int64_t> shape(NodeContext::shapeOf(*input).begin(),
                             NodeContext::shapeOf(*input).end());
  std::vector<int64_t> starts, ends;
  std::optional<std::vector<int64_t>> axes, steps;
  if (node.getOpset() < 10) {
    auto toVector = [](std::optional<SmallVector<int64_t>> ints) {
      return ints ? std::optional<std::vector<int64_t>>(
                        std::vector<int64_t>(ints->begin(), ints->end()))
                  : std::nullopt;
    };
    starts = toVector(node.intsAttr("starts")).value_or(std::vector<int64_t>{});
    ends = toVector(node.intsAttr("ends")).value_or(std::vector<int64_t>{});
    axes = toVector(node.intsAttr("axes"));
  } else {
    for (int i : {1, 2, 3, 4}) {
      if (!node.hasInput(i))
        continue;
      auto ints = node.constantInts(i);
      if (failed(ints))
        return failure();
      std::vector<int64_t> values(ints->begin(), ints->end());
      if (i == 1)
        starts = std::move(values);
      else if (i == 2)
        ends = std::move(values);
      else
        (i == 3 ? axes : steps) = std::move(values);
    }
  }
  auto window = resolveSlice(shape, starts, ends, axes, steps);
  if (!window) {
    node.emitError() << llvm::toString(window.takeError());
    return failure();
  }
  return oneResult(createSlice(node, *input, *window));
}

// One nn.slice per output, each a run of `split` along the axis (equal parts
// when `split` is not given).
FailureOr<SmallVector<Value>> importSplit(NodeContext &node) {
  if (failed(node.expectInputs(1, 2)))
    return failure();
  auto input = node.input(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = NodeContext::shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t axis = node.intAttr("axis", 0);
  if (axis < -rank || axis >= rank) {
    node.emitError() << "axis " << axis << " is out of range for rank " << rank;
    return failure();
  }
  if (axis < 0)
    axis += rank;
  int64_t outputs = node.getNode().output_size();
  SmallVector<int64_t> split;
  if (node.getOpset() >= 13 && node.hasInput(1)) {
    auto ints = node.constantInts(1);
    if (failed(ints))
      return failure();
    split = *ints;
  } else if (auto attr = node.intsAttr("split")) {
    split = *attr;
  } else if (shape[axis] % outputs == 0) {
    split.assign(outputs, shape[axis] / outputs);
  }
  int64_t total = 0;
  for (int64_t part : split)
    total += part;
  if (static_cast<int64_t>(split.size()) != outputs || total != shape[axis]) {
    node.emitError() << "cannot split " << shape[axis] << " elements along "
                     << "axis " << axis << " into " << outputs << " outputs";
    return failure();
  }
  SmallVector<Value> results;
  SliceWindow window{std::vector<int64_t>(rank, 0), shape.vec(),
                     std::vector<int64_t>(rank, 1)};
  for (int64_t part : split) {
    window.sizes[axis] = part;
    auto slice = createSlice(node, *input, window);
    if (failed(slice))
      return failure();
    results.push_back(*slice);
    window.starts[axis] += part;
  }
  return results;
}

} // namespace kiln::onnximport
