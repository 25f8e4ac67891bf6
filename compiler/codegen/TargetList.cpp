//===- TargetList.cpp - what --target names: one target or a list ---------===//
//
// The wrapper Halide generates tests the entries in order and takes the first
// whose features the CPU has, the fallback without a test. So an entry whose
// features are a subset of an earlier entry's is never taken (or, for the
// fallback, taken only on a CPU that cannot run it): such a list is an
// ordering mistake and is refused rather than compiled. That test knows
// nothing of GPUs, so a CUDA target is compiled on its own, never in a list.
//
// CUDA targets without a cuda_capability_* feature get sm_75 (Turing), the
// oldest GPU that CUDA 13 and current drivers support; Halide's own default
// (sm_20 PTX) is refused by them. The PTX is compiled for the GPU at hand by
// the driver, so sm_75 code runs on every newer GPU.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/TargetList.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace kiln::codegen {

// The capability Halide assumes when a CUDA target names none.
constexpr int kHalideDefaultCudaCapability = 20;

// Halide 14 takes any CPU with AVX-512 VNNI and BF16 for a Sapphire Rapids,
// whose code may use AVX-VNNI (VEX-encoded vpdpwssd). AMD's Zen 4 has the
// former but not AVX-VNNI: a library compiled for `host` there died with
// SIGILL (ResNet-18 under Li2018's schedule). The feature stays only where
// CPUID reports AVX-VNNI (leaf 7, sub-leaf 1, EAX bit 4).
static Halide::Target withoutMisdetectedFeatures(Halide::Target host) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  bool avxVnni =
      __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax & (1u << 4));
  if (!avxVnni)
    host = host.without_feature(Halide::Target::AVX512_SapphireRapids);
#endif
  return host;
}

llvm::Expected<Halide::Target> parseTarget(llvm::StringRef text) {
  if (text == "host")
    return withoutMisdetectedFeatures(Halide::get_host_target());
  if (!Halide::Target::validate_target_string(text.str()))
    return llvm::createStringError(
        std::errc::invalid_argument,
        "unknown target '%s': use 'host' or a Halide target string such as "
        "x86-64-linux-avx2 (arch-bits-os[-feature...])",
        text.str().c_str());
  Halide::Target target(text.str());
  // This CPU's features and those named; a feature named stays.
  if (text.starts_with("host-") && !text.contains("avx512_sapphirerapids"))
    target = withoutMisdetectedFeatures(target);
  // Halide 14 with Debian's LLVM fails to write PowerPC objects (an
  // internal error on the data layout), after the whole compile.
  if (target.arch == Halide::Target::POWERPC)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "target '%s': this Halide cannot write PowerPC objects; Kiln's "
        "schedules are for x86 and ARM (other CPUs get a baseline schedule)",
        text.str().c_str());
  if (target.has_gpu_feature() &&
      target.get_required_device_api() != Halide::DeviceAPI::CUDA)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "target '%s' asks for a GPU API Kiln does not support: its GPU "
        "target is CUDA (e.g. host-cuda)",
        text.str().c_str());
  if (target.has_feature(Halide::Target::CUDA) &&
      target.get_cuda_capability_lower_bound() == kHalideDefaultCudaCapability)
    target = target.with_feature(Halide::Target::CUDACapability75);
  return target;
}

static llvm::Error listError(llvm::StringRef list, const llvm::Twine &why) {
  return llvm::createStringError("in the target list '" + list + "': " + why);
}

// Whether every CPU feature of `a` is also one of `b`'s.
static bool featuresWithin(const Halide::Target &a, const Halide::Target &b) {
  return (a.get_features_bitset() & ~b.get_features_bitset()).none();
}

llvm::Expected<std::vector<Halide::Target>>
parseTargetList(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> entries;
  text.split(entries, ',');
  if (entries.size() == 1) {
    auto target = parseTarget(text);
    if (!target)
      return target.takeError();
    return std::vector<Halide::Target>{*target};
  }

  std::vector<Halide::Target> targets;
  for (llvm::StringRef entry : entries) {
    entry = entry.trim();
    if (entry.empty())
      return listError(text, "an entry is empty");
    auto target = parseTarget(entry);
    if (!target)
      return listError(text, llvm::toString(target.takeError()));
    if (target->has_gpu_feature())
      return listError(text,
                       "'" + entry +
                           "' is a GPU target: a library picks among CPU "
                           "variants only, so compile a CUDA target on its "
                           "own");
    targets.push_back(*target);
  }

  const Halide::Target &fallback = targets.back();
  for (size_t i = 0; i < targets.size(); ++i) {
    llvm::StringRef name = entries[i].trim();
    if (targets[i].arch != fallback.arch || targets[i].bits != fallback.bits ||
        targets[i].os != fallback.os)
      return listError(
          text, "target '" + name + "' differs in arch-bits-os from '" +
                    entries.back().trim() +
                    "' (the fallback, last): one library runs on one kind of "
                    "machine, so every entry must share arch, bits and OS");
    for (size_t j = 0; j < i; ++j) {
      llvm::StringRef earlier = entries[j].trim();
      if (targets[j] == targets[i])
        return listError(text, "target '" + name + "' is the same as '" +
                                   earlier + "'");
      if (featuresWithin(targets[j], targets[i]))
        return listError(
            text, "'" + earlier + "' needs no CPU feature that '" + name +
                      "' lacks, so it would always be picked first: list "
                      "targets from most to least capable, ending with the "
                      "fallback");
    }
  }
  return targets;
}

} // namespace kiln::codegen
