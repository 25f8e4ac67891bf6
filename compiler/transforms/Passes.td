//===- Passes.td - Kiln's nn-to-nn passes --------------------*- tablegen -*-===//

#ifndef KILN_TRANSFORMS_PASSES
#define KILN_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def VerifyLowerable : Pass<"kiln-verify-lowerable", "mlir::ModuleOp"> {
  let summary = "Check that a module is in the form the Halide lowering reads";
  let description = [{
    The last pass of every Kiln pipeline. The lowering expects exactly one
    `func.func` whose body holds only nn ops and a `func.return`, with tensor
    arguments and results. Anything else is reported here, at the op that
    breaks the rule, instead of surfacing later as a lowering failure.
  }];
}

#endif // KILN_TRANSFORMS_PASSES
