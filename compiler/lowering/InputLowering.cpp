//===- InputLowering.cpp - the caller's pixels as the network reads them --===//
//
// An input whose contract (dialects/nn/NNInputContract.h) is not the
// identity is an ImageParam holding the caller's values (uint8 or float,
// NCHW or NHWC, either channel order) and a Func reading them as the
// declared float tensor, value by value: channels reordered, then
// pixel * multiplier[c] + offset[c]. No schedule names that Func, so
// Halide inlines it into its readers: the first layer's input stage (the
// zero-padded copy, which so pads in the normalized space, as the network
// was trained; or the convolution itself), and the conversion costs no
// pass over memory of its own.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LoweringState.h"

namespace kiln::lowering {

using Halide::Expr;

// `value(c)` for channel `channel` of `channels`: one constant where all
// agree, else a choice among them (images have a few channels; the
// contract allows at most 16 values).
static Expr perChannel(llvm::function_ref<double(int64_t)> value, Expr channel,
                       int64_t channels) {
  Expr chosen = static_cast<float>(value(channels - 1));
  bool uniform = true;
  for (int64_t c = channels - 2; c >= 0; --c) {
    uniform &= value(c) == value(channels - 1);
    chosen = Halide::select(channel == static_cast<int>(c),
                            static_cast<float>(value(c)), chosen);
  }
  return uniform ? Expr(static_cast<float>(value(0))) : chosen;
}

Halide::Func lowerInputContract(Halide::ImageParam pixels,
                                const nn::InputContract &contract,
                                const Shape &declared,
                                const std::string &name) {
  std::vector<Halide::Var> v = makeVars(declared.size());
  std::vector<Expr> at = asExprs(v);
  Expr channel = 0;
  int64_t channels = 1;
  if (declared.size() == 4) {
    // Halide's dimension d is nn dimension 3 - d: (x, y, c, n) for NCHW,
    // (c, x, y, n) for a declared [N, H, W, C].
    bool declaredNHWC = contract.declared == nn::PixelLayout::NHWC;
    Halide::Var c = v[declaredNHWC ? 0 : 2], x = v[declaredNHWC ? 1 : 0],
                y = v[declaredNHWC ? 2 : 1], n = v[3];
    channel = c;
    channels = declared[nn::channelAxis(contract)];
    Expr given =
        contract.reversedChannels ? static_cast<int>(channels - 1) - c : c;
    if (contract.layout == nn::PixelLayout::NHWC)
      at = {given, x, y, n};
    else
      at = {x, y, given, n};
  }
  Expr value = Halide::cast<float>(pixels(at));
  if (contract.convertsValues())
    value =
        value * perChannel([&](int64_t c) { return contract.multiplier(c); },
                           channel, channels) +
        perChannel([&](int64_t c) { return contract.offset(c); }, channel,
                   channels);
  Halide::Func tensor(name);
  tensor(v) = value;
  return tensor;
}

} // namespace kiln::lowering
