//===- CpuLoops.cpp - loop-nest moves the CPU schedules share -------------===//

#include "compiler/schedules/CpuLoops.h"

#include <numeric>

namespace kiln::schedules {

// Vectorizes `stage` of `func` along its dimension 0 when it is wide
// enough; runs its outermost non-batch dimension in parallel.
static void vectorizeAndParallelize(Halide::Stage stage,
                                    const Halide::Func &func,
                                    const lowering::Shape &shape,
                                    int vectorWidth,
                                    Halide::TailStrategy tail) {
  std::vector<Halide::Var> vars = func.args();
  if (!shape.empty() && shape.back() >= vectorWidth)
    stage.vectorize(vars[0], vectorWidth, tail);
  if (vars.size() >= 2)
    stage.parallel(vars[vars.size() >= 3 ? vars.size() - 2 : 1]);
}

void scheduleWhole(Halide::Func func, const lowering::Shape &shape,
                   const std::optional<Halide::RDom> &reduction,
                   int vectorWidth) {
  func.compute_root();
  vectorizeAndParallelize(func, func, shape, vectorWidth,
                          Halide::TailStrategy::ShiftInwards);
  if (reduction) {
    Halide::Stage update = func.update();
    reorderReduction(update, func, *reduction);
    vectorizeAndParallelize(update, func, shape, vectorWidth,
                            Halide::TailStrategy::GuardWithIf);
  }
}

void reorderReduction(Halide::Stage update, const Halide::Func &func,
                      const Halide::RDom &reduction) {
  std::vector<Halide::VarOrRVar> order;
  std::vector<Halide::Var> vars = func.args();
  order.push_back(vars[0]);
  for (int i = 0; i < reduction.dimensions(); ++i)
    order.push_back(reduction[i]);
  for (size_t i = 1; i < vars.size(); ++i)
    order.push_back(vars[i]);
  update.reorder(order);
}

void scheduleConcat(const lowering::LoweredLayer &layer,
                    bool channelsInnermost, int vector) {
  Halide::Func f = layer.func;
  std::vector<Halide::Var> v = f.args();
  size_t rank = v.size();
  f.compute_root();
  // Halide dimensions, innermost first.
  std::vector<int> loopOrder(rank);
  std::iota(loopOrder.begin(), loopOrder.end(), 0);
  if (channelsInnermost) {
    f.reorder_storage(v[2], v[0], v[1], v[3]);
    loopOrder = {2, 0, 1, 3};
  }
  const lowering::ConcatParts &concat = *layer.concat;
  for (size_t i = 0; i < concat.copies.size(); ++i) {
    Halide::RVar r = concat.copies[i].x;
    std::vector<Halide::VarOrRVar> loops;
    for (int dim : loopOrder)
      loops.push_back(dim == concat.dim ? Halide::VarOrRVar(r)
                                        : Halide::VarOrRVar(v[dim]));
    Halide::Stage copy = f.update(static_cast<int>(i));
    copy.reorder(loops);
    // The input's extent along the innermost loop.
    int inner = loopOrder.front();
    const int64_t *copied = Halide::Internal::as_const_int(r.extent());
    int64_t extent = inner == concat.dim ? (copied ? *copied : 0)
                                         : layer.shape[rank - 1 - inner];
    if (extent >= vector)
      copy.vectorize(loops.front(), vector, Halide::TailStrategy::GuardWithIf);
    // The outermost non-batch loop in parallel; not the stacked dimension,
    // whose copies Halide would have to prove disjoint.
    for (size_t k = rank >= 2 ? rank - 1 : 0; k-- > 1;)
      if (loopOrder[k] != concat.dim) {
        copy.parallel(loops[k]);
        break;
      }
  }
}

} // namespace kiln::schedules
