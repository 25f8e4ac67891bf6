//===- JsonImporter.h - Kiln's JSON network format to nn --------*- C++ -*-===//
//
// Reads a network written in Kiln's JSON format (docs/json-format.md) and
// builds one func.func of nn ops. Every problem is reported as an MLIR error
// at the location of the layer (or the file) it concerns; the importer only
// imports: it neither optimizes nor checks more than the format requires.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTENDS_JSON_JSONIMPORTER_H
#define KILN_FRONTENDS_JSON_JSONIMPORTER_H

#include "frontends/common/AugmentSpec.h"
#include "frontends/common/InputShapes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>
#include <string>

namespace kiln::jsonimport {

struct ImportOptions {
  /// When set, weights are read from this file instead of the source the
  /// JSON names (the same network with other trained weights).
  std::string weightsFile;
  /// Replaces the shapes or the batch size the network's inputs declare.
  InputShapes inputShapes;
};

/// An "augment" block (docs/augment.md), alone in its file or next to the
/// network whose input it feeds (then kilnc compiles both).
struct ImportedAugmentation {
  AugmentSpec spec;
  bool nextToNetwork = false;
};

/// The "augment" block of the JSON file at `path` when it holds one;
/// nothing otherwise; failure after reporting errors through the context's
/// diagnostic handler.
mlir::FailureOr<std::optional<ImportedAugmentation>>
importAugmentFile(mlir::MLIRContext &context, llvm::StringRef path);

/// Returns null after reporting the errors through the context's diagnostic
/// handler.
mlir::OwningOpRef<mlir::ModuleOp> importJsonFile(mlir::MLIRContext &context,
                                                 llvm::StringRef path,
                                                 const ImportOptions &options);

} // namespace kiln::jsonimport

#endif // KILN_FRONTENDS_JSON_JSONIMPORTER_H
