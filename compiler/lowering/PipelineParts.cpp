//===- PipelineParts.cpp - where a network splits into pipelines ----------===//

#include "compiler/lowering/PipelineParts.h"

#include "dialects/nn/NNDialect.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace kiln::lowering {

// Ops that compute nothing of their own: weights, and the aliases that -O0
// keeps (nn.dropout, nn.identity).
static bool isLayer(Operation &op) {
  return !isa<nn::ConstantOp, nn::DropoutOp, nn::IdentityOp, func::ReturnOp>(
      op);
}

// Whether `value` is read only by an activation (a residual add's relu). A
// cut there would leave the activation to the next part, inlined into every
// read of the crossing: a max per broadcast input value in its readers'
// inner loops, which made ResNet-50's first layer of each part up to twice as
// slow. After the activation, it is applied once, where the value is stored.
static bool feedsOnlyActivation(Value value) {
  return value.hasOneUse() &&
         isa<nn::ActivationOpInterface>(*value.getUsers().begin());
}

std::vector<PartEnd> choosePartEnds(func::FuncOp func, unsigned layersPerPart,
                                    LayerWeight layerWeight) {
  std::vector<PartEnd> ends;
  // The first part takes the network's input as its only one.
  if (layersPerPart == 0 || func.getNumArguments() != 1)
    return ends;
  Block &body = func.getBody().front();

  // Each value's last reader, as a position in the body; weights never
  // cross a cut (every part reads its own), so they are not tracked.
  llvm::DenseMap<Operation *, size_t> position;
  size_t layers = 0;
  for (Operation &op : body) {
    position[&op] = position.size();
    if (isLayer(op))
      layers += layerWeight(op);
  }
  llvm::DenseMap<Value, size_t> lastRead;
  auto track = [&](Value value) {
    for (Operation *user : value.getUsers())
      lastRead[value] = std::max(lastRead[value], position[user]);
  };
  for (BlockArgument arg : func.getArguments())
    track(arg);
  for (Operation &op : body)
    if (!isa<nn::ConstantOp>(op))
      for (Value result : op.getResults())
        track(result);

  // Sweep the body keeping the values computed so far that are still read
  // later; a cut may follow an op when that set is one layer result which
  // the function does not return.
  llvm::SetVector<Value> live;
  for (auto [value, last] : lastRead)
    if (isa<BlockArgument>(value))
      live.insert(value);
  size_t inPart = 0, seen = 0;
  for (Operation &op : body) {
    size_t here = position[&op];
    for (Value result : op.getResults())
      if (lastRead.count(result))
        live.insert(result);
    live.remove_if([&](Value v) { return lastRead[v] <= here; });
    if (!isLayer(op))
      continue;
    inPart += layerWeight(op);
    seen += layerWeight(op);
    if (inPart < layersPerPart || live.size() != 1)
      continue;
    Value crossing = live.front();
    Operation *producer = crossing.getDefiningOp();
    bool returned = llvm::any_of(crossing.getUsers(), [](Operation *user) {
      return isa<func::ReturnOp>(user);
    });
    if (!producer || !isLayer(*producer) || returned ||
        feedsOnlyActivation(crossing) || (layers - seen) * 4 < layersPerPart)
      continue;
    ends.push_back({&op, crossing});
    inPart = 0;
  }
  return ends;
}

} // namespace kiln::lowering
