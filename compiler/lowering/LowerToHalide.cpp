//===- LowerToHalide.cpp - nn module to Halide algorithm ------------------===//
//
// Walks the network function in order and hands each op to its family's
// lowering. Inputs and weights become ImageParams whose shapes are fixed to
// the static shapes of the module, so Halide compiles for exactly those
// sizes and checks callers' buffers against them.
//
//===----------------------------------------------------------------------===//

#include "compiler/lowering/LowerToHalide.h"
#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/PipelineParts.h"

#include "runtime/include/kiln/runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <numeric>

using namespace mlir;

namespace kiln::lowering {

Halide::Func LoweringState::lookup(Value value) {
  return lookupRepacked(value, WeightLayout{});
}

Halide::Func LoweringState::lookupRepacked(Value value,
                                           const WeightLayout &layout) {
  auto weight = weights.find(value);
  if (weight != weights.end())
    return weightView(weight->second, layout, shapeOf(value));
  auto it = funcs.find(value);
  assert(it != funcs.end() && "value used before it was lowered");
  return it->second;
}

std::string LoweringState::weightBufferName(Value value,
                                            const WeightLayout &layout) const {
  auto weight = weights.find(value);
  if (weight == weights.end())
    return "";
  auto view = weight->second.views.find(layout);
  return view == weight->second.views.end() ? "" : view->second.param.name();
}

// `base` as a C identifier.
static std::string identifier(llvm::StringRef base) {
  std::string name;
  for (char c : base)
    name += llvm::isAlnum(c) ? c : '_';
  if (name.empty() || llvm::isDigit(name.front()))
    name = "l_" + name;
  return name;
}

std::string LoweringState::uniqueName(llvm::StringRef base) {
  std::string name = identifier(base);
  std::string candidate = name;
  for (int i = 1; !usedNames.insert(candidate).second; ++i)
    candidate = name + "_" + std::to_string(i);
  return candidate;
}

// The layer's name: its location's, or the op's.
static std::string layerName(Operation *op) {
  if (auto named = dyn_cast<NameLoc>(op->getLoc()))
    return named.getName().str();
  return op->getName().stripDialect().str();
}

std::string layerFuncBase(Operation *op) { return identifier(layerName(op)); }

std::string LoweringState::nameFor(Operation *op, llvm::StringRef suffix) {
  std::string base = layerName(op);
  if (!suffix.empty())
    base += "_" + suffix.str();
  return uniqueName(base);
}

// Fixes a buffer's shape and dense strides, and the alignment of its host
// pointer. Halide 14 emits aligned (masked) vector accesses for the tails of
// vectorized loops over external buffers whatever their declared alignment,
// so the runtime hands the pipeline only KILN_ALIGNMENT-aligned memory: the
// weights file places every tensor so, and misaligned inputs and outputs are
// copied. Declaring it also makes Halide check it on entry. An image may be
// stored channels-innermost instead of in nn layout (a part's output).
// A channels-innermost image's pixels are `pixelStride` floats apart (its
// channel count, or more: crossingPixelStride).
static void fixDenseShape(Halide::OutputImageParam param, const Shape &shape,
                          int hostAlignment, bool channelsInnermost = false,
                          int64_t pixelStride = 0) {
  param.set_host_alignment(hostAlignment);
  // Halide's dimensions innermost first: x, y, c, n, or c, x, y, n.
  std::vector<int> order(shape.size());
  std::iota(order.begin(), order.end(), 0);
  if (channelsInnermost)
    order = {2, 0, 1, 3};
  int stride = 1;
  for (int d : order) {
    int extent = static_cast<int>(shape[shape.size() - 1 - d]);
    param.dim(d).set_bounds(0, extent).set_stride(stride);
    bool channels = channelsInnermost && d == 2;
    stride *= channels && pixelStride > extent ? static_cast<int>(pixelStride)
                                               : extent;
  }
}

// Whether a value crossing from one part to the next is stored
// channels-innermost: images are where `options` ask it, so that neither
// CPU part converts them (GoogLeNet took 1.25x the time on 2 threads with
// NCHW crossings).
static bool crossesChannelsInnermost(const Shape &shape,
                                     const LoweringOptions &options) {
  return options.channelsInnermostCrossings && shape.size() == 4;
}

// The floats between neighbouring pixels of an image crossing
// channels-innermost: its channels, and one cache line more where that
// makes a multiple of 4 KiB (1024 or 2048 channels). A schedule's task
// stores one block of output channels of every pixel; 4 KiB apart, every
// pixel's block falls on the same page offset, and on one core of a Zen 5
// storing the residual sums of ResNet-50's 14x14 layers over their
// 1024-channel shortcut took 3x the time of storing them a line further
// apart (34-36 against 11 us; 2048 channels at 7x7: 13-14 against 3;
// benchmarks/block_stores.c).
// Images crossing in nn layout keep their dense strides (0).
static int64_t crossingPixelStride(const Shape &shape,
                                   const LoweringOptions &options) {
  if (!crossesChannelsInnermost(shape, options))
    return 0;
  constexpr int64_t page = 4096 / sizeof(float), line = 64 / sizeof(float);
  int64_t channels = shape[1];
  return channels % page == 0 ? channels + line : channels;
}

void LoweringState::addWeight(Value result, ElementsAttr data,
                              llvm::StringRef name) {
  weights[result] = PendingWeight{data, name.str(), {}};
}

std::vector<Halide::ImageParam> LoweringState::takePartWeights() {
  partWeightNames.clear();
  return std::exchange(partWeights, {});
}

// The weight's ImageParam stored in `layout` (made on first use), as a Func
// of the weight's own coordinates; Halide inlines it into its reader.
Halide::Func LoweringState::weightView(PendingWeight &weight,
                                       const WeightLayout &layout,
                                       const Shape &shape) {
  auto known = weight.views.find(layout);
  WeightView view =
      known != weight.views.end()
          ? known->second
          : (weight.views[layout] = makeWeightView(weight, layout, shape));
  usedInPart(view.param);
  return view.view;
}

LoweredLayer *LoweringState::layerStoring(const Halide::Func &func) {
  for (LoweredLayer &layer : llvm::reverse(network.layers))
    if (layer.func.function().same_as(func.function()))
      return &layer;
  return nullptr;
}

LoweredLayer *LoweringState::convLayerOf(mlir::Value value) {
  mlir::Operation *producer = value.getDefiningOp();
  if (!producer || !mlir::isa<nn::Conv2dOp, nn::FusedConv2dOp>(producer))
    return nullptr;
  return layerStoring(lookup(value));
}

void LoweringState::usedInPart(const Halide::ImageParam &param) {
  if (partWeightNames.insert(param.name()).second)
    partWeights.push_back(param);
}

ElementsAttr LoweringState::weightData(Value value) const {
  auto weight = weights.find(value);
  return weight == weights.end() ? ElementsAttr() : weight->second.data;
}

Halide::ImageParam LoweringState::addDerivedWeight(Value source,
                                                   llvm::StringRef suffix,
                                                   llvm::ArrayRef<float> values,
                                                   const Shape &shape) {
  const PendingWeight &weight = weights.find(source)->second;
  std::string name = weight.name + "_" + suffix.str();
  auto type = RankedTensorType::get(
      shape, Float32Type::get(weight.data.getContext()));
  auto data = cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values)));
  Halide::ImageParam param(Halide::Float(32), static_cast<int>(shape.size()),
                           uniqueName("w_" + name));
  fixDenseShape(param, shape, KILN_ALIGNMENT);
  network.weights.push_back({{name, shape}, param, data, {}});
  usedInPart(param);
  return param;
}

LoweringState::WeightView
LoweringState::makeWeightView(PendingWeight &weight, const WeightLayout &layout,
                              const Shape &shape) {
  Shape stored = layout.storedShape(shape);
  std::string suffix = layout.isIdentity() ? "" : "_repacked";
  Halide::ImageParam param(Halide::Float(32), static_cast<int>(stored.size()),
                           uniqueName("w_" + weight.name + suffix));
  fixDenseShape(param, stored, KILN_ALIGNMENT);
  network.weights.push_back({{weight.name, stored}, param, weight.data,
                             layout});
  if (layout.isIdentity())
    return {param, param};

  // Halide dimension d is nn dimension rank-1-d, of the stored tensor for
  // the param and of the weight itself for the view. The view's
  // coordinates (nn order) split dimension 0 into block and offset.
  size_t rank = shape.size();
  std::vector<Halide::Var> v = makeVars(rank);
  std::vector<Halide::Expr> view;
  for (size_t i = 0; i < rank; ++i)
    view.push_back(v[rank - 1 - i]);
  if (layout.block != 0) {
    Halide::Expr block = static_cast<int>(layout.block);
    view[0] = v[rank - 1] / block;
    view.insert(view.begin() + 1, v[rank - 1] % block);
  }
  std::vector<Halide::Expr> coords(stored.size());
  for (size_t d = 0; d < stored.size(); ++d) {
    size_t i = stored.size() - 1 - d;
    coords[d] = view[layout.permutation.empty() ? i : layout.permutation[i]];
  }
  Halide::Func viewFunc(uniqueName("w_" + weight.name + "_view"));
  viewFunc(v) = param(coords);
  return {param, viewFunc};
}

std::vector<Halide::Var> makeVars(size_t rank) {
  static const char *image[] = {"x", "y", "c", "n"};
  static const char *matrix[] = {"i", "n"};
  std::vector<Halide::Var> vars;
  for (size_t d = 0; d < rank; ++d)
    vars.emplace_back(rank == 4   ? image[d]
                      : rank == 2 ? matrix[d]
                                  : "d" + std::to_string(d));
  return vars;
}

std::vector<Halide::Expr> broadcastCoords(const std::vector<Halide::Var> &vars,
                                          const Shape &in, const Shape &out) {
  std::vector<Halide::Expr> coords;
  for (size_t d = 0; d < in.size(); ++d) {
    bool repeated = in[in.size() - 1 - d] == 1 && out[out.size() - 1 - d] != 1;
    coords.push_back(repeated ? Halide::Expr(0) : Halide::Expr(vars[d]));
  }
  return coords;
}

std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars) {
  return std::vector<Halide::Expr>(vars.begin(), vars.end());
}

Shape shapeOf(Value value) {
  auto shape = cast<RankedTensorType>(value.getType()).getShape();
  return Shape(shape.begin(), shape.end());
}

static std::string tensorName(func::FuncOp func, unsigned index, bool result,
                              llvm::StringRef fallback) {
  auto attr = result ? func.getResultAttrOfType<StringAttr>(index, "kiln.name")
                     : func.getArgAttrOfType<StringAttr>(index, "kiln.name");
  return attr ? attr.str() : fallback.str() + std::to_string(index);
}

static LogicalResult lowerOp(Operation &op, LoweringState &state) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(&op)
      .Case([&](nn::ConstantOp constant) {
        // Resource blobs carry the tensor's name ("conv1.weight"); taking
        // a name from the layer's location would claim the layer's own.
        auto blob = dyn_cast<DenseResourceElementsAttr>(constant.getValue());
        std::string name = blob ? blob.getRawHandle().getKey().str()
                                : state.nameFor(constant);
        state.addWeight(constant.getResult(), constant.getValue(), name);
        return success();
      })
      .Case([&](nn::Conv2dOp o) { return lowerConv2d(o, state); })
      .Case([&](nn::FusedConv2dOp o) { return lowerFusedConv2d(o, state); })
      .Case([&](nn::DenseOp o) { return lowerDense(o, state); })
      .Case([&](nn::FusedDenseOp o) { return lowerFusedDense(o, state); })
      .Case([&](nn::MaxPool2dOp o) { return lowerMaxPool2d(o, state); })
      .Case([&](nn::AvgPool2dOp o) { return lowerAvgPool2d(o, state); })
      .Case([&](nn::GlobalAvgPool2dOp o) {
        return lowerGlobalAvgPool2d(o, state);
      })
      .Case([&](nn::GlobalMaxPool2dOp o) {
        return lowerGlobalMaxPool2d(o, state);
      })
      .Case([&](nn::BatchNormOp o) { return lowerBatchNorm(o, state); })
      .Case([&](nn::LrnOp o) { return lowerLrn(o, state); })
      .Case([&](nn::ActivationOpInterface o) {
        return lowerActivation(o, state);
      })
      .Case<nn::DropoutOp, nn::IdentityOp>(
          [&](Operation *o) { return lowerPassThrough(o, state); })
      .Case([&](nn::AddOp o) { return lowerAdd(o, state); })
      .Case([&](nn::SubOp o) { return lowerSub(o, state); })
      .Case([&](nn::MulOp o) { return lowerMul(o, state); })
      .Case([&](nn::DivOp o) { return lowerDiv(o, state); })
      .Case([&](nn::FlattenOp o) { return lowerFlatten(o, state); })
      .Case([&](nn::ReshapeOp o) { return lowerReshape(o, state); })
      .Case([&](nn::TransposeOp o) { return lowerTranspose(o, state); })
      .Case([&](nn::ConcatOp o) { return lowerConcat(o, state); })
      .Case([&](nn::PadOp o) { return lowerPad(o, state); })
      .Case([&](nn::SliceOp o) { return lowerSlice(o, state); })
      .Case([&](nn::ReduceMeanOp o) { return lowerReduceMean(o, state); })
      .Case([&](nn::ReduceMaxOp o) { return lowerReduceMax(o, state); })
      .Case([&](nn::MatmulOp o) { return lowerMatmul(o, state); })
      .Case([&](nn::SoftmaxOp o) { return lowerSoftmax(o, state); })
      .Case([&](nn::LogSoftmaxOp o) { return lowerLogSoftmax(o, state); })
      .Case([&](func::ReturnOp) { return success(); })
      .Default([&](Operation *other) {
        return other->emitError()
               << "'" << other->getName() << "' has no Halide lowering yet";
      });
}

// The value whose Func `value` names: through nn.dropout and nn.identity,
// which are aliases at -O0.
static Value aliasedValue(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (!isa<nn::DropoutOp, nn::IdentityOp>(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

// The index of `param` among the network's weights.
static int32_t weightIndex(const LoweredNetwork &network,
                           const Halide::ImageParam &param) {
  for (size_t i = 0; i < network.weights.size(); ++i)
    if (network.weights[i].param.name() == param.name())
      return static_cast<int32_t>(i);
  llvm_unreachable("a part reads a weight the network does not have");
}

// Ends the part lowered since the last cut at `crossing`, its only value
// read later: the part becomes a Halide function of its own, `input` its
// input, and the Func returned calls it with `previous`, the same value as
// the caller has it. The call goes through the runtime's kiln_run_part,
// which hands the part its weights from the model: passed by the caller,
// each would be a buffer argument the caller checks and bounds-queries,
// which made the caller of DenseNet-121's parts take 28 s to lower.
// `index` is the part's entry in kiln_model_info.parts; `userContext` the
// caller's user context (one Expr: each user_context_value() is a Param of
// its own, under the same name).
static Halide::Func endPart(Value crossing, Halide::ImageParam input,
                            Halide::ExternFuncArgument previous,
                            Halide::Expr userContext, int32_t index,
                            const std::string &function, LoweringState &state,
                            LoweredNetwork &network) {
  Shape shape = shapeOf(crossing);
  const LoweringOptions &options = state.loweringOptions();
  bool channelsInnermost = crossesChannelsInnermost(shape, options);
  Halide::Func output = state.lookup(crossing);
  int64_t pixelStride = crossingPixelStride(shape, options);
  fixDenseShape(output.output_buffer(), shape, KILN_ALIGNMENT,
                channelsInnermost, pixelStride);

  LoweredPart part{function, {input}, {}, output};
  for (Halide::ImageParam &weight : state.takePartWeights()) {
    part.arguments.push_back(weight);
    part.weights.push_back(weightIndex(network, weight));
  }
  Halide::Func call(state.uniqueName(function + "_result"));
  call.define_extern("kiln_run_part", {userContext, index, previous},
                     Halide::Float(32), static_cast<int>(shape.size()),
                     Halide::NameMangling::C, options.partDeviceApi);
  // Every schedule computes it whole, once: the next part's call needs it
  // so, and it has no loops of its own to schedule. Its bounds are the
  // tensor's, not a bounds query's answer, so that its buffer's size is
  // known when kilnc bounds a run's scratch memory (ScratchBound.h).
  call.compute_root();
  // On the heap (the run's arena), which is KILN_ALIGNMENT-aligned as the
  // part's output buffer must be: Halide puts a small constant-sized buffer
  // on the stack, aligned only to the target's vector (32 bytes on AVX2),
  // and the part then failed its alignment check about half the time.
  call.store_in(Halide::MemoryType::Heap);
  for (auto [d, var] : llvm::enumerate(call.args()))
    call.bound(var, 0, static_cast<int>(shape[shape.size() - 1 - d]));
  if (channelsInnermost) {
    std::vector<Halide::Var> v = call.args();
    call.reorder_storage(v[2], v[0], v[1], v[3]);
    if (pixelStride > shape[1])
      call.align_storage(v[2], static_cast<int>(pixelStride));
  }
  part.result = call.name();
  network.parts.push_back(std::move(part));
  return call;
}

FailureOr<LoweredNetwork> lowerToHalide(ModuleOp module,
                                        const LoweringOptions &options) {
  auto func = *module.getOps<func::FuncOp>().begin();
  LoweredNetwork network;
  network.name = func.getSymName().str();
  LoweringState state(network, options);

  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    nn::InputContract contract = nn::contractFromAttr(
        func.getArgAttrOfType<DictionaryAttr>(i, nn::kInputContractAttr));
    Shape declared = shapeOf(arg);
    nn::Shape given = nn::callerShape(contract, declared);
    NamedTensor tensor{tensorName(func, i, false, "input"),
                       Shape(given.begin(), given.end())};
    Halide::Type type = contract.type == nn::PixelType::UInt8
                            ? Halide::UInt(8)
                            : Halide::Float(32);
    Halide::ImageParam param(type, tensor.shape.size(),
                             state.uniqueName("in_" + tensor.name));
    fixDenseShape(param, tensor.shape, KILN_ALIGNMENT);
    network.inputs.push_back(param);
    network.inputTensors.push_back(tensor);
    network.inputContracts.push_back(contract);
    if (contract.isIdentity())
      state.define(arg, param);
    else
      state.define(
          arg, lowerInputContract(param, contract, declared,
                                  state.uniqueName(tensor.name + "_pixels")));
  }

  // A Winograd convolution's eight Funcs make Halide's lowering of a part
  // several times slower than a direct one's three.
  std::vector<PartEnd> partEnds = choosePartEnds(
      func, options.layersPerPart, [&](Operation &op) -> unsigned {
        return lowersToWinograd(op, options) ? 4 : 1;
      });
  size_t nextEnd = 0;
  Halide::Expr userContext = Halide::user_context_value();
  // The part being lowered reads `partInput`, which its caller has as
  // `partInputOutside`.
  Halide::ImageParam partInput;
  Halide::ExternFuncArgument partInputOutside;
  if (!partEnds.empty()) {
    partInput = network.inputs.front();
    partInputOutside = partInput.parameter();
  }
  for (Operation &op : func.getBody().front()) {
    if (failed(lowerOp(op, state)))
      return failure();
    if (nextEnd == partEnds.size() || partEnds[nextEnd].after != &op)
      continue;
    Value crossing = partEnds[nextEnd].crossing;
    std::string function =
        network.name + options.partTag + "_part" + std::to_string(nextEnd);
    int32_t index =
        static_cast<int32_t>(options.variant * partEnds.size() + nextEnd);
    Halide::Func call = endPart(crossing, partInput, partInputOutside,
                                userContext, index, function, state, network);
    ++nextEnd;
    if (nextEnd == partEnds.size()) {
      // The last part is the pipeline itself: it reads the call's result.
      state.define(crossing, call);
      continue;
    }
    partInput = Halide::ImageParam(Halide::Float(32),
                                   static_cast<int>(shapeOf(crossing).size()),
                                   state.uniqueName(function + "_output"));
    fixDenseShape(partInput, shapeOf(crossing), KILN_ALIGNMENT,
                  crossesChannelsInnermost(shapeOf(crossing), options),
                  crossingPixelStride(shapeOf(crossing), options));
    state.define(crossing, partInput);
    partInputOutside = call;
  }

  // Each output must be its own Func: copy inputs, weights and values
  // returned twice (also under another name, through an alias).
  auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  llvm::DenseSet<Value> returned;
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    NamedTensor tensor{tensorName(func, i, true, "output"), shapeOf(value)};
    Halide::Func out = state.lookup(value);
    Value source = aliasedValue(value);
    bool fromLayer =
        source.getDefiningOp() && !isa<nn::ConstantOp>(source.getDefiningOp());
    if (!fromLayer || !returned.insert(source).second) {
      std::vector<Halide::Var> vars = makeVars(tensor.shape.size());
      Halide::Func copy(state.uniqueName(tensor.name + "_output"));
      copy(vars) = out(vars);
      network.layers.push_back({LayerKind::OutputCopy, copy, tensor.shape});
      out = copy;
    }
    fixDenseShape(out.output_buffer(), tensor.shape, KILN_ALIGNMENT);
    network.outputs.push_back(out);
    network.outputTensors.push_back(tensor);
  }
  // Each part's output is stored in the buffer its caller passes.
  std::vector<Halide::Func> stored = network.outputs;
  for (const LoweredPart &part : network.parts)
    stored.push_back(part.output);
  for (LoweredLayer &layer : network.layers) {
    auto storesLayer = [&](const Halide::Func &out) {
      return out.function().same_as(layer.func.function());
    };
    layer.isOutput = llvm::any_of(stored, storesLayer);
    layer.outputChannelsInnermost =
        crossesChannelsInnermost(layer.shape, options) &&
        llvm::any_of(network.parts, [&](const LoweredPart &part) {
          return storesLayer(part.output);
        });
  }
  return network;
}

} // namespace kiln::lowering
