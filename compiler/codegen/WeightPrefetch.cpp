//===- WeightPrefetch.cpp - prefetching the weights ahead -----------------===//

#include "compiler/codegen/WeightPrefetch.h"

#include <algorithm>

namespace kiln::codegen {

// PrefetchL2.ll assembled by llvm-as-14 (CMakeLists.txt).
extern const std::vector<uint8_t> kPrefetchL2Bitcode;

using namespace Halide;
using namespace Halide::Internal;

namespace {

constexpr int kFloatsPerLine = 16; // 64-byte cache lines
constexpr const char *kPrefetchFunction = "kiln_prefetch_l2";

// Whether `loop` is the schedule's loop `name`, or that loop rebased to
// start at zero: Halide's rebase_loops_to_zero renames a loop whose
// minimum is not zero (a task's rows) `<name>.rebased`.
bool isLoop(const For *loop, const std::string &name) {
  return loop->name == name || loop->name == name + ".rebased";
}

// The largest power of two p with steps / p >= lines (1 where steps <=
// lines): how many consecutive steps prefetch each line of a chunk.
int64_t stepsPerLine(int64_t steps, int64_t lines) {
  int64_t perLine = 1;
  while (steps / (perLine * 2) >= lines)
    perLine *= 2;
  return perLine;
}

class PrefetchPass : public IRMutator {
public:
  explicit PrefetchPass(std::vector<lowering::WeightStream> streams)
      : streams(std::move(streams)) {}

private:
  std::vector<lowering::WeightStream> streams;
  std::vector<const For *> enclosing;
  // The LetStmts around the current node, outer to inner, each with the
  // number of loops enclosing it.
  std::vector<std::pair<const LetStmt *, size_t>> enclosingLets;

  using IRMutator::visit;
  Stmt visit(const LetStmt *op) override {
    enclosingLets.emplace_back(op, enclosing.size());
    Stmt body = mutate(op->body);
    enclosingLets.pop_back();
    if (body.same_as(op->body))
      return op;
    return LetStmt::make(op->name, op->value, body);
  }

  Stmt visit(const For *op) override {
    enclosing.push_back(op);
    Stmt body = mutate(op->body);
    std::optional<Stmt> prefetch = prefetchAt(op);
    enclosing.pop_back();
    if (prefetch)
      body = Block::make(*prefetch, body);
    if (body.same_as(op->body))
      return op;
    return For::make(op->name, op->min, op->extent, op->for_type,
                     op->device_api, body);
  }

  const For *enclosingLoop(const std::string &name) const {
    for (const For *loop : enclosing)
      if (isLoop(loop, name))
        return loop;
    return nullptr;
  }

  // The prefetches at the top of `step`'s body, when it is a stream's
  // innermost step loop: the next chunk's lines, spread over the steps
  // that walk the current chunk.
  std::optional<Stmt> prefetchAt(const For *step) const {
    const lowering::WeightStream *stream = nullptr;
    for (const lowering::WeightStream &candidate : streams)
      if (!candidate.stepLoops.empty() &&
          isLoop(step, candidate.stepLoops.back()))
        stream = &candidate;
    if (!stream)
      return std::nullopt;
    std::optional<Expr> chunk = chunkStart(*stream, step);
    if (!chunk)
      return std::nullopt;
    // The step's index within the chunk, and the steps per chunk.
    Expr index = 0;
    int64_t steps = 1;
    for (const std::string &name : stream->stepLoops) {
      const For *loop = enclosingLoop(name);
      if (!loop)
        continue; // a loop of one iteration, simplified away
      const int64_t *extent = as_const_int(loop->extent);
      if (!extent)
        return std::nullopt;
      index = index * static_cast<int>(*extent) +
              (Variable::make(Int(32), loop->name) - loop->min);
      steps *= *extent;
    }
    int64_t lines = (stream->chunkFloats + kFloatsPerLine - 1) / kFloatsPerLine;
    int64_t perStep = (lines + steps - 1) / steps;
    // Steps of several lines take them in order, the last steps running
    // past the chunk into the one read after it: an address the loop
    // steps through. Spreading them exactly (index * lines / steps) put a
    // multiply and a shift in the FMA loop; stepping instead, ResNet-50's
    // 14x14 Winograd GEMMs took 0.97x the time and its 7x7 ones 0.94-0.97x
    // on one core of a Zen 5, the model 0.99x. Where there are more steps
    // than lines, each line goes to a power of two of consecutive steps,
    // the most that still reach every line (running up to twice the
    // chunk's lines): a shift, not a division by the steps per line.
    Expr line = perStep > 1
                    ? index * static_cast<int>(perStep)
                    : index / static_cast<int>(stepsPerLine(steps, lines));
    Expr base = Variable::make(Handle(), stream->weights);
    std::vector<Stmt> prefetches;
    for (int64_t k = 0; k < perStep; ++k) {
      Expr offset = *chunk + static_cast<int>(stream->chunkFloats) +
                    (line + static_cast<int>(k)) * kFloatsPerLine;
      prefetches.push_back(Evaluate::make(
          Call::make(Int(32), kPrefetchFunction, {base, simplify(offset * 4)},
                     Call::Extern)));
    }
    return Block::make(prefetches);
  }

  // Where the current chunk starts, in floats: the index of the step's
  // first read of the weights with every step loop at its first
  // iteration, where that index is known at the top of the step's body.
  std::optional<Expr> chunkStart(const lowering::WeightStream &stream,
                                 const For *step) const {
    FirstLoad first(stream.weights);
    step->body.accept(&first);
    if (!first.index.defined())
      return std::nullopt;
    Expr index = first.index;
    // Loops inside the step (a tile's own reduction): at their first
    // iteration.
    for (auto loop = first.loops.rbegin(); loop != first.loops.rend(); ++loop)
      index = substitute(loop->first, loop->second, index);
    if (stmt_or_expr_uses_vars(index, first.lets))
      return std::nullopt;
    if (const Ramp *ramp = index.as<Ramp>())
      index = ramp->base;
    // Lets bound inside the outermost step loop may read the step loops
    // (a block's offset, hoisted out of the step): their values go in, so
    // that the loops' minimums below reach them.
    size_t outermostStep = enclosing.size();
    for (size_t i = 0; i < enclosing.size(); ++i)
      if (std::any_of(stream.stepLoops.begin(), stream.stepLoops.end(),
                      [&](const std::string &name) {
                        return isLoop(enclosing[i], name);
                      }))
        outermostStep = std::min(outermostStep, i);
    for (auto let = enclosingLets.rbegin(); let != enclosingLets.rend(); ++let)
      if (let->second > outermostStep)
        index = substitute(let->first->name, let->first->value, index);
    for (const std::string &name : stream.stepLoops)
      if (const For *loop = enclosingLoop(name))
        index = substitute(loop->name, loop->min, index);
    return simplify(index);
  }

  // The index of the first load of a buffer, and the names bound inside.
  struct FirstLoad : public IRVisitor {
    explicit FirstLoad(std::string buffer) : buffer(std::move(buffer)) {}
    std::string buffer;
    Expr index;
    Scope<> lets;
    // The loops around the first load, outer to inner, with their
    // minimums; and those around the node being visited.
    std::vector<std::pair<std::string, Expr>> loops;
    std::vector<std::pair<std::string, Expr>> visiting;
    using IRVisitor::visit;
    void visit(const Load *op) override {
      if (!index.defined() && op->name == buffer) {
        index = op->index;
        loops = visiting;
      }
      IRVisitor::visit(op);
    }
    void visit(const Let *op) override {
      lets.push(op->name);
      IRVisitor::visit(op);
    }
    void visit(const LetStmt *op) override {
      lets.push(op->name);
      IRVisitor::visit(op);
    }
    void visit(const For *op) override {
      visiting.emplace_back(op->name, op->min);
      IRVisitor::visit(op);
      visiting.pop_back();
    }
  };
};

} // namespace

void prefetchWeightStreams(Halide::Pipeline &pipeline,
                           std::vector<lowering::WeightStream> streams) {
  if (!streams.empty())
    pipeline.add_custom_lowering_pass(new PrefetchPass(std::move(streams)));
}

void addPrefetchFunction(Halide::Module &module, const Halide::Target &target) {
  module.append(ExternalCode::bitcode_wrapper(target, kPrefetchL2Bitcode,
                                              kPrefetchFunction));
}

} // namespace kiln::codegen
