//===- CHeader.h - the generated <model>.h ----------------------*- C++ -*-===//

#ifndef KILN_COMPILER_CODEGEN_CHEADER_H
#define KILN_COMPILER_CODEGEN_CHEADER_H

#include "compiler/codegen/ArenaPlan.h"
#include "compiler/codegen/WeightsFile.h"

#include <string>

namespace kiln::codegen {

/// The C header declaring the model's shapes and its load/run/free
/// functions (inline wrappers over kiln/runtime.h). `pipelineSymbol` is the
/// argv entry point compiled into the library; `deviceInterfaceSymbol` the
/// Halide runtime function naming its GPU API, empty for CPU targets.
/// `partFunctions` names the parts of every variant of the library, the
/// variants in order (each has network.parts.size() of them, reading the
/// same weights). `embeddedWeights`: the symbol of the weights image in the
/// library (kilnc --embed-weights), or empty. `arena`: the scratch arena a
/// run needs (ArenaPlan.h).
std::string generateCHeader(
    const lowering::LoweredNetwork &network, const WeightsLayout &weights,
    llvm::StringRef pipelineSymbol, llvm::StringRef deviceInterfaceSymbol,
    const std::vector<std::string> &partFunctions, llvm::StringRef sourceFile,
    llvm::StringRef embeddedWeights, const ArenaLayout &arena);

} // namespace kiln::codegen

#endif // KILN_COMPILER_CODEGEN_CHEADER_H
