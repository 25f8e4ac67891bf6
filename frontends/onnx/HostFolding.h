//===- HostFolding.h - ONNX shape arithmetic evaluated at import -*- C++
//-*-===//
//
// Exporters write the shapes a model computes with as subgraphs: Keras's
// Flatten is Shape → Cast → Slice → Concat → Reshape, PyTorch's
// x.view(x.size(0), -1) with a dynamic batch is Shape → Gather → Unsqueeze
// → Concat → Reshape. Once the input shapes are fixed, every value in such
// a subgraph is a constant: the importer evaluates those nodes here, on
// host tensors, and what reads them (Reshape's shape, Clip's bounds) sees
// constants. Nodes that only exist for this (Shape, Gather, Cast, ...) are
// imported only when they can be evaluated; the rest also have an nn form
// for run-time values.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_HOSTFOLDING_H
#define KILN_FRONTENDS_ONNX_HOSTFOLDING_H

#include "frontends/onnx/Tensors.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <vector>

namespace kiln::onnximport {

/// ONNX Slice's starts/ends/axes/steps resolved against `shape`, clamped as
/// ONNX clamps them: per dimension, the first index, the element count
/// (which may be 0) and the step.
struct SliceWindow {
  std::vector<int64_t> starts, sizes, steps;
};
llvm::Expected<SliceWindow> resolveSlice(
    const std::vector<int64_t> &shape, const std::vector<int64_t> &starts,
    const std::vector<int64_t> &ends, std::optional<std::vector<int64_t>> axes,
    std::optional<std::vector<int64_t>> steps);

/// Whether the importer can evaluate a node of this type on the host when
/// all its inputs are constants (or, for Shape and Size, have static
/// shapes).
bool isHostFoldable(llvm::StringRef opType);

/// Whether a node of this type reads only its input's shape (Shape, Size).
bool readsOnlyShape(llvm::StringRef opType);

/// Evaluates `node`. `inputs[i]` is input i's data (null for an omitted
/// optional input); for Shape and Size only its `shape` is read. Returns one
/// tensor per node output.
llvm::Expected<std::vector<HostTensor>>
foldNode(const onnx::NodeProto &node, llvm::ArrayRef<const HostTensor *> inputs,
         int64_t opset);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_HOSTFOLDING_H
