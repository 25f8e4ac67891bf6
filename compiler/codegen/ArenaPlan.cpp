//===- ArenaPlan.cpp - where a run's intermediate buffers lie -------------===//
//
// The pass walks the lowered statement in execution order with a clock: an
// allocation lives from its Allocate to its Free (or the end of its scope).
// A loop's body is walked once: buffers allocated inside it die inside it,
// so every iteration reuses the same places. Sizes are bounded from the
// intervals of the loop variables and lets around them.
//
// Which allocations reach the heap follows Halide 14's
// CodeGen_Posix::create_allocation: not those in registers, GPU memory or
// on the stack (MemoryType::Stack, or a constant size that
// can_allocation_fit_on_stack accepts), nor those that bring their own
// allocator (new_expr).
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/ArenaPlan.h"

#include "compiler/codegen/StoreOverShortcut.h"

#include "runtime/src/arena_format.h"

#include <algorithm>
#include <map>
#include <optional>

namespace kiln::codegen {

using namespace Halide;
using namespace Halide::Internal;

namespace {

uint64_t roundUp(uint64_t bytes) {
  return (bytes + KILN_ARENA_ALIGNMENT - 1) / KILN_ARENA_ALIGNMENT *
         KILN_ARENA_ALIGNMENT;
}

// One heap allocation of the statement, as planned.
struct PlannedBlock {
  uint64_t bound = 0; // the most bytes it takes
  int64_t start = 0, end = -1;
  bool perThread = false; // inside a parallel loop
  uint64_t offset = 0;
  uint64_t size() const { return roundUp(std::max<uint64_t>(bound, 1)); }
};

// The serial block of the one allocation named `name`, if any.
PlannedBlock *serialBlock(std::map<const Allocate *, PlannedBlock> &blocks,
                          const std::string &name) {
  PlannedBlock *found = nullptr;
  for (auto &[node, block] : blocks)
    if (node->name == name) {
      if (found || block.perThread)
        return nullptr;
      found = &block;
    }
  return found;
}

// Where allocations run: on the caller's thread, in a parallel loop's
// iterations, or where a thread's region could be in use twice at once.
enum class Where { Serial, Parallel, Unplannable };

class LifetimeWalk {
public:
  std::map<const Allocate *, PlannedBlock> blocks;
  int unplanned = 0;

  void walk(const Stmt &s, Where where) {
    if (!s.defined())
      return;
    if (const auto *a = s.as<Allocate>())
      return allocation(a, where);
    if (const auto *f = s.as<Free>()) {
      auto open = live.find(f->name);
      if (open != live.end() && !open->second.empty() &&
          open->second.back()->end < 0)
        open->second.back()->end = clock++;
      return;
    }
    if (const auto *f = s.as<For>()) {
      ScopedBinding<Interval> bind(scope, f->name,
                                   loopRange(f->min, f->extent));
      Where inside = where;
      if (f->is_parallel())
        inside = where == Where::Serial ? Where::Parallel : Where::Unplannable;
      return walk(f->body, inside);
    }
    if (const auto *b = s.as<Block>()) {
      walk(b->first, where);
      return walk(b->rest, where);
    }
    if (const auto *l = s.as<LetStmt>()) {
      ScopedBinding<Interval> bind(scope, l->name, boundsOf(l->value));
      return walk(l->body, where);
    }
    if (const auto *i = s.as<IfThenElse>()) {
      walk(i->then_case, where);
      return walk(i->else_case, where);
    }
    if (const auto *p = s.as<ProducerConsumer>())
      return walk(p->body, where);
    if (const auto *f = s.as<Fork>()) { // both sides at once
      walk(f->first, Where::Unplannable);
      return walk(f->rest, Where::Unplannable);
    }
    if (const auto *a = s.as<Acquire>())
      return walk(a->body, where);
    if (const auto *a = s.as<Atomic>())
      return walk(a->body, where);
  }

private:
  // The interval of `e`'s values, simplified: constants where the variables
  // in it are bounded by constants.
  Interval boundsOf(const Expr &e) {
    Interval interval = bounds_of_expr_in_scope(e, scope);
    if (interval.has_lower_bound())
      interval.min = simplify(interval.min);
    if (interval.has_upper_bound())
      interval.max = simplify(interval.max);
    return interval;
  }

  Interval loopRange(const Expr &min, const Expr &extent) {
    Interval first = boundsOf(min);
    Interval count = boundsOf(extent);
    if (!first.is_bounded() || !count.is_bounded())
      return Interval::everything();
    return Interval(first.min, simplify(first.max + count.max - 1));
  }

  static bool onHeap(const Allocate *a) {
    if (a->new_expr.defined() || a->extents.empty())
      return false;
    if (a->memory_type != MemoryType::Heap &&
        a->memory_type != MemoryType::Auto)
      return false;
    int64_t constant = int64_t(a->constant_allocation_size()) * a->type.bytes();
    return !(a->memory_type == MemoryType::Auto && constant > 0 &&
             can_allocation_fit_on_stack(constant));
  }

  std::optional<uint64_t> sizeBound(const Allocate *a) {
    Expr bytes = make_const(Int(64), a->type.bytes());
    for (const Expr &extent : a->extents)
      bytes = bytes * cast(Int(64), extent);
    Expr bound = find_constant_bound(simplify(bytes), Direction::Upper, scope);
    const int64_t *value = bound.defined() ? as_const_int(bound) : nullptr;
    if (!value || *value < 0)
      return std::nullopt;
    return uint64_t(*value);
  }

  void allocation(const Allocate *a, Where where) {
    if (!onHeap(a))
      return walk(a->body, where);
    std::optional<uint64_t> bound = sizeBound(a);
    if (!bound || where == Where::Unplannable) {
      ++unplanned;
      return walk(a->body, where);
    }
    PlannedBlock &block = blocks[a];
    block.bound = *bound;
    block.perThread = where == Where::Parallel;
    block.start = clock++;
    live[a->name].push_back(&block);
    walk(a->body, where);
    if (block.end < 0)
      block.end = clock++;
    live[a->name].pop_back();
  }

  std::map<std::string, std::vector<PlannedBlock *>> live;
  Scope<Interval> scope;
  int64_t clock = 0;
};

// Places `blocks` (those of one kind: per thread or not) greedily, largest
// first, each at the lowest offset clear of every placed block that lives
// at the same time; the region's size. Blocks of one size go in the order
// they start: the caller's order follows their addresses, which differ
// from one run of the compiler to the next, and so did the libraries.
uint64_t place(std::vector<PlannedBlock *> blocks) {
  std::sort(blocks.begin(), blocks.end(), [](PlannedBlock *a, PlannedBlock *b) {
    if (a->size() != b->size())
      return a->size() > b->size();
    return a->start < b->start;
  });
  std::vector<PlannedBlock *> placed;
  uint64_t regionSize = 0;
  for (PlannedBlock *block : blocks) {
    std::vector<PlannedBlock *> overlapping;
    for (PlannedBlock *other : placed)
      if (block->start <= other->end && other->start <= block->end)
        overlapping.push_back(other);
    std::sort(
        overlapping.begin(), overlapping.end(),
        [](PlannedBlock *a, PlannedBlock *b) { return a->offset < b->offset; });
    uint64_t offset = 0;
    for (PlannedBlock *other : overlapping) {
      if (offset + block->size() <= other->offset)
        break;
      offset = std::max(offset, other->offset + other->size());
    }
    block->offset = offset;
    regionSize = std::max(regionSize, offset + block->size());
    placed.push_back(block);
  }
  return regionSize;
}

// Gives every planned allocation its place.
class Rewrite : public IRMutator {
public:
  Rewrite(const std::map<const Allocate *, PlannedBlock> &blocks, int region)
      : blocks(blocks), region(region) {}

private:
  using IRMutator::visit;
  Stmt visit(const Allocate *op) override {
    auto planned = blocks.find(op);
    if (planned == blocks.end())
      return IRMutator::visit(op);
    Stmt body = mutate(op->body);
    const PlannedBlock &block = planned->second;
    Expr size = make_const(UInt(64), op->type.bytes());
    for (const Expr &extent : op->extents)
      size = size * cast(UInt(64), extent);
    Expr place = Call::make(
        Handle(), "kiln_arena_alloc",
        {Variable::make(Handle(), "__user_context"),
         make_const(Int(32), block.perThread ? KILN_ARENA_THREAD : region),
         make_const(UInt(64), block.offset), make_const(UInt(64), block.bound),
         simplify(size)},
        Call::Extern);
    // Freed by halide_free, which knows the arena's memory (an extern free
    // function must be defined in the module).
    return Allocate::make(op->name, op->type, MemoryType::Heap, op->extents,
                          op->condition, body, place);
  }

  const std::map<const Allocate *, PlannedBlock> &blocks;
  int region;
};

class PlanningPass : public IRMutator {
public:
  PlanningPass(
      int region, std::shared_ptr<ArenaNeeds> needs,
      std::function<std::vector<lowering::StoredOverShortcut>()> overShortcuts)
      : region(region), needs(std::move(needs)),
        overShortcuts(std::move(overShortcuts)) {}

  // Halide hands a custom pass the whole statement once.
  Stmt mutate(const Stmt &s) override {
    LifetimeWalk walk;
    walk.walk(s, Where::Serial);
    std::map<PlannedBlock *, PlannedBlock *> storedOver =
        shareShortcuts(s, walk.blocks);
    std::vector<PlannedBlock *> serial, perThread;
    for (auto &[node, block] : walk.blocks)
      if (!storedOver.count(&block))
        (block.perThread ? perThread : serial).push_back(&block);
    needs->serial = place(serial);
    needs->perThread = place(perThread);
    needs->unplanned = walk.unplanned;
    for (auto &[result, shortcut] : storedOver)
      result->offset = shortcut->offset;
    return Rewrite(walk.blocks, region).mutate(s);
  }
  using IRMutator::mutate;

private:
  // The residual sums that take their shortcut's place
  // (StoreOverShortcut.h), each mapped to the block placed for both: the
  // shortcut's, or where that is itself a sum stored over another
  // shortcut (consecutive ResNet blocks), the first of the chain. That
  // block lives and is sized for all of them.
  std::map<PlannedBlock *, PlannedBlock *>
  shareShortcuts(const Stmt &s,
                 std::map<const Allocate *, PlannedBlock> &blocks) {
    std::map<PlannedBlock *, PlannedBlock *> over;
    for (const lowering::StoredOverShortcut &pair : overShortcuts()) {
      if (pair.buffers ==
          lowering::StoredOverShortcut::Buffers::PartOutputAndInput) {
        needs->outputOverInput = mayStoreOverShortcut(s, pair);
        continue;
      }
      PlannedBlock *result = serialBlock(blocks, pair.result);
      PlannedBlock *shortcut = serialBlock(blocks, pair.shortcut);
      if (result && shortcut && mayStoreOverShortcut(s, pair))
        over[result] = shortcut;
    }
    std::map<PlannedBlock *, PlannedBlock *> placedWith;
    for (auto &[result, shortcut] : over) {
      PlannedBlock *first = shortcut;
      while (over.count(first))
        first = over.at(first);
      first->start = std::min(first->start, result->start);
      first->end = std::max(first->end, result->end);
      first->bound = std::max(first->bound, result->bound);
      placedWith[result] = first;
    }
    return placedWith;
  }

  int region;
  std::shared_ptr<ArenaNeeds> needs;
  std::function<std::vector<lowering::StoredOverShortcut>()> overShortcuts;
};

} // namespace

void planArena(
    Halide::Pipeline &pipeline, int region, std::shared_ptr<ArenaNeeds> needs,
    std::function<std::vector<lowering::StoredOverShortcut>()> overShortcuts) {
  pipeline.add_custom_lowering_pass(
      new PlanningPass(region, std::move(needs), std::move(overShortcuts)));
}

} // namespace kiln::codegen
