#!/usr/bin/env bash
# run.sh — build Kiln's libFuzzer harnesses and fuzz them.
#
#   bash fuzz/run.sh [--seconds N] [--parallel] [TARGET...]
#
# TARGET: json-import, onnx-import, nn-verify, weights-load (default: all).
# Each runs N seconds (default 60), one after another, or all at once with
# --parallel (one core each), in libFuzzer's fork mode: a finding is saved
# and the fuzzing goes on. Installs clang 22 and its sanitizer runtimes
# (scripts/install-deps.sh --fuzz), configures build-fuzz/ (clang,
# -DKILN_FUZZ=ON: every Kiln library under ASan and UBSan) and builds only
# the harnesses. weights-load compiles its model with an ordinary build's
# kilnc ($KILN_BUILD_DIR, default build/; skipped without one).
#
# Corpora start from the test suite's models (seed_corpora.py) and grow in
# build-fuzz/corpus/TARGET across runs; anything that crashes, leaks, hangs
# (over 30 s) or trips a sanitizer is saved to build-fuzz/findings/TARGET/.
# An input that needs more than 4 GiB is saved there too (oom-*) but
# counted apart: a valid network may (tensors of up to 2^31 - 1 floats).
# The summary gives each target's seconds, executions and findings, and the
# script exits 1 if there are any.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
parallel=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --parallel) parallel=true; shift ;;
    json-import|onnx-import|nn-verify|weights-load) targets+=("$1"); shift ;;
    *) echo "usage: $0 [--seconds N] [--parallel] [json-import|onnx-import|nn-verify|weights-load...]" >&2
       exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(json-import onnx-import nn-verify weights-load)

bash scripts/install-deps.sh --fuzz
fuzz_dir=${KILN_FUZZ_BUILD_DIR:-build-fuzz}
kilnc="$(pwd)/${KILN_BUILD_DIR:-build}/bin/kilnc"
if [ ! -x "$kilnc" ]; then
  echo "run.sh: no $kilnc (build Kiln first: bash scripts/configure-and-build.sh);" \
       "weights-load is skipped" >&2
  kilnc=""
  targets=("${targets[@]/weights-load}")
fi
cmake -G Ninja -S . -B "$fuzz_dir" -DKILN_FUZZ=ON \
  -DCMAKE_C_COMPILER=/usr/lib/llvm-22/bin/clang \
  -DCMAKE_CXX_COMPILER=/usr/lib/llvm-22/bin/clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKILN_FUZZ_KILNC="$kilnc" >/dev/null
build_targets=()
for t in "${targets[@]}"; do [ -n "$t" ] && build_targets+=("fuzz-$t"); done
ninja -C "$fuzz_dir" "${build_targets[@]}"

/usr/bin/python3 fuzz/seed_corpora.py "$fuzz_dir/seeds" "$fuzz_dir/fuzz/small/small.weights"

run_one() {
  local target=$1
  local corpus="$fuzz_dir/corpus/$target" findings="$fuzz_dir/findings/$target"
  mkdir -p "$corpus" "$findings"
  local dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  # Leaks are findings too. LLVM's and MLIR's headers poison memory of their
  # allocators when compiled under ASan, and Debian's LLVM and MLIR
  # libraries, not compiled so, then write to it: user poisoning is off.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:allow_user_poisoning=0:detect_container_overflow=0 \
  UBSAN_OPTIONS=print_stacktrace=1 \
  "$fuzz_dir/bin/fuzz-$target" "$corpus" "$fuzz_dir/seeds/$target" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=65536 \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -artifact_prefix="$findings/" \
    > "$fuzz_dir/$target.log" 2>&1 || true
}

for t in "${build_targets[@]}"; do
  target=${t#fuzz-}
  if $parallel; then run_one "$target" & else run_one "$target"; fi
done
wait

status=0
for t in "${build_targets[@]}"; do
  target=${t#fuzz-}
  # Fork mode's status lines: "#EXECUTIONS: cov: ... oom/timeout/crash: ...".
  runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$fuzz_dir/$target.log" | tail -1)
  found=$(find "$fuzz_dir/findings/$target" -type f ! -name 'oom-*' | wc -l)
  large=$(find "$fuzz_dir/findings/$target" -type f -name 'oom-*' | wc -l)
  echo "fuzz $target: ${seconds} s, ${runs:-?} executions, $found finding(s)," \
       "$large input(s) over 4 GiB (log $fuzz_dir/$target.log)"
  [ "$found" -eq 0 ] && [ -n "$runs" ] || status=1
done
exit $status
