//===- Registry.cpp - which ONNX ops Kiln imports, from which opset -------===//

#include "frontends/onnx/NodeImporter.h"

#include "llvm/ADT/StringMap.h"

namespace kiln::onnximport {

const OpSupport *lookupOp(llvm::StringRef opType) {
  // Opset 7 is the oldest Kiln reads; later minimums mark where the
  // semantics an importer implements begin.
  static const llvm::StringMap<OpSupport> table = {
      {"Conv", {importConv, 7}},
      {"Gemm", {importGemm, 7}},
      {"MaxPool", {importMaxPool, 7}},
      {"AveragePool", {importAveragePool, 7}},
      {"Relu", {importRelu, 7}},
      {"Add", {importAdd, 7}},
      {"Identity", {importIdentity, 7}},
      {"Dropout", {importIdentity, 7}},
      {"Flatten", {importFlatten, 7}},
      {"Softmax", {importSoftmax, 7}},
  };
  auto it = table.find(opType);
  return it == table.end() ? nullptr : &it->second;
}

} // namespace kiln::onnximport
