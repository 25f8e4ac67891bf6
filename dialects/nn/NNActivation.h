//===- NNActivation.h - a unary activation and its parameters ---*- C++ -*-===//
//
// What an activation op (NN_ActivationOpInterface) computes, and what a
// fused op's NN_FusedActivationArgs say it applies: one value that the
// fusion passes copy from the one to the other and the lowering turns into
// Halide, without either naming the activations again.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNACTIVATION_H
#define KILN_DIALECTS_NN_NNACTIVATION_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Builders.h"

#include "dialects/nn/NNEnums.h.inc"

namespace kiln::nn {

struct Activation {
  ActivationKind kind = ActivationKind::None;
  float min = 0.0f, max = 0.0f; // Clip
  float alpha = 0.01f;          // LeakyRelu
};

/// The activation a fused op (nn.fused_conv2d, nn.fused_dense) applies, from
/// its NN_FusedActivationArgs.
template <typename FusedOp> Activation fusedActivation(FusedOp op) {
  Activation activation{op.getActivation()};
  if (activation.kind == ActivationKind::Clip) {
    activation.min = op.getMin()->convertToFloat();
    activation.max = op.getMax()->convertToFloat();
  }
  activation.alpha = op.getAlpha().convertToFloat();
  return activation;
}

/// Appends the NN_FusedActivationArgs that make a fused op apply
/// `activation`.
void appendFusedActivationAttrs(
    const Activation &activation, mlir::Builder &builder,
    llvm::SmallVectorImpl<mlir::NamedAttribute> &attrs);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_NNACTIVATION_H
