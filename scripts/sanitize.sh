#!/usr/bin/env bash
# sanitize.sh — the compiler, kiln-opt and the runtime under AddressSanitizer
# and UndefinedBehaviorSanitizer, and the fast part of the lit suite run
# with them: the frontends, the nn dialect and its passes, kilnc's command
# line and error paths, the runtime API, the bad-input corpus, and the fuzz
# harnesses over their seeds (test/fuzz).
#
# Part of scripts/test.sh (the README's test command); alone:
#   bash scripts/sanitize.sh
# Builds in build-san/ (KILN_SANITIZE_BUILD_DIR) with gcc at -O1, which
# halves the compile time against -O3. Any sanitizer report fails the test
# that triggered it (UB is fatal: -fno-sanitize-recover). Ends with
# "sanitizers: lit: N passed, N failed, N skipped"; exits non-zero if any
# test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build_dir=${KILN_SANITIZE_BUILD_DIR:-build-san}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKILN_SANITIZE=ON \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  >/dev/null
cmake --build "$build_dir" --target kilnc kiln-opt kiln_runtime \
  fuzz-json-import fuzz-onnx-import fuzz-nn-verify

# Those that need only kilnc and kiln-opt (not kiln-run). The lowering's
# statements run Halide's lowering with Kiln's schedules under ASan too.
tests=(Frontends Dialect Transforms bad-input
       Lowering/{copy-tasks,emit-stmt,first-layer-channels,part-crossing-layout}.test
       Lowering/{residual-activation,residual-partner,tile-stores,winograd-choice}.test
       Tools/kilnc-cli.test Tools/kilnc-target-list.test Tools/emit-dot.test
       Tools/out-of-memory.test e2e/x86/runtime-errors.test fuzz)
results="$build_dir/lit-results.json"
status=0
/usr/lib/llvm-22/bin/lit -v "${tests[@]/#/$build_dir/test/}" -o "$results" || status=$?
echo -n "sanitizers: "
/usr/bin/python3 scripts/lit-summary.py "$results"
exit $status
