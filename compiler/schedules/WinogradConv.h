//===- WinogradConv.h - scheduling Winograd's stages ------------*- C++ -*-===//
//
// How the tiled CPU schedule computes the stages of a Winograd convolution
// (lowering/Winograd.h). Used by TiledSchedule.cpp, which stores the
// layer's result (the output tiles read back as an image) like any other.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SCHEDULES_WINOGRADCONV_H
#define KILN_COMPILER_SCHEDULES_WINOGRADCONV_H

#include "compiler/lowering/LoweredNetwork.h"
#include "compiler/schedules/ConvTiling.h"

namespace kiln::schedules {

/// Schedules the input transform, the 36 GEMMs (register tiles of `gemm`,
/// whose pixels are tiles) and the inverse transform, each computed whole
/// with its tiles in parallel. `parts` is the layer's, `parts.winograd` set.
void scheduleWinogradStages(lowering::ConvParts &parts, const ConvTiling &gemm,
                            int vector);

} // namespace kiln::schedules

#endif // KILN_COMPILER_SCHEDULES_WINOGRADCONV_H
