//===- AugmentFeed.h - an augmentation next to the network it feeds -*- C++
//-*-//
//
// An "augment" block may sit in a network's JSON file, feeding one of its
// inputs: the augmented batch (float32, NHWC, the block's target size and
// channels) must be what that input takes as it is, so the input's shape
// and "pixels" contract are checked against the block before anything is
// compiled.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_AUGMENTFEED_H
#define KILN_FRONTENDS_JSON_AUGMENTFEED_H

#include "frontends/common/AugmentSpec.h"

#include "mlir/IR/Location.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <nlohmann/json.hpp>

namespace kiln::jsonimport {

/// Checks that `spec` (read from the block at "/augment") writes what the
/// input it feeds, of the network's "inputs" list `inputs`, takes;
/// `locate` gives the location of a JSON pointer in the file.
mlir::LogicalResult checkAugmentFeedsInput(
    const AugmentSpec &spec, const nlohmann::json &inputs,
    llvm::function_ref<mlir::Location(llvm::StringRef)> locate);

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_AUGMENTFEED_H
