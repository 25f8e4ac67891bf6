//===- StoreOverShortcut.cpp - a residual sum stored in place ------------===//

#include "compiler/codegen/StoreOverShortcut.h"

#include <map>

namespace kiln::codegen {

using Halide::Expr;
using namespace Halide::Internal;
using Buffers = lowering::StoredOverShortcut::Buffers;

namespace {

// The allocations of one buffer, by name.
class FindAllocations : public IRVisitor {
public:
  explicit FindAllocations(const std::string &name) : name(name) {}
  std::vector<const Allocate *> found;

private:
  using IRVisitor::visit;
  void visit(const Allocate *op) override {
    if (op->name == name)
      found.push_back(op);
    IRVisitor::visit(op);
  }
  const std::string &name;
};

const Allocate *soleAllocation(const Stmt &s, const std::string &name) {
  FindAllocations find(name);
  s.accept(&find);
  return find.found.size() == 1 ? find.found.front() : nullptr;
}

bool sameShape(const Allocate *a, const Allocate *b) {
  if (a->type != b->type || a->extents.size() != b->extents.size())
    return false;
  for (size_t i = 0; i < a->extents.size(); ++i)
    if (!equal(a->extents[i], b->extents[i]))
      return false;
  return true;
}

// Whether `e` clamps: a min or max, as a tile shifted inwards at the end
// of a loop (Halide's TailStrategy::ShiftInwards) computes its index.
bool clamps(const Expr &e) {
  class FindClamp : public IRVisitor {
  public:
    bool found = false;

  private:
    using IRVisitor::visit;
    void visit(const Min *) override { found = true; }
    void visit(const Max *) override { found = true; }
  } find;
  e.accept(&find);
  return find.found;
}

// Walks the statement in execution order, refusing at the first reference
// to the shortcut that could see an element the result already overwrote.
class ShortcutUses : public IRVisitor {
public:
  explicit ShortcutUses(const lowering::StoredOverShortcut &pair)
      : pair(pair), buffer(pair.shortcut + ".buffer") {}
  bool safe = true;
  bool producerSeen = false;

private:
  using IRVisitor::visit;

  // In the producer, the lets' values are expanded into the result's
  // store indices and loop bounds: a clamped one may store an element twice
  // (a shifted tile), the second time reading what the first wrote.
  template <typename LetNode> void expandLet(const LetNode *op) {
    op->value.accept(this);
    lets[op->name] = substitute(lets, op->value);
    op->body.accept(this);
  }

  void visit(const LetStmt *op) override {
    inProducer ? expandLet(op) : IRVisitor::visit(op);
  }

  void visit(const Let *op) override {
    inProducer ? expandLet(op) : IRVisitor::visit(op);
  }

  void visit(const For *op) override {
    if (inProducer && (clamps(substitute(lets, op->min)) ||
                       clamps(substitute(lets, op->extent))))
      safe = false;
    IRVisitor::visit(op);
  }

  void visit(const ProducerConsumer *op) override {
    if (!op->is_producer || op->name != pair.result)
      return IRVisitor::visit(op);
    inProducer = true;
    op->body.accept(this);
    inProducer = false;
    producerSeen = true;
  }

  // In the producer, a store of the result may read the shortcut at its
  // own index.
  void visit(const Store *op) override {
    if (!inProducer || op->name != pair.result)
      return IRVisitor::visit(op);
    if (clamps(substitute(lets, op->index)))
      safe = false;
    storeIndex = op->index;
    op->value.accept(this);
    storeIndex = Expr();
    op->index.accept(this);
    op->predicate.accept(this);
  }

  void visit(const Load *op) override {
    if (op->name == pair.result && inProducer)
      safe = false;
    if (op->name == pair.shortcut) {
      bool atStoredIndex =
          inProducer && storeIndex.defined() &&
          equal(substitute(lets, op->index), substitute(lets, storeIndex));
      if (producerSeen || (inProducer && !atStoredIndex))
        safe = false;
    }
    IRVisitor::visit(op);
  }

  // A part's caller passes the previous part's result to the part's
  // extern stage, which its own lowering checked.
  void visit(const Variable *op) override {
    bool passedToPart = inProducer && pair.buffers == Buffers::PartResults;
    if ((producerSeen || inProducer) && !passedToPart &&
        (op->name == pair.shortcut || op->name == buffer))
      safe = false;
  }

  const lowering::StoredOverShortcut &pair;
  std::string buffer;
  bool inProducer = false;
  Expr storeIndex;
  std::map<std::string, Expr> lets;
};

} // namespace

bool mayStoreOverShortcut(const Stmt &pipeline,
                          const lowering::StoredOverShortcut &pair) {
  // A part's output and input have the add's shape, and its caller
  // allocates both alike (LowerToHalide.cpp, endPart).
  if (pair.buffers != Buffers::PartOutputAndInput) {
    const Allocate *result = soleAllocation(pipeline, pair.result);
    const Allocate *shortcut = soleAllocation(pipeline, pair.shortcut);
    if (!result || !shortcut || !sameShape(result, shortcut))
      return false;
  }
  ShortcutUses uses(pair);
  pipeline.accept(&uses);
  return uses.safe && uses.producerSeen;
}

} // namespace kiln::codegen
