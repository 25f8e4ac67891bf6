//===- WeightsFile.cpp - the <model>.weights file -------------------------===//

#include "compiler/codegen/WeightsFile.h"

#include "dialects/nn/NNConstants.h"
#include "runtime/src/weights_format.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace kiln::codegen {
namespace {

struct Fnv1a {
  uint64_t hash = 0xcbf29ce484222325ULL;
  void add(const void *bytes, size_t size) {
    auto *p = static_cast<const unsigned char *>(bytes);
    for (size_t i = 0; i < size; ++i)
      hash = (hash ^ p[i]) * 0x100000001b3ULL;
  }
};

void putLE(std::string &out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Calls `consume` with the weight's values in stored order, in pieces: the
// whole tensor when it is stored as it is, else one stored row at a time,
// gathered from the constant, so a repacked weight never needs a second
// full copy in memory.
void forEachStoredPiece(const lowering::WeightParam &weight,
                        llvm::function_ref<void(llvm::ArrayRef<float>)> consume) {
  nn::withFloatValues(weight.data, [&](llvm::ArrayRef<float> values) {
    const lowering::WeightLayout &layout = weight.layout;
    if (layout.permutation.empty())
      return consume(values); // at most split, which moves no data
    llvm::ArrayRef<int64_t> shape = weight.data.getShapedType().getShape();
    lowering::Shape source(shape.begin(), shape.end());
    nn::forEachTransposedRow(values, layout.viewShape(source),
                             layout.permutation, consume);
  });
}

} // namespace

WeightsLayout layOutWeights(const std::vector<lowering::WeightParam> &weights) {
  WeightsLayout layout;
  Fnv1a fingerprint;
  kiln_weights_checksum_state checksum;
  kiln_weights_checksum_init(&checksum);
  auto addToFingerprint = [&](llvm::ArrayRef<int64_t> values) {
    uint64_t size = values.size();
    fingerprint.add(&size, sizeof size);
    fingerprint.add(values.data(), values.size() * sizeof(int64_t));
  };
  uint64_t offset = KILN_WEIGHTS_HEADER_SIZE;
  const uint32_t zero = 0;
  for (const lowering::WeightParam &weight : weights) {
    for (; offset % KILN_WEIGHTS_ALIGNMENT; offset += sizeof zero)
      kiln_weights_checksum_add(&checksum, &zero, 1);
    layout.offsets.push_back(offset);
    // What the pipeline reads: the stored shape, the constant's shape and
    // how one became the other, and where the data lies.
    addToFingerprint(weight.tensor.shape);
    addToFingerprint(weight.data.getShapedType().getShape());
    addToFingerprint({weight.layout.block, static_cast<int64_t>(offset)});
    addToFingerprint(weight.layout.permutation);
    forEachStoredPiece(weight, [&](llvm::ArrayRef<float> values) {
      kiln_weights_checksum_add(&checksum, values.data(), values.size());
      offset += values.size() * sizeof(float);
    });
  }
  layout.fileSize = offset;
  layout.fingerprint = fingerprint.hash;
  layout.checksum = kiln_weights_checksum_final(&checksum);
  return layout;
}

llvm::Error writeWeightsFile(llvm::StringRef path,
                             const std::vector<lowering::WeightParam> &weights,
                             const WeightsLayout &layout) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  if (ec)
    return llvm::createStringError(ec, "cannot write '%s': %s",
                                   path.str().c_str(), ec.message().c_str());
  std::string header(KILN_WEIGHTS_MAGIC, KILN_WEIGHTS_MAGIC_SIZE);
  putLE(header, KILN_WEIGHTS_VERSION, 4);
  putLE(header, weights.size(), 4);
  putLE(header, layout.fileSize, 8);
  putLE(header, layout.fingerprint, 8);
  putLE(header, layout.checksum, 8);
  header.resize(KILN_WEIGHTS_HEADER_SIZE, '\0');
  out << header;

  uint64_t position = header.size();
  for (size_t i = 0; i < weights.size(); ++i) {
    out.write_zeros(layout.offsets[i] - position);
    position = layout.offsets[i];
    forEachStoredPiece(weights[i], [&](llvm::ArrayRef<float> values) {
      out.write(reinterpret_cast<const char *>(values.data()),
                values.size() * sizeof(float));
      position += values.size() * sizeof(float);
    });
  }
  out.close();
  if (out.has_error()) {
    ec = out.error();
    out.clear_error(); // an unchecked stream error would abort
    return llvm::createStringError(ec, "cannot write '%s': %s",
                                   path.str().c_str(), ec.message().c_str());
  }
  return llvm::Error::success();
}

} // namespace kiln::codegen
