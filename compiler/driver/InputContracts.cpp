//===- InputContracts.cpp - each input's contract, decided ----------------===//

#include "compiler/driver/InputContracts.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln::driver {

LogicalResult applyInputContracts(ModuleOp module,
                                  const nn::InputContractFields &flags) {
  auto func = *module.getOps<func::FuncOp>().begin();
  for (BlockArgument input : func.getArguments()) {
    unsigned index = input.getArgNumber();
    nn::InputContractFields given = nn::fieldsFromAttr(
        func.getArgAttrOfType<DictionaryAttr>(index, nn::kInputContractAttr));
    if (index == 0)
      given = given.overriddenBy(flags);
    func.removeArgAttr(index, nn::kInputContractAttr);
    if (given.empty())
      continue;
    auto shape = cast<RankedTensorType>(input.getType()).getShape();
    nn::PixelLayout declared =
        shape.size() == 4 && nn::declaredChannelsLast(input)
            ? nn::PixelLayout::NHWC
            : nn::PixelLayout::NCHW;
    nn::InputContract contract = given.resolve(declared);
    if (llvm::Error error = nn::checkInputContract(contract, shape)) {
      auto name = func.getArgAttrOfType<StringAttr>(index, "kiln.name");
      emitError(input.getLoc())
          << "input '" << (name ? name.getValue() : StringRef("?"))
          << "': " << llvm::toString(std::move(error));
      return failure();
    }
    if (!contract.isIdentity())
      func.setArgAttr(index, nn::kInputContractAttr,
                      nn::toAttr(module.getContext(), contract));
  }
  return success();
}

} // namespace kiln::driver
