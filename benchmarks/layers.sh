#!/usr/bin/env bash
# layers.sh — per-layer times of one model, Kiln against onnxruntime.
#
# Runs benchmarks/layers.py (see there, and docs/benchmarks.md "Per-layer
# comparison") in run.sh's venv, which venv.sh makes or updates first. It
# does not build Kiln: it uses BUILD/bin/kilnc and BUILD/lib as they are.
#
#   bash benchmarks/layers.sh resnet18                # batch 1, 1 thread
#   bash benchmarks/layers.sh resnet50 --threads 2 --seconds 5
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KILN_BUILD_DIR:-build}
if [ ! -x "$build/bin/kilnc" ] || [ ! -f "$build/lib/libkiln_runtime.a" ]; then
  echo "layers.sh: no $build/bin/kilnc or $build/lib/libkiln_runtime.a; build Kiln" \
       "first (bash scripts/configure-and-build.sh)" >&2
  exit 1
fi
bash benchmarks/venv.sh "$build/bench"
# --isa=avx2 (isa.py) hides AVX-512 from onnxruntime with this library.
cc -O2 -shared -fPIC benchmarks/hide_avx512.c -o "$build/bench/hide_avx512.so"
exec "$build/bench/venv/bin/python" benchmarks/layers.py --build "$build" "$@"
