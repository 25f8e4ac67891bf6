#!/usr/bin/env bash
# fusion.sh — the measured effect of the nn optimizations (batch-norm
# folding, constant folding, conv + activation + pool fusion).
#
# For VGG-16 and ResNet-18 (torchvision, seeded random weights, exported to
# ONNX by test/families/Inputs/make_reference.py) this compiles each model at
# -O0 and -O1 with kiln-run and prints, side by side, the median latency of
# RUNS runs after a warm-up and the runner process's peak memory. The two
# builds alternate so that machine noise hits both. Not a test: it asserts
# nothing.
#
# usage: benchmarks/fusion.sh [RUNS] [MODEL...]   (default: 5 vgg16 resnet18)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
models=("${@:-vgg16 resnet18}")
build=${KILN_BUILD_DIR:-build}
work="$build/bench"
mkdir -p "$work"

printf '%-10s %-4s %14s %14s\n' model opt "median ms" "peak MiB"
for model in ${models[@]}; do
  dir="$work/$model"
  if [ ! -f "$dir/model.onnx" ]; then
    /usr/bin/python3 test/families/Inputs/make_reference.py --model "$model" \
      --keep-batch-norm --out "$dir" > /dev/null
  fi
  for opt in O0 O1; do
    out=$("$build/bin/kiln-run" "$dir/model.onnx" -i "$dir/input_0.npy" \
      -o "$dir/out-$opt" "-$opt" --benchmark "$runs")
    median=$(sed -n 's/^median latency: \([0-9.]*\) ms.*/\1/p' <<< "$out")
    peak=$(sed -n 's/^peak memory: \([0-9.]*\) MiB/\1/p' <<< "$out")
    printf '%-10s %-4s %14s %14s\n' "$model" "-$opt" "$median" "$peak"
  done
done
