//===- WeightsFile.h - the <model>.weights file -----------------*- C++ -*-===//
//
// Lays the weights out as runtime/src/weights_format.h describes, and
// computes the layout's fingerprint, which ties the file to the libraries
// that read weights laid out so, and the data's checksum.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_WEIGHTSFILE_H
#define KILN_COMPILER_CODEGEN_WEIGHTSFILE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "llvm/Support/Error.h"

namespace kiln::codegen {

struct WeightsLayout {
  std::vector<uint64_t> offsets; // byte offset of each weight, in order
  uint64_t fileSize = 0;
  uint64_t fingerprint = 0; // of the layout: shapes, order, offsets
  uint64_t checksum = 0;    // of the data
};

/// Computes offsets, size, fingerprint and checksum.
WeightsLayout layOutWeights(const std::vector<lowering::WeightParam> &weights);

/// Writes the file for `layout` at `path`.
llvm::Error writeWeightsFile(llvm::StringRef path,
                             const std::vector<lowering::WeightParam> &weights,
                             const WeightsLayout &layout);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_WEIGHTSFILE_H
