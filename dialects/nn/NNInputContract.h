//===- NNInputContract.h - the pixels a caller hands an input ---*- C++ -*-===//
//
// A network computes on float32 tensors; its callers often hold 8-bit
// pixels, interleaved (NHWC) where the network reads NCHW, in BGR order, to
// be rescaled or normalized first. An input's contract says how the
// caller's buffer maps to the tensor the network declares:
//
//   tensor[n][c][h][w] = (pixel * scale - mean[c]) / std[c]
//
// where pixel is the caller's value at [n][c'][h][w] (NCHW) or [n][h][w][c']
// (NHWC), c' = c, or C - 1 - c where the channel order is reversed (BGR
// pixels for an RGB network). The channel axis is the declared tensor's:
// 1, or 3 where the network itself reads its input channels-last (Keras and
// TensorFlow exports, which transpose it to NCHW first: see
// declaredChannelsLast). The contract rides on the function argument as the
// `kiln.pixels` dictionary, so that the importers, the driver's flags, the
// passes and the lowering share one typed reading of it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_NN_NNINPUTCONTRACT_H
#define KILN_DIALECTS_NN_NNINPUTCONTRACT_H

#include "dialects/nn/NNShapes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace kiln::nn {

/// The argument attribute holding an input's contract.
constexpr llvm::StringLiteral kInputContractAttr = "kiln.pixels";

enum class PixelType { Float32, UInt8 };
enum class PixelLayout { NCHW, NHWC };

struct InputContract {
  PixelType type = PixelType::Float32;
  /// How the network reads its input (declaredChannelsLast), and how the
  /// caller's buffer holds it.
  PixelLayout declared = PixelLayout::NCHW;
  PixelLayout layout = PixelLayout::NCHW;
  bool reversedChannels = false;
  double scale = 1.0;
  std::vector<double> mean; // none (0), one for every channel, or one each
  std::vector<double> std;  // none (1), one for every channel, or one each

  /// Whether the caller's buffer is the declared tensor itself.
  bool isIdentity() const;
  /// Whether values change on the way in (a type, scale, mean or std).
  bool convertsValues() const;
  /// tensor = pixel * multiplier(c) + offset(c), for channel c.
  double multiplier(int64_t channel) const;
  double offset(int64_t channel) const;
};

/// A contract as given (a JSON input's "pixels", kilnc's flags): what is
/// unset keeps its default, or another source's value.
struct InputContractFields {
  std::optional<PixelType> type;
  std::optional<PixelLayout> layout;
  std::optional<bool> reversedChannels;
  std::optional<double> scale;
  std::optional<std::vector<double>> mean, std;

  bool empty() const;
  /// These fields, each replaced by `overrides`'s where that one is set.
  InputContractFields overriddenBy(const InputContractFields &overrides) const;
  /// The contract for an input the network reads in `declared` layout.
  InputContract resolve(PixelLayout declared) const;
};

/// The attribute forms: a contract whole, or only the fields given (what
/// the JSON importer leaves for the driver to resolve), and back. A null
/// attribute is the identity, or no field. Only Kiln writes the attribute.
mlir::DictionaryAttr toAttr(mlir::MLIRContext *context,
                            const InputContract &contract);
mlir::DictionaryAttr toAttr(mlir::MLIRContext *context,
                            const InputContractFields &fields);
InputContract contractFromAttr(mlir::DictionaryAttr attr);
InputContractFields fieldsFromAttr(mlir::DictionaryAttr attr);

/// "float32" / "uint8", "nchw" / "nhwc" (also upper case), and back.
std::optional<PixelType> parsePixelType(llvm::StringRef text);
std::optional<PixelLayout> parsePixelLayout(llvm::StringRef text);
llvm::StringRef spelling(PixelType type);
llvm::StringRef spelling(PixelLayout layout);

/// Whether the network reads `input` (a rank-4 argument) channels-last:
/// through element-wise arithmetic with scalar constants (a Keras
/// Rescaling), a transpose from NHWC to NCHW.
bool declaredChannelsLast(mlir::Value input);

/// The declared tensor's channel axis.
unsigned channelAxis(const InputContract &contract);

/// Checks `contract` against the declared input `shape`; the message names
/// the field at fault, not the input (callers do).
llvm::Error checkInputContract(const InputContract &contract,
                               llvm::ArrayRef<int64_t> shape);

/// The shape of the caller's buffer for a declared input of `shape`.
Shape callerShape(const InputContract &contract, llvm::ArrayRef<int64_t> shape);

/// For the generated header: "uint8 NHWC pixels, channels reversed (BGR);
/// the network reads (pixel * 0.00392157 - mean[c]) / std[c] with mean
/// {0.485, 0.456, 0.406} and std {0.229, 0.224, 0.225}".
std::string describe(const InputContract &contract);

} // namespace kiln::nn

#endif // KILN_DIALECTS_NN_NNINPUTCONTRACT_H
