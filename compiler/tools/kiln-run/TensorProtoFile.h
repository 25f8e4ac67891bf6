//===- TensorProtoFile.h - ONNX TensorProto .pb files -----------*- C++ -*-===//
//
// The other input/output format of kiln-run: one serialized onnx.TensorProto
// per file, as in ONNX's backend test data (test_data_set_0/input_0.pb), so
// that those test cases run unchanged. Read and written with ONNX's own C++
// protos; only FLOAT tensors with their data inside the file are accepted.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_TENSORPROTOFILE_H
#define KILN_TOOLS_KILN_RUN_TENSORPROTOFILE_H

#include "HostTensor.h"

#include "llvm/Support/Error.h"

namespace kiln::run {

/// Reads a serialized FLOAT TensorProto (data in raw_data or float_data).
llvm::Expected<HostTensor> readTensorProtoFile(llvm::StringRef path);

/// Writes `tensor` as a FLOAT TensorProto named tensor.name, data in raw_data.
llvm::Error writeTensorProtoFile(llvm::StringRef path,
                                 const HostTensor &tensor);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_TENSORPROTOFILE_H
