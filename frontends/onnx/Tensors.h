//===- Tensors.h - ONNX TensorProto data on the host ------------*- C++ -*-===//
//
// Initializers and Constant nodes hold weights (float) and shape operands
// (int64). This reads either kind from a TensorProto, whether the data is in
// typed fields, in raw_data or in an external file next to the model.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_ONNX_TENSORS_H
#define KILN_FRONTENDS_ONNX_TENSORS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h>

#include <vector>

namespace kiln::onnximport {

struct HostTensor {
  std::vector<int64_t> shape;
  bool isFloat = true;
  std::vector<float> floats; // when isFloat
  std::vector<int64_t> ints; // otherwise (int64 and int32 data)
};

/// Reads the tensor's data. External data must be a relative path inside
/// `modelDir`: absolute paths, '..' and symbolic links are refused.
llvm::Expected<HostTensor> readTensor(const onnx::TensorProto &tensor,
                                      llvm::StringRef modelDir);

/// Checks every initializer's external data path (as readTensor does) before
/// anything opens those files; sets `hasExternal` when there are any.
llvm::Error checkExternalData(const onnx::ModelProto &model,
                              llvm::StringRef modelDir, bool &hasExternal);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_TENSORS_H
