//===- HostTensorOps.h - ONNX ops on host tensors ---------------*- C++ -*-===//
//
/// The tensor arithmetic HostFolding.cpp evaluates ONNX's shape subgraphs
/// with: broadcasting, element-wise ops, gathers, slices, concatenation and
/// reshapes of small host tensors (frontends/onnx/Tensors.h). Internal to
/// the ONNX importer.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_HOSTTENSOROPS_H
#define KILN_FRONTENDS_ONNX_HOSTTENSOROPS_H

#include "frontends/onnx/Tensors.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <optional>
#include <vector>

namespace kiln::onnximport::hostops {

using Dims = std::vector<int64_t>;

/// The ops that make a tensor larger than their inputs (ConstantOfShape,
/// Expand, Tile, Range) are held to shape-sized results: a hostile or broken
/// model must not make the importer allocate gigabytes.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

/// An error saying `message`; the importer adds the node.
llvm::Error fail(const llvm::Twine &message);

/// The elements of a tensor of `shape`.
int64_t elementCount(const Dims &shape);

/// Fails where a result of `shape` is too large to evaluate at import
/// (kMaxFoldedElements).
llvm::Error checkFoldable(const Dims &shape);

/// `axis` (negative: from the end) as an index into `rank` dimensions.
llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// A tensor of `shape` whose element i is element pick(i) of `in`.
HostTensor pickElements(const HostTensor &in, Dims shape,
                        const std::function<int64_t(int64_t)> &pick);

/// The coordinates of flat index `flat` in `shape`, row-major.
Dims coordinatesOf(int64_t flat, const Dims &shape);

/// The row-major flat index of `coords` in `shape`.
int64_t flatIndexOf(const Dims &coords, const Dims &shape);

/// Numpy broadcasting of two shapes.
llvm::Expected<Dims> broadcastShapes(const Dims &a, const Dims &b);

/// `in` broadcast to `shape`.
HostTensor broadcastTo(const HostTensor &in, const Dims &shape);

/// Element `i` of `t`, integer or float, as a double.
double valueAt(const HostTensor &t, int64_t i);

/// Element-wise arithmetic and comparison with broadcasting. Integers are
/// computed as integers (division truncates, as in C and onnxruntime).
llvm::Expected<HostTensor> binary(llvm::StringRef op, const HostTensor &a,
                                  const HostTensor &b);

/// An integer tensor of `shape` holding `values`.
HostTensor intTensor(Dims shape, Dims values);

/// ONNX's Cast: float types stay float, every integer type and bool become
/// integers (bool: non-zero).
HostTensor cast(const HostTensor &in, int64_t to);

/// ONNX's Gather along `axisAttr`.
llvm::Expected<HostTensor> gather(const HostTensor &data,
                                  const HostTensor &indices, int64_t axisAttr);

/// ONNX's Slice (resolveSlice, HostFolding.h).
llvm::Expected<HostTensor> slice(const HostTensor &data, const Dims &starts,
                                 const Dims &ends, std::optional<Dims> axes,
                                 std::optional<Dims> steps);

/// ONNX's Concat along `axisAttr`.
llvm::Expected<HostTensor> concat(llvm::ArrayRef<const HostTensor *> inputs,
                                  int64_t axisAttr);

/// Reshape's target shape: 0 copies the input's dimension (unless
/// allowzero), one -1 takes what is left.
llvm::Expected<Dims> reshapeTarget(const Dims &in, Dims target, bool allowZero);

/// ONNX's Unsqueeze at `axes`.
llvm::Expected<HostTensor> unsqueeze(const HostTensor &in, Dims axes);

/// ONNX's Squeeze at `axes`.
llvm::Expected<HostTensor> squeeze(const HostTensor &in, const Dims &axes);

/// ONNX's Transpose by `perm`.
HostTensor transpose(const HostTensor &in, Dims perm);

/// ONNX's Range: `start`, `start` + `delta`, ... short of `limit`.
HostTensor range(const HostTensor &start, const HostTensor &limit,
                 const HostTensor &delta);

} // namespace kiln::onnximport::hostops

#endif // KILN_FRONTENDS_ONNX_HOSTTENSOROPS_H
