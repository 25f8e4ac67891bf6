//===- Registry.cpp - which ONNX ops Kiln imports, from which opset -------===//
//
// The minimum opset of each entry is the first whose semantics the importer
// handles. Opset 6 is accepted where nothing Kiln relies on changed in 7
// (ONNX's own pytorch-converted tests are opset 6); the importers handle the
// later changes (Clip's bounds and Pad's pads becoming inputs in 11,
// Softmax's axis in 13, Squeeze/Unsqueeze axes in 13).
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeImporter.h"

#include "llvm/ADT/StringMap.h"

namespace kiln::onnximport {

const OpSupport *lookupOp(llvm::StringRef opType) {
  static const llvm::StringMap<OpSupport> table = {
      {"Conv", {importConv, 1}},
      {"Gemm", {importGemm, 6}},
      {"MatMul", {importMatMul, 1}},
      {"MaxPool", {importMaxPool, 1}},
      {"AveragePool", {importAveragePool, 1}},
      {"GlobalAveragePool", {importGlobalAveragePool, 1}},
      {"GlobalMaxPool", {importGlobalMaxPool, 1}},
      {"Relu", {importRelu, 6}},
      {"LeakyRelu", {importLeakyRelu, 6}},
      {"Sigmoid", {importSigmoid, 6}},
      {"Tanh", {importTanh, 6}},
      {"Clip", {importClip, 6}},
      {"HardSigmoid", {importHardSigmoid, 6}},
      {"HardSwish", {importHardSwish, 14}},
      {"Add", {importAdd, 6}},
      {"Sub", {importSub, 6}},
      {"Mul", {importMul, 6}},
      {"Div", {importDiv, 6}},
      {"BatchNormalization", {importBatchNormalization, 6}},
      {"LRN", {importLRN, 1}},
      {"Identity", {importIdentity, 1}},
      {"Dropout", {importDropout, 6}},
      {"Flatten", {importFlatten, 1}},
      {"Reshape", {importReshape, 5}},
      {"Squeeze", {importSqueeze, 1}},
      {"Unsqueeze", {importUnsqueeze, 1}},
      {"Transpose", {importTranspose, 1}},
      {"Concat", {importConcat, 4}},
      {"Pad", {importPad, 2}},
      {"Slice", {importSlice, 1}},
      {"Split", {importSplit, 2}},
      {"ReduceMean", {importReduceMean, 1}},
      {"ReduceMax", {importReduceMax, 1}},
      {"Softmax", {importSoftmax, 1}},
      {"LogSoftmax", {importLogSoftmax, 1}},
  };
  auto it = table.find(opType);
  return it == table.end() ? nullptr : &it->second;
}

} // namespace kiln::onnximport
