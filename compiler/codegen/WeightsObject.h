//===- WeightsObject.h - weights as an object file in the library -*- C++ -*-//
//
// kilnc --embed-weights puts a model's weights image (its .weights file,
// byte for byte) into its library: a relocatable ELF object with the image
// in a read-only, 64-byte aligned section under one global symbol, which
// the generated header hands to kiln_model_load_from_memory. Loading then
// needs no file and, the image being aligned, copies nothing.
//
// The object is written directly (it holds data only, no code): Halide's
// modules give their buffers private linkage, and LLVM's object writers
// are not part of Kiln's link.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_WEIGHTSOBJECT_H
#define KILN_COMPILER_CODEGEN_WEIGHTSOBJECT_H

#include <Halide.h>

#include "llvm/Support/Error.h"

namespace kiln::codegen {

/// The largest image embedded: a larger read-only section could push code
/// out of the reach of 32-bit PC-relative references.
inline constexpr uint64_t kMaxEmbeddedWeightsBytes = uint64_t(1) << 30;

/// Why weights cannot be embedded for `target` (not an ELF target), or "".
std::string embeddedWeightsProblem(const Halide::Target &target);

/// Writes the object at `objectPath`: the contents of `weightsPath` under
/// `symbol`, for `target`.
llvm::Error writeWeightsObject(const Halide::Target &target,
                               llvm::StringRef symbol,
                               llvm::StringRef weightsPath,
                               llvm::StringRef objectPath);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_WEIGHTSOBJECT_H
