//===- FixInputShapes.cpp - an ONNX model's open input dimensions ---------===//

#include "frontends/onnx/FixInputShapes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace kiln::onnximport {

// "'unk__220'" for a named symbolic dimension, "" for an unnamed one.
static std::string symbolName(const onnx::TensorShapeProto::Dimension &dim) {
  return dim.has_dim_param() ? " '" + dim.dim_param() + "'" : "";
}

static bool isOpen(const onnx::TensorShapeProto::Dimension &dim) {
  return !dim.has_dim_value() || dim.dim_value() < 1;
}

LogicalResult fixInputShapes(onnx::ModelProto &model, const InputShapes &shapes,
                             Location loc) {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    initializers.insert(tensor.name());
  std::vector<std::string> names;
  std::string open;
  bool batchUsed = false; // whether --batch filled any dimension
  for (onnx::ValueInfoProto &input : *model.mutable_graph()->mutable_input()) {
    if (initializers.contains(input.name()))
      continue; // a constant with a default value, not an input
    size_t index = names.size();
    names.push_back(input.name());
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    std::string quoted = "input '" + input.name() + "'";
    if (const InputShape *given = shapes.find(input.name(), index)) {
      if (given->dims.size() != static_cast<size_t>(shape->dim_size())) {
        emitError(loc) << "--input-shape gives " << quoted << " "
                       << given->dims.size() << " dimensions; the model's has "
                       << shape->dim_size();
        return failure();
      }
      for (auto [d, dim] : llvm::enumerate(*shape->mutable_dim())) {
        if (!isOpen(dim) && dim.dim_value() != given->dims[d]) {
          emitError(loc) << "--input-shape gives " << quoted << " size "
                         << given->dims[d] << " in dimension " << d
                         << ", which the model fixes at " << dim.dim_value();
          return failure();
        }
        dim.set_dim_value(given->dims[d]);
      }
      continue;
    }
    for (auto [d, dim] : llvm::enumerate(*shape->mutable_dim())) {
      if (!isOpen(dim))
        continue;
      if (d == 0) {
        batchUsed = true;
        if (!shapes.batch)
          loc.getContext()->getDiagEngine().emit(loc, DiagnosticSeverity::Note)
              << quoted << " has a symbolic batch dimension" << symbolName(dim)
              << ": compiling for batch 1 (--batch=N for another)";
        dim.set_dim_value(shapes.batch.value_or(1));
        continue;
      }
      open += "\n  " + quoted + ", dimension " + std::to_string(d) +
              symbolName(dim);
    }
  }
  if (llvm::Error error = shapes.checkAllMatch(names)) {
    emitError(loc) << llvm::toString(std::move(error));
    return failure();
  }
  if (shapes.batch && !batchUsed && !names.empty()) {
    emitError(loc) << "--batch sets a symbolic batch dimension, and no input "
                   << "of the model has one: its batch is fixed (give whole "
                   << "shapes with --input-shape, or export the model with a "
                   << "dynamic batch)";
    return failure();
  }
  if (open.empty())
    return success();
  emitError(loc) << "the model leaves input dimensions open; Kiln compiles "
                 << "static shapes: give each input's shape with "
                 << "--input-shape=NAME=D0xD1x... (NAME may be the input's "
                 << "index):" << open;
  return failure();
}

} // namespace kiln::onnximport
