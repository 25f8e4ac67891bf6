//===- NpyFile.cpp - NumPy .npy files of float32 --------------------------===//
//
// The header is a Python dict literal; rather than a Python parser this reads
// the three keys NumPy always writes ('descr', 'fortran_order', 'shape') and
// checks the data length against the shape before allocating, so a truncated
// or hostile file is an error and never a crash or a huge allocation.
// Format:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//
//===----------------------------------------------------------------------===//

#include "NpyFile.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/EndianStream.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace kiln::run {
namespace {

constexpr StringLiteral kMagic("\x93NUMPY");

Error npyError(StringRef path, const Twine &message) {
  return createStringError("'" + path +
                           "' is not a usable .npy file: " + message);
}

/// The text after `'key':` in the header dict, or nothing.
std::optional<StringRef> valueOf(StringRef header, StringRef key) {
  for (char quote : {'\'', '"'}) {
    std::string quoted = (Twine(quote) + key + Twine(quote)).str();
    size_t at = header.find(quoted);
    if (at == StringRef::npos)
      continue;
    StringRef rest = header.drop_front(at + quoted.size()).ltrim();
    if (!rest.consume_front(":"))
      return std::nullopt;
    return rest.ltrim();
  }
  return std::nullopt;
}

/// A readable name for the dtypes people most often save by mistake.
std::string describeDtype(StringRef descr) {
  static const std::pair<StringRef, StringRef> names[] = {
      {"f8", "float64"}, {"f2", "float16"}, {"i8", "int64"}, {"i4", "int32"},
      {"i2", "int16"},   {"i1", "int8"},    {"u1", "uint8"}, {"b1", "bool"}};
  StringRef code = descr.drop_while(
      [](char c) { return c == '<' || c == '>' || c == '|' || c == '='; });
  if (descr == ">f4")
    return "'>f4' (big-endian float32)";
  for (const auto &[suffix, name] : names)
    if (code == suffix)
      return ("'" + descr + "' (" + name + ")").str();
  return ("'" + descr + "'").str();
}

Expected<SmallVector<int64_t, 4>> parseShape(StringRef text, StringRef path) {
  if (!text.consume_front("("))
    return npyError(path, "the header's 'shape' is not a tuple");
  size_t close = text.find(')');
  if (close == StringRef::npos)
    return npyError(path, "the header's 'shape' is not a tuple");
  SmallVector<StringRef, 8> parts;
  text.take_front(close).split(parts, ',');
  SmallVector<int64_t, 4> shape;
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue; // "(10,)" and "()"
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return npyError(path, "bad dimension '" + part + "' in 'shape'");
    shape.push_back(dim);
  }
  return shape;
}

} // namespace

Expected<HostTensor> parseNpy(StringRef bytes, StringRef path) {
  if (!bytes.starts_with(kMagic) || bytes.size() < kMagic.size() + 2)
    return npyError(path, "it does not start with the .npy magic '\\x93NUMPY'");
  uint8_t major = bytes[kMagic.size()];
  size_t lengthBytes = major == 1 ? 2 : (major == 2 || major == 3) ? 4 : 0;
  if (!lengthBytes)
    return npyError(path, "unknown format version " + Twine(unsigned(major)));
  size_t lengthAt = kMagic.size() + 2;
  if (bytes.size() < lengthAt + lengthBytes)
    return npyError(path, "the file is truncated inside its header");
  uint64_t headerLength =
      lengthBytes == 2 ? support::endian::read16le(bytes.data() + lengthAt)
                       : support::endian::read32le(bytes.data() + lengthAt);
  size_t dataAt = lengthAt + lengthBytes;
  if (bytes.size() - dataAt < headerLength)
    return npyError(path, "the file is truncated inside its header");
  StringRef header = bytes.substr(dataAt, headerLength);
  dataAt += headerLength;

  std::optional<StringRef> descr = valueOf(header, "descr");
  std::optional<StringRef> order = valueOf(header, "fortran_order");
  std::optional<StringRef> shapeText = valueOf(header, "shape");
  if (!descr || !order || !shapeText)
    return npyError(path,
                    "its header lacks 'descr', 'fortran_order' or 'shape'");
  if (descr->empty() || (descr->front() != '\'' && descr->front() != '"'))
    return npyError(path, "the header's 'descr' is not a string");
  char quote = descr->front();
  StringRef dtype =
      descr->drop_front().take_until([quote](char c) { return c == quote; });
  // '|u1': the uint8 pixels of a model compiled with --input-type=uint8.
  bool pixels = dtype == "|u1";
  if (dtype != "<f4" && !pixels)
    return createStringError(
        "'" + path + "' holds " + describeDtype(dtype) +
        " data; kiln-run reads float32 ('<f4'), or uint8 ('|u1') for models "
        "that take 8-bit pixels: convert it with array.astype(numpy.float32)");
  size_t elementBytes = pixels ? 1 : sizeof(float);
  if (order->starts_with("True"))
    return createStringError(
        "'" + path +
        "' is in Fortran order; kiln-run reads C-order arrays: save "
        "numpy.ascontiguousarray(array)");
  if (!order->starts_with("False"))
    return npyError(path, "the header's 'fortran_order' is not True or False");

  auto shape = parseShape(*shapeText, path);
  if (!shape)
    return shape.takeError();
  std::optional<uint64_t> count = checkedCount(*shape);
  if (!count)
    return npyError(path, "shape " + formatShape(*shape) + " is too large");
  uint64_t dataBytes = bytes.size() - dataAt;
  if (dataBytes != *count * elementBytes)
    return npyError(
        path, "shape " + formatShape(*shape) + " needs " +
                  Twine(*count * elementBytes) +
                  " bytes of data, the file has " + Twine(dataBytes) +
                  (dataBytes < *count * elementBytes ? " (truncated?)" : ""));

  HostTensor tensor;
  tensor.shape = std::move(*shape);
  tensor.type = pixels ? ElementType::UInt8 : ElementType::Float32;
  tensor.data.resize(*count);
  const char *data = bytes.data() + dataAt;
  for (uint64_t i = 0; i < *count; ++i)
    tensor.data[i] =
        pixels ? static_cast<float>(static_cast<uint8_t>(data[i]))
               : support::endian::read<float, llvm::endianness::little>(
                     data + i * sizeof(float));
  return tensor;
}

Expected<HostTensor> readNpyFile(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read '" + path +
                                 "': " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

Error writeNpyFile(StringRef path, const HostTensor &tensor) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int64_t dim : tensor.shape)
    header += std::to_string(dim) + (tensor.shape.size() == 1 ? ",)" : ", ");
  if (tensor.shape.size() != 1) {
    if (!tensor.shape.empty())
      header.resize(header.size() - 2);
    header += ")";
  }
  header += ", }";
  // NumPy pads with spaces and a newline so that the data is 64-byte aligned.
  size_t prefix = kMagic.size() + 2 + 2;
  header.append(63 - (prefix + header.size()) % 64, ' ');
  header += '\n';

  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec,
                             "cannot write '" + path + "': " + ec.message());
  os << kMagic << char(1) << char(0);
  support::endian::write<uint16_t>(os, uint16_t(header.size()),
                                   llvm::endianness::little);
  os << header;
  for (float value : tensor.data)
    support::endian::write<float>(os, value, llvm::endianness::little);
  return closeWrittenFile(os, path);
}

} // namespace kiln::run
