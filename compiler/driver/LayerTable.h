//===- LayerTable.h - a network's layers, for people ------------*- C++ -*-===//
//
// The layers of an optimized nn module in program order, by the names the
// model gives them, with the operations they count: what the Graphviz view
// labels its nodes with and what kiln-run --profile reports time against.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_LAYERTABLE_H
#define KILN_COMPILER_DRIVER_LAYERTABLE_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::driver {

struct LayerRow {
  std::string name;     // the model's name for the layer
  std::string op;       // what it computes: "fused_conv2d", "dense", ...
  std::string funcBase; // its Halide Funcs' names start so (LowerToHalide.h)
  /// Floating-point operations per run (a multiply-add counts two):
  /// convolutions, dense layers and matrix products; 0 for the rest.
  int64_t flops = 0;
};

/// The model's name for `op`'s layer: the first name in its location (a
/// fused layer's is its first node's), or the op's name.
std::string layerName(mlir::Operation *op);

/// Every layer of `module`'s network (weights, i.e. constants, excluded).
std::vector<LayerRow> layerTable(mlir::ModuleOp module);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_LAYERTABLE_H
