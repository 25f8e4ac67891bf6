//===- OnnxImporter.cpp - load, check and import an ONNX model ------------===//
//
// Loading is ONNX's business: its protobuf classes parse the file, its
// checker validates the model and its shape inference fills in the shapes,
// once fixInputShapes has given every input dimension a size. The default
// domain's opset must be one this ONNX knows.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/OnnxImporter.h"

#include "frontends/common/ReadFile.h"
#include "frontends/onnx/FixInputShapes.h"
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/PreInferenceChecks.h"
#include "frontends/onnx/Tensors.h"

#include "dialects/nn/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

using namespace mlir;

namespace kiln::onnximport {
namespace {

// The default-domain opset the model imports, or an error.
FailureOr<int64_t> defaultOpset(const onnx::ModelProto &model, Location loc) {
  int64_t newest = onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
                       .Map()
                       .at(onnx::ONNX_DOMAIN)
                       .second;
  for (const auto &import : model.opset_import()) {
    if (!import.domain().empty() && import.domain() != "ai.onnx")
      continue;
    // Each operator has its own minimum (see Registry.cpp); nodes below it
    // are listed with the other unsupported nodes.
    if (import.version() < 1 || import.version() > newest) {
      emitError(loc) << "opset " << import.version()
                     << " is not supported: Kiln reads opsets up to " << newest
                     << " (the newest this ONNX library knows)";
      return failure();
    }
    return import.version();
  }
  emitError(loc) << "the model imports no opset of the default ONNX domain";
  return failure();
}

} // namespace

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &context, llvm::StringRef path,
                                     const ImportOptions &options) {
  context.loadDialect<nn::NNDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  auto buffer = readRegularFile(path);
  if (!buffer) {
    emitError(fileLoc) << "cannot read model: "
                       << llvm::toString(buffer.takeError());
    return nullptr;
  }
  onnx::ModelProto model;
  if (!model.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize()))) {
    emitError(fileLoc) << "not an ONNX model: the file does not parse as an "
                       << "onnx.ModelProto";
    return nullptr;
  }

  // External data paths are checked before ONNX's checker opens them; the
  // checker finds such files relative to the model only when it reads the
  // model from its path.
  bool hasExternal = false;
  if (llvm::Error error = checkExternalData(
          model, llvm::sys::path::parent_path(path), hasExternal)) {
    emitError(fileLoc) << llvm::toString(std::move(error));
    return nullptr;
  }
  // ONNX's checker and shape inference report problems by exception, but
  // some of their arithmetic trusts the model: checked first.
  auto opset = defaultOpset(model, fileLoc);
  if (failed(opset) || failed(prepareForInference(model, *opset, fileLoc)))
    return nullptr;
  try {
    if (hasExternal)
      onnx::checker::check_model(path.str());
    else
      onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    emitError(fileLoc) << "the ONNX checker rejects the model: "
                       << error.what();
    return nullptr;
  }
  if (failed(fixInputShapes(model, options.shapes, fileLoc)))
    return nullptr;
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*strict_mode=*/1,
                                        /*data_prop=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &error) {
    emitError(fileLoc) << "ONNX shape inference fails on the model: "
                       << error.what();
    return nullptr;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  GraphImporter graph(context, path.str(), model, *opset, options.remarks);
  if (failed(graph.run(*module)))
    return nullptr;
  return module;
}

} // namespace kiln::onnximport
