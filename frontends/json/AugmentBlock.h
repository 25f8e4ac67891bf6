//===- AugmentBlock.h - a JSON file's "augment" block -----------*- C++ -*-===//
//
// An ImageDataGenerator written as JSON (docs/augment.md): the batch it
// takes and Keras's parameters, read into an AugmentSpec with every bad
// field reported at its position.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_AUGMENTBLOCK_H
#define KILN_FRONTENDS_JSON_AUGMENTBLOCK_H

#include "frontends/common/AugmentSpec.h"

#include "mlir/IR/Location.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <nlohmann/json.hpp>

namespace kiln::jsonimport {

/// Reads `block`, the "augment" object of the file whose model is
/// `modelName`; `locate` gives the location of a JSON pointer in the file.
mlir::FailureOr<AugmentSpec>
readAugmentBlock(const nlohmann::json &block, llvm::StringRef modelName,
                 llvm::function_ref<mlir::Location(llvm::StringRef)> locate);

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_AUGMENTBLOCK_H
