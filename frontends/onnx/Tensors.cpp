//===- Tensors.cpp - ONNX TensorProto data on the host --------------------===//

#include "frontends/onnx/Tensors.h"

#include "frontends/common/ReadFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

namespace kiln::onnximport {
namespace {

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

struct ExternalLocation {
  std::string path;
  uint64_t offset = 0;
  int64_t length = -1; // to the end of the file
};

// Where an external tensor's data is, after checking that the path stays in
// the model's folder.
llvm::Expected<ExternalLocation> locateExternal(const onnx::TensorProto &tensor,
                                                llvm::StringRef modelDir) {
  ExternalLocation result;
  std::string location;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset")
      result.offset = std::strtoull(entry.value().c_str(), nullptr, 10);
    else if (entry.key() == "length")
      result.length = std::strtoll(entry.value().c_str(), nullptr, 10);
  }
  if (location.empty())
    return fail("external data has no location");
  if (llvm::sys::path::is_absolute(location))
    return fail("external data path '" + location +
                "' is absolute; only paths relative to the model's folder "
                "are accepted");
  for (auto it = llvm::sys::path::begin(location),
            end = llvm::sys::path::end(location);
       it != end; ++it)
    if (*it == "..")
      return fail("external data path '" + location +
                  "' leaves the model's folder ('..')");
  llvm::SmallString<256> path(modelDir);
  llvm::sys::path::append(path, location);
  llvm::sys::fs::file_status status;
  if (std::error_code ec =
          llvm::sys::fs::status(path, status, /*follow=*/false))
    return fail("cannot read external data '" + path + "': " + ec.message());
  if (status.type() == llvm::sys::fs::file_type::symlink_file)
    return fail("external data '" + path + "' is a symbolic link; refused");
  result.path = path.str().str();
  return result;
}

// The bytes of an external tensor.
llvm::Expected<std::string> readExternal(const onnx::TensorProto &tensor,
                                         llvm::StringRef modelDir) {
  auto external = locateExternal(tensor, modelDir);
  if (!external)
    return external.takeError();
  const std::string &path = external->path;
  uint64_t offset = external->offset;
  int64_t length = external->length;
  auto buffer = readRegularFile(path);
  if (!buffer)
    return fail("cannot read external data '" + path +
                "': " + llvm::toString(buffer.takeError()));
  uint64_t size = (*buffer)->getBufferSize();
  uint64_t end = length < 0 ? size : offset + static_cast<uint64_t>(length);
  if (offset > size || end > size)
    return fail("external data '" + path + "' is too short: needs bytes " +
                llvm::Twine(offset) + " to " + llvm::Twine(end) + ", has " +
                llvm::Twine(size));
  return std::string((*buffer)->getBufferStart() + offset, end - offset);
}

template <typename T>
void copyRaw(const std::string &bytes, std::vector<T> &out) {
  out.resize(bytes.size() / sizeof(T));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
}

} // namespace

llvm::Error checkExternalData(const onnx::ModelProto &model,
                              llvm::StringRef modelDir, bool &hasExternal) {
  hasExternal = false;
  for (const onnx::TensorProto &tensor : model.graph().initializer()) {
    if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    hasExternal = true;
    auto external = locateExternal(tensor, modelDir);
    if (!external)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "initializer '" + tensor.name() + "': " +
                                         llvm::toString(external.takeError()));
  }
  return llvm::Error::success();
}

llvm::Expected<HostTensor> readTensor(const onnx::TensorProto &tensor,
                                      llvm::StringRef modelDir) {
  HostTensor result;
  result.shape.assign(tensor.dims().begin(), tensor.dims().end());
  uint64_t count = 1;
  for (int64_t d : result.shape) {
    if (d < 0)
      return fail("tensor '" + tensor.name() + "' has a negative dimension");
    count *= static_cast<uint64_t>(d);
  }

  std::string raw;
  bool hasRaw = tensor.has_raw_data();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    auto bytes = readExternal(tensor, modelDir);
    if (!bytes)
      return bytes.takeError();
    raw = std::move(*bytes);
    hasRaw = true;
  } else if (hasRaw) {
    raw = tensor.raw_data();
  }

  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    if (hasRaw)
      copyRaw(raw, result.floats);
    else
      result.floats.assign(tensor.float_data().begin(),
                           tensor.float_data().end());
    if (result.floats.size() != count)
      break;
    return result;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::INT32: {
    result.isFloat = false;
    if (tensor.data_type() == onnx::TensorProto::INT64) {
      if (hasRaw)
        copyRaw(raw, result.ints);
      else
        result.ints.assign(tensor.int64_data().begin(),
                           tensor.int64_data().end());
    } else {
      std::vector<int32_t> ints32;
      if (hasRaw)
        copyRaw(raw, ints32);
      else
        ints32.assign(tensor.int32_data().begin(), tensor.int32_data().end());
      result.ints.assign(ints32.begin(), ints32.end());
    }
    if (result.ints.size() != count)
      break;
    return result;
  }
  default:
    return fail(
        "tensor '" + tensor.name() + "' has data type " +
        onnx::TensorProto::DataType_Name(
            static_cast<onnx::TensorProto::DataType>(tensor.data_type())) +
        "; Kiln reads float32 weights and int64/int32 shapes");
  }
  return fail("tensor '" + tensor.name() +
              "' holds the wrong number of "
              "values for its shape (" +
              llvm::Twine(count) + " expected)");
}

} // namespace kiln::onnximport
