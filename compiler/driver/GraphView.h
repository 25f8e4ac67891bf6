//===- GraphView.h - the optimized network as a Graphviz graph --*- C++ -*-===//
//
// kilnc --emit=dot: one node per input and per nn op after the nn pipeline
// (a fused convolution is one node), labelled with the layer's name, what
// it computes and its output shape; an edge per tensor read. `dot -Tsvg`
// draws it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_GRAPHVIEW_H
#define KILN_COMPILER_DRIVER_GRAPHVIEW_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/raw_ostream.h"

namespace kiln::driver {

/// Writes `module`'s network as a Graphviz digraph.
void printGraphviz(mlir::ModuleOp module, llvm::raw_ostream &os);

} // namespace kiln::driver

#endif // KILN_COMPILER_DRIVER_GRAPHVIEW_H
