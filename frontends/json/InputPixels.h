//===- InputPixels.h - a JSON input's "pixels" field ------------*- C++ -*-===//
//
// An input of a JSON network may say what its caller hands it (8-bit
// pixels, NHWC, BGR, a rescale, a mean and std): the "pixels" object of
// docs/json-format.md, read into the fields of an input contract
// (dialects/nn/NNInputContract.h) that the driver resolves with kilnc's
// flags.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_INPUTPIXELS_H
#define KILN_FRONTENDS_JSON_INPUTPIXELS_H

#include "frontends/json/FieldReader.h"

#include "dialects/nn/NNInputContract.h"

namespace kiln::jsonimport {

/// Reads `pixels`, the value of an input's "pixels" field, at `loc`, for
/// the input `inputName`; reports what is wrong with it.
mlir::FailureOr<nn::InputContractFields>
readInputPixels(const nlohmann::json &pixels, mlir::Location loc,
                llvm::StringRef inputName);

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_INPUTPIXELS_H
