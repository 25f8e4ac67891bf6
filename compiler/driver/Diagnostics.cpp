//===- Diagnostics.cpp - kilnc's error format -----------------------------===//

#include "compiler/driver/Diagnostics.h"

#include "frontends/common/ModelName.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln {
namespace {

void printDiagnostic(Diagnostic &diag, StringRef tool, llvm::raw_ostream &os) {
  std::string layer;
  FileLineColLoc file;
  diag.getLocation()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc); named && layer.empty())
      layer = named.getName().str();
    if (auto fileLoc = dyn_cast<FileLineColLoc>(loc); fileLoc && !file)
      file = fileLoc;
    return WalkResult::advance();
  });

  if (file) {
    os << file.getFilename().getValue();
    if (file.getLine() != 0)
      os << ":" << file.getLine() << ":" << file.getColumn();
    os << ": ";
  } else {
    os << tool << ": ";
  }
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    os << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    os << "warning: ";
    break;
  case DiagnosticSeverity::Note:
    os << "note: ";
    break;
  case DiagnosticSeverity::Remark:
    os << "remark: ";
    break;
  }
  if (!layer.empty())
    os << "layer " << quotedName(layer) << ": ";
  os << diag << "\n";
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note, tool, os);
}

} // namespace

LayerDiagnosticHandler::LayerDiagnosticHandler(MLIRContext *context,
                                               StringRef tool)
    : ScopedDiagnosticHandler(context, [tool = tool.str()](Diagnostic &diag) {
        printDiagnostic(diag, tool, llvm::errs());
        return success();
      }) {}

} // namespace kiln
