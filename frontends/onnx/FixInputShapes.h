//===- FixInputShapes.h - an ONNX model's open input dimensions -*- C++ -*-===//
//
// Exporters leave dimensions open: Keras and tf2onnx always write a
// symbolic batch ('unk__220'), PyTorch does with dynamic_axes. Before ONNX's
// shape inference runs, every input dimension must be a number: a shape
// given with --input-shape replaces the input's, --batch fills a symbolic
// leading dimension, which is otherwise 1 (with a note saying so), and any
// other open dimension is an error that lists all of them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_FIXINPUTSHAPES_H
#define KILN_FRONTENDS_ONNX_FIXINPUTSHAPES_H

#include "frontends/common/InputShapes.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <onnx/onnx_pb.h>

namespace kiln::onnximport {

/// Writes a number into every dimension of the model's inputs (those
/// without an initializer); failure after reporting at `loc`.
mlir::LogicalResult fixInputShapes(onnx::ModelProto &model,
                                   const InputShapes &shapes,
                                   mlir::Location loc);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_FIXINPUTSHAPES_H
