//===- HostTensorOps.cpp - ONNX ops on host tensors -----------------------===//
//
// Each op follows ONNX's definition for the opsets Kiln reads. Integers stay
// int64 throughout: Slice's "to the end" is INT64_MAX, which a double would
// not hold.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostTensorOps.h"

#include "frontends/onnx/HostFolding.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace kiln::onnximport::hostops {

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

int64_t elementCount(const Dims &shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

llvm::Error checkFoldable(const Dims &shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && count > kMaxFoldedElements / d))
      return fail("the result (" + llvm::Twine(shape.size()) +
                  "-D) is too large to evaluate at import");
    count *= d;
  }
  return llvm::Error::success();
}

llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return fail("axis " + llvm::Twine(axis) + " is out of range for rank " +
                llvm::Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

HostTensor pickElements(const HostTensor &in, Dims shape,
                        const std::function<int64_t(int64_t)> &pick) {
  HostTensor out;
  out.isFloat = in.isFloat;
  int64_t count = elementCount(shape);
  out.shape = std::move(shape);
  for (int64_t i = 0; i < count; ++i) {
    if (in.isFloat)
      out.floats.push_back(in.floats[pick(i)]);
    else
      out.ints.push_back(in.ints[pick(i)]);
  }
  return out;
}

Dims coordinatesOf(int64_t flat, const Dims &shape) {
  Dims coords(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    coords[d] = flat % shape[d];
    flat /= shape[d];
  }
  return coords;
}

int64_t flatIndexOf(const Dims &coords, const Dims &shape) {
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + coords[d];
  return flat;
}

llvm::Expected<Dims> broadcastShapes(const Dims &a, const Dims &b) {
  Dims out(std::max(a.size(), b.size()));
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      return fail("shapes do not broadcast");
    out[out.size() - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

// The element of a tensor of `shape` that broadcasting reads for flat index
// `flat` of `out`.
static int64_t broadcastSource(int64_t flat, const Dims &out,
                               const Dims &shape) {
  Dims coords = coordinatesOf(flat, out);
  Dims source(shape.size());
  size_t offset = out.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d)
    source[d] = shape[d] == 1 ? 0 : coords[d + offset];
  return flatIndexOf(source, shape);
}

HostTensor broadcastTo(const HostTensor &in, const Dims &shape) {
  return pickElements(in, shape, [&](int64_t i) {
    return broadcastSource(i, shape, in.shape);
  });
}

double valueAt(const HostTensor &t, int64_t i) {
  return t.isFloat ? t.floats[i] : static_cast<double>(t.ints[i]);
}

llvm::Expected<HostTensor> binary(llvm::StringRef op, const HostTensor &a,
                                  const HostTensor &b) {
  auto shape = broadcastShapes(a.shape, b.shape);
  if (!shape)
    return shape.takeError();
  bool comparison = op == "Equal";
  if (a.isFloat != b.isFloat && !comparison)
    return fail("the inputs differ in type");
  HostTensor out;
  out.shape = *shape;
  out.isFloat = a.isFloat && !comparison;
  for (int64_t i = 0, n = elementCount(*shape); i < n; ++i) {
    int64_t ia = broadcastSource(i, *shape, a.shape);
    int64_t ib = broadcastSource(i, *shape, b.shape);
    if (comparison) {
      out.ints.push_back(valueAt(a, ia) == valueAt(b, ib));
    } else if (a.isFloat) {
      float x = a.floats[ia], y = b.floats[ib];
      out.floats.push_back(op == "Add"   ? x + y
                           : op == "Sub" ? x - y
                           : op == "Mul" ? x * y
                                         : x / y);
    } else {
      int64_t x = a.ints[ia], y = b.ints[ib];
      if (op == "Div" && y == 0)
        return fail("integer division by zero");
      out.ints.push_back(op == "Add"   ? x + y
                         : op == "Sub" ? x - y
                         : op == "Mul" ? x * y
                                       : x / y);
    }
  }
  return out;
}

HostTensor intTensor(Dims shape, Dims values) {
  HostTensor out;
  out.isFloat = false;
  out.shape = std::move(shape);
  out.ints = std::move(values);
  return out;
}

HostTensor cast(const HostTensor &in, int64_t to) {
  bool toFloat =
      to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE ||
      to == onnx::TensorProto::FLOAT16 || to == onnx::TensorProto::BFLOAT16;
  HostTensor out;
  out.shape = in.shape;
  out.isFloat = toFloat;
  for (int64_t i = 0, n = elementCount(in.shape); i < n; ++i) {
    double v = valueAt(in, i);
    if (toFloat)
      out.floats.push_back(static_cast<float>(v));
    else if (to == onnx::TensorProto::BOOL)
      out.ints.push_back(v != 0);
    else
      out.ints.push_back(in.isFloat ? static_cast<int64_t>(std::trunc(v))
                                    : in.ints[i]);
  }
  return out;
}

llvm::Expected<HostTensor> gather(const HostTensor &data,
                                  const HostTensor &indices, int64_t axisAttr) {
  if (indices.isFloat)
    return fail("the indices must be integers");
  int64_t rank = static_cast<int64_t>(data.shape.size());
  auto axis = normalizeAxis(axisAttr, rank);
  if (!axis)
    return axis.takeError();
  int64_t extent = data.shape[*axis];
  Dims shape(data.shape.begin(), data.shape.begin() + *axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), data.shape.begin() + *axis + 1, data.shape.end());
  for (int64_t index : indices.ints)
    if (index < -extent || index >= extent)
      return fail("index " + llvm::Twine(index) + " is out of range for " +
                  llvm::Twine(extent) + " elements");
  size_t indexRank = indices.shape.size();
  return pickElements(data, shape, [&](int64_t flat) {
    Dims coords = coordinatesOf(flat, shape);
    Dims source(coords.begin(), coords.begin() + *axis);
    Dims at(coords.begin() + *axis, coords.begin() + *axis + indexRank);
    int64_t index = indices.ints[flatIndexOf(at, indices.shape)];
    source.push_back(index < 0 ? index + extent : index);
    source.insert(source.end(), coords.begin() + *axis + indexRank,
                  coords.end());
    return flatIndexOf(source, data.shape);
  });
}

llvm::Expected<HostTensor> slice(const HostTensor &data, const Dims &starts,
                                 const Dims &ends, std::optional<Dims> axes,
                                 std::optional<Dims> steps) {
  auto window = resolveSlice(data.shape, starts, ends, axes, steps);
  if (!window)
    return window.takeError();
  return pickElements(data, window->sizes, [&](int64_t flat) {
    Dims coords = coordinatesOf(flat, window->sizes);
    for (size_t d = 0; d < coords.size(); ++d)
      coords[d] = window->starts[d] + coords[d] * window->steps[d];
    return flatIndexOf(coords, data.shape);
  });
}

llvm::Expected<HostTensor> concat(llvm::ArrayRef<const HostTensor *> inputs,
                                  int64_t axisAttr) {
  const HostTensor &first = *inputs.front();
  int64_t rank = static_cast<int64_t>(first.shape.size());
  auto axis = normalizeAxis(axisAttr, rank);
  if (!axis)
    return axis.takeError();
  HostTensor out;
  out.isFloat = first.isFloat;
  out.shape = first.shape;
  out.shape[*axis] = 0;
  for (const HostTensor *input : inputs) {
    if (input->shape.size() != first.shape.size() ||
        input->isFloat != first.isFloat)
      return fail("inputs differ in rank or type");
    out.shape[*axis] += input->shape[*axis];
  }
  // Outer blocks (dimensions before the axis) each take one slab of every
  // input in turn.
  int64_t outer = 1;
  for (int64_t d = 0; d < *axis; ++d)
    outer *= first.shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *input : inputs) {
      int64_t slab = elementCount(input->shape) / std::max<int64_t>(outer, 1);
      for (int64_t i = o * slab; i < (o + 1) * slab; ++i) {
        if (out.isFloat)
          out.floats.push_back(input->floats[i]);
        else
          out.ints.push_back(input->ints[i]);
      }
    }
  return out;
}

llvm::Expected<Dims> reshapeTarget(const Dims &in, Dims target,
                                   bool allowZero) {
  int64_t known = 1, inferred = -1;
  for (size_t d = 0; d < target.size(); ++d) {
    if (target[d] == 0 && !allowZero) {
      if (d >= in.size())
        return fail("a 0 in the shape has no input dimension to copy");
      target[d] = in[d];
    }
    if (target[d] == -1) {
      if (inferred >= 0)
        return fail("more than one -1 in the shape");
      inferred = static_cast<int64_t>(d);
    } else {
      known *= target[d];
    }
  }
  int64_t count = elementCount(in);
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return fail("the shape does not fit the input's element count");
    target[inferred] = count / known;
  }
  if (elementCount(target) != count)
    return fail("the shape does not fit the input's element count");
  return target;
}

llvm::Expected<HostTensor> unsqueeze(const HostTensor &in, Dims axes) {
  int64_t rank = static_cast<int64_t>(in.shape.size() + axes.size());
  Dims shape(rank, 0);
  for (int64_t &axis : axes) {
    auto normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return normalized.takeError();
    shape[*normalized] = 1;
    axis = *normalized;
  }
  auto next = in.shape.begin();
  for (int64_t d = 0; d < rank; ++d)
    if (std::find(axes.begin(), axes.end(), d) == axes.end())
      shape[d] = *next++;
  HostTensor out = in;
  out.shape = shape;
  return out;
}

llvm::Expected<HostTensor> squeeze(const HostTensor &in, const Dims &axes) {
  int64_t rank = static_cast<int64_t>(in.shape.size());
  std::vector<bool> drop(rank, false);
  for (int64_t axis : axes) {
    auto normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return normalized.takeError();
    if (in.shape[*normalized] != 1)
      return fail("cannot squeeze a dimension that is not 1");
    drop[*normalized] = true;
  }
  HostTensor out = in;
  out.shape.clear();
  for (int64_t d = 0; d < rank; ++d)
    if (!(axes.empty() ? in.shape[d] == 1 : drop[d]))
      out.shape.push_back(in.shape[d]);
  return out;
}

HostTensor transpose(const HostTensor &in, Dims perm) {
  size_t rank = in.shape.size();
  if (perm.empty())
    for (size_t d = rank; d-- > 0;)
      perm.push_back(static_cast<int64_t>(d));
  Dims shape(rank);
  for (size_t d = 0; d < rank; ++d)
    shape[d] = in.shape[perm[d]];
  return pickElements(in, shape, [&](int64_t flat) {
    Dims coords = coordinatesOf(flat, shape);
    Dims source(rank);
    for (size_t d = 0; d < rank; ++d)
      source[perm[d]] = coords[d];
    return flatIndexOf(source, in.shape);
  });
}

HostTensor range(const HostTensor &start, const HostTensor &limit,
                 const HostTensor &delta) {
  double first = valueAt(start, 0), step = valueAt(delta, 0);
  double count = std::ceil((valueAt(limit, 0) - first) / step);
  int64_t n = std::max<int64_t>(static_cast<int64_t>(count), 0);
  HostTensor out;
  out.isFloat = start.isFloat;
  out.shape = {n};
  for (int64_t i = 0; i < n; ++i) {
    if (out.isFloat)
      out.floats.push_back(static_cast<float>(first + i * step));
    else
      out.ints.push_back(start.ints[0] + i * delta.ints[0]);
  }
  return out;
}
} // namespace kiln::onnximport::hostops
