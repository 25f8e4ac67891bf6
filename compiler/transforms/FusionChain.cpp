//===- FusionChain.cpp - what the fusion passes share ---------------------===//
//
// See FusionChain.h. The messages here are the remarks users read with
// --remarks, so their wording is tested (test/Transforms/fuse-*.mlir).
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/FusionChain.h"

#include "dialects/nn/NNDialect.h"

using namespace mlir;
using namespace kiln::nn;

namespace kiln::fusion {

bool isFusableActivation(Operation *op) {
  return isa<ActivationOpInterface>(op);
}

Operation *nextLink(Value value, function_ref<bool(Operation *)> fits,
                    std::string &why) {
  Operation *candidate = nullptr;
  for (Operation *user : value.getUsers())
    if (fits(user)) {
      candidate = user;
      break;
    }
  if (!candidate || value.hasOneUse())
    return candidate;
  for (Operation *user : value.getUsers())
    if (user != candidate) {
      why = (candidate->getName().stripDialect() +
             " not fused: its input is also used by " +
             user->getName().getStringRef())
                .str();
      break;
    }
  return nullptr;
}

std::string whyNoChain(Operation *layer, StringRef wanted) {
  Value result = layer->getResult(0);
  StringRef name = layer->getName().stripDialect();
  if (result.use_empty())
    return (name + " not fused: its result is unused").str();
  if (result.hasOneUse())
    return (name + " not fused: its only user " +
            result.getUsers().begin()->getName().getStringRef() + " is " +
            wanted)
        .str();
  return (name + " not fused: its result has several users, none of them "
                 "fusable")
      .str();
}

void addActivationAttrs(Operation *activation, Builder &builder,
                        SmallVectorImpl<NamedAttribute> &attrs) {
  appendFusedActivationAttrs(
      cast<ActivationOpInterface>(activation).getActivationFunction(), builder,
      attrs);
}

} // namespace kiln::fusion
