#!/usr/bin/env bash
# run.sh — the speed benchmark: Kiln against PyTorch, onnxruntime and OpenVINO.
#
# Installs what it needs (Debian packages through scripts/install-deps.sh
# --benchmarks, onnxruntime and OpenVINO from PyPI into BUILD/bench/venv
# through venv.sh), builds Kiln, compiles the FP32 peak probe (peak_flops.c)
# for this CPU, then runs run.py, which times the models and writes
# BUILD/bench/results.{md,json,png}.
# Arguments go to run.py; see docs/benchmarks.md or `run.sh --help`.
#
#   bash benchmarks/run.sh                                  # everything
#   bash benchmarks/run.sh --models lenet5,resnet18 --runs 5
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KILN_BUILD_DIR:-build}
work="$build/bench"

bash scripts/install-deps.sh --benchmarks
bash scripts/configure-and-build.sh
mkdir -p "$work"

# The venv of Debian's python3 with onnxruntime and OpenVINO (venv.sh).
bash benchmarks/venv.sh "$work"

cc -O3 -march=native -pthread benchmarks/peak_flops.c -o "$work/peak_flops"
# --isa=avx2 (isa.py): AVX2's peak, and AVX-512 hidden from the runtimes.
cc -O3 -mavx2 -mfma -pthread benchmarks/peak_flops.c -o "$work/peak_flops_avx2"
cc -O2 -shared -fPIC benchmarks/hide_avx512.c -o "$work/hide_avx512.so"

exec "$work/venv/bin/python" benchmarks/run.py --build "$build" "$@"
