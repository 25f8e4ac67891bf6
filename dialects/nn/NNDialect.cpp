//===- NNDialect.cpp - registration of the nn dialect ---------------------===//

#include "dialects/nn/NNDialect.h"

using namespace mlir;
using namespace kiln::nn;

#include "dialects/nn/NNOpsDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/nn/NNOps.cpp.inc"
      >();
}
