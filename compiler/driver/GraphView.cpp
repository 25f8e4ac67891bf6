//===- GraphView.cpp - the optimized network as a Graphviz graph ----------===//

#include "compiler/driver/GraphView.h"

#include "compiler/driver/LayerTable.h"

#include "dialects/nn/NNShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace kiln::driver {
namespace {

// `text` inside a double-quoted DOT string: quotes, backslashes and control
// bytes escaped (names come from the model file).
std::string dotString(llvm::StringRef text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c < 0x20 || c == 0x7f)
      out += '?';
    else
      out += char(c);
  }
  return out;
}

std::string shapeOf(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type ? nn::formatShape(type.getShape()) : "?";
}

} // namespace

void printGraphviz(ModuleOp module, llvm::raw_ostream &os) {
  auto func = *module.getOps<func::FuncOp>().begin();
  os << "digraph \"" << dotString(func.getSymName()) << "\" {\n"
     << "  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  llvm::DenseMap<Value, std::string> nodes;
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    std::string node = "input" + std::to_string(i);
    nodes[arg] = node;
    auto name = func.getArgAttrOfType<StringAttr>(i, "kiln.name");
    os << "  " << node << " [shape=ellipse, label=\""
       << dotString(name ? name.getValue() : llvm::StringRef(node)) << "\\n"
       << shapeOf(arg) << "\"];\n";
  }
  size_t index = 0;
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op)) {
      for (auto [i, result] : llvm::enumerate(op.getOperands())) {
        auto name = func.getResultAttrOfType<StringAttr>(i, "kiln.name");
        os << "  output" << i << " [shape=ellipse, label=\""
           << dotString(name ? name.getValue()
                             : llvm::StringRef("output " + std::to_string(i)))
           << "\\n"
           << shapeOf(result) << "\"];\n  " << nodes.lookup(result)
           << " -> output" << i << ";\n";
      }
      continue;
    }
    if (op.hasTrait<OpTrait::ConstantLike>()) // weights are not drawn
      continue;
    std::string node = "layer" + std::to_string(index++);
    for (Value result : op.getResults())
      nodes[result] = node;
    if (op.getNumResults() == 0)
      continue;
    os << "  " << node << " [label=\"" << dotString(layerName(&op)) << "\\n"
       << op.getName().stripDialect() << "\\n"
       << shapeOf(op.getResult(0)) << "\"];\n";
    for (Value operand : op.getOperands()) {
      auto source = nodes.find(operand);
      if (source != nodes.end())
        os << "  " << source->second << " -> " << node << ";\n";
    }
  }
  os << "}\n";
}

} // namespace kiln::driver
