//===- TensorProtoFile.cpp - ONNX TensorProto .pb files -------------------===//
//
// Protobuf parses almost any byte string as *some* message, so a successful
// parse proves little: every field kiln-run relies on (data type, dims, data
// length, data location) is checked before the data is used, and the error
// names what is wrong instead of running the model on garbage.
//
//===----------------------------------------------------------------------===//

#include "TensorProtoFile.h"

#include <onnx/onnx_pb.h>

#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <climits>

using namespace llvm;

namespace kiln::run {
namespace {

Error pbError(StringRef path, const Twine &message) {
  return createStringError("'" + path +
                           "' is not a usable TensorProto file: " + message);
}

std::string typeName(int type) {
  if (!onnx::TensorProto_DataType_IsValid(type))
    return "unknown data type " + std::to_string(type);
  return onnx::TensorProto_DataType_Name(type) + " (" + std::to_string(type) +
         ")";
}

} // namespace

Expected<HostTensor> readTensorProtoFile(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read '" + path +
                                 "': " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  onnx::TensorProto proto;
  if (bytes.size() > INT_MAX ||
      !proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return pbError(path, "it does not parse as a serialized onnx.TensorProto");

  if (proto.data_type() != onnx::TensorProto::FLOAT)
    return createStringError("'" + path + "' holds " +
                             typeName(proto.data_type()) +
                             " data; kiln-run reads FLOAT (1) tensors only");
  if (proto.data_location() == onnx::TensorProto::EXTERNAL ||
      proto.external_data_size())
    return pbError(path, "its data is stored externally, which kiln-run does "
                         "not read");
  if (proto.has_segment())
    return pbError(path, "segmented tensors are not supported");

  HostTensor tensor;
  tensor.name = proto.name();
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  std::optional<uint64_t> count = checkedCount(tensor.shape);
  if (!count)
    return pbError(path, "dims " + formatShape(tensor.shape) +
                             " are negative or too large");

  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != *count * sizeof(float))
      return pbError(path, "dims " + formatShape(tensor.shape) + " need " +
                               Twine(*count * sizeof(float)) +
                               " bytes of raw_data, it has " +
                               Twine(raw.size()));
    tensor.data.resize(*count);
    for (uint64_t i = 0; i < *count; ++i)
      tensor.data[i] = support::endian::read<float, llvm::endianness::little>(
          raw.data() + i * sizeof(float));
    return tensor;
  }
  if (uint64_t(proto.float_data_size()) != *count)
    return pbError(path, "dims " + formatShape(tensor.shape) + " need " +
                             Twine(*count) + " values in float_data, it has " +
                             Twine(proto.float_data_size()));
  tensor.data.assign(proto.float_data().begin(), proto.float_data().end());
  return tensor;
}

Error writeTensorProtoFile(StringRef path, const HostTensor &tensor) {
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : tensor.shape)
    proto.add_dims(dim);
  std::string raw(tensor.data.size() * sizeof(float), '\0');
  for (size_t i = 0; i < tensor.data.size(); ++i)
    support::endian::write<float, llvm::endianness::little>(
        raw.data() + i * sizeof(float), tensor.data[i]);
  proto.set_raw_data(std::move(raw));

  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec,
                             "cannot write '" + path + "': " + ec.message());
  os << proto.SerializeAsString();
  return closeWrittenFile(os, path);
}

} // namespace kiln::run
