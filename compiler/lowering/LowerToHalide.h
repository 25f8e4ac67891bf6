//===- LowerToHalide.h - nn module to Halide algorithm ----------*- C++ -*-===//

#ifndef KILN_COMPILER_LOWERING_LOWERTOHALIDE_H
#define KILN_COMPILER_LOWERING_LOWERTOHALIDE_H

#include "compiler/lowering/LoweredNetwork.h"

#include "mlir/IR/BuiltinOps.h"

#include <functional>

namespace kiln::lowering {

/// Lowers a module that passed kiln-verify-lowerable. Reports unsupported
/// ops at their location and returns failure.
struct LoweringOptions {
  /// Split networks into Halide pipelines of at least this many layers
  /// (PipelineParts.h); 0 keeps every network one pipeline.
  unsigned layersPerPart = 0;
  /// Where a part runs, as its caller's extern stage: a GPU part's input
  /// must be on the device before the call, and its output is left there.
  Halide::DeviceAPI partDeviceApi = Halide::DeviceAPI::Host;
  /// Whether images crossing from one part to the next are stored
  /// channels-innermost (the CPU schedules' layout) or in nn layout (the
  /// GPU's: its threads run along x).
  bool channelsInnermostCrossings = true;
  /// Which variant of a multi-target library this is (from 0), and what
  /// makes its parts' names unique among the variants':
  /// <network><partTag>_part<k>.
  unsigned variant = 0;
  std::string partTag;
  /// Compute the 3x3 convolutions that gain by it (chooseWinograd) by
  /// Winograd's algorithm; only Kiln's tiled CPU schedule knows its stages.
  bool winograd = false;
  /// For that choice: the floating-point operations a core of the target
  /// does in the time it streams one byte of weights from memory.
  int weightBalance = 16;
  /// Compute unpooled 1x1 convolutions as GEMMs over their pixels merged
  /// across rows (ConvParts::rowsMerged); only Kiln's tiled CPU schedule
  /// knows that form.
  bool mergedRowGemms = false;
  /// Where set (with mergedRowGemms), whether an unpooled, ungrouped
  /// convolution with a larger kernel, of NCHW output `output` and OIHW
  /// weights `weight`, is computed over merged rows too: the schedule's
  /// register tiles fit its rows badly (schedules::mergedRowsGain).
  std::function<bool(const Shape &output, const Shape &weight)>
      mergesKernelRows;
  /// The widest block of output channels convolution weights (and
  /// Winograd's U) are stored in (WeightLayout.h): the narrowest channel
  /// tile among the library's targets (schedules::weightBlockFor), since
  /// their variants share one weights file.
  int64_t convWeightBlock = kWidestChannelBlock;
  /// Where set, the widest block (at most convWeightBlock) of an ungrouped
  /// convolution with a kernel larger than 1x1 that is summed row by row
  /// (not over merged rows, not by Winograd): of NCHW output `output`, OIHW
  /// weights `weight`, a stride above 1 or not, a zero-padded input or
  /// not. Its register tile's width where that is narrower
  /// (schedules::rowTileWeightBlock); unset, convWeightBlock.
  std::function<int64_t(const Shape &output, const Shape &weight, bool strided,
                        bool padded)>
      rowConvWeightBlock;
};

mlir::FailureOr<LoweredNetwork>
lowerToHalide(mlir::ModuleOp module, const LoweringOptions &options = {});

/// The base of the names of the Halide Funcs that compute `op`'s layer (its
/// location's name, or the op's, as a C identifier): every Func of the
/// layer is named `<base>` or `<base>_<suffix>` (profiles list Funcs by
/// name).
std::string layerFuncBase(mlir::Operation *op);

} // namespace kiln::lowering

#endif // KILN_COMPILER_LOWERING_LOWERTOHALIDE_H
