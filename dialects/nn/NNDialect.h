//===- NNDialect.h - the nn dialect and its ops ------------------*- C++
//-*-===//
//
// The one header users of the dialect include: the dialect class and every op.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNDIALECT_H
#define KILN_DIALECTS_NN_NNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/nn/NNOpsDialect.h.inc"

#include "dialects/nn/NNActivation.h"

#define GET_ATTRDEF_CLASSES
#include "dialects/nn/NNAttrs.h.inc"

#include "dialects/nn/NNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/nn/NNOps.h.inc"

#endif // KILN_DIALECTS_NN_NNDIALECT_H
