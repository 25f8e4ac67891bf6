#!/usr/bin/env bash
# install-deps.sh — install every build and test dependency from Debian packages.
#
# Idempotent and non-interactive: packages already present are skipped by apt,
# and nothing is downloaded from anywhere but the distribution's archive.
#
# Usage: scripts/install-deps.sh [--benchmarks | --fuzz]
# --benchmarks adds what benchmarks/run.sh needs besides (it installs
# onnxruntime from PyPI into a virtual environment of its own); --fuzz
# adds clang 22 with libFuzzer and the sanitizer runtimes (fuzz/run.sh).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ zlib1g-dev libzstd-dev libedit-dev libxml2-dev
  # MLIR / LLVM 22: the dialect, passes, kiln-opt; lit and FileCheck
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # Halide 14: lowering, schedules, AOT code generation
  libhalide14-0-dev
  # JSON frontend
  nlohmann-json3-dev
  # ONNX frontend: ONNX's own library (checker, shape inference, protos)
  libonnx-dev libprotobuf-dev protobuf-compiler
  # test tools and the independent numerical reference; scipy.stats for
  # the augmentation draws' distribution checks
  python3 python3-numpy python3-torch python3-torchvision python3-onnx
  python3-scipy
  # ONNX's backend node tests (model.onnx + test_data_set_*/*.pb)
  libonnx-testdata
  # ARM targets: cross compilers for the runtime and the test programs,
  # qemu-user to run them here (cmake/toolchains)
  g++-aarch64-linux-gnu libc6-dev-arm64-cross
  g++-arm-linux-gnueabihf libc6-dev-armhf-cross
  qemu-user
)
if [ "${1:-}" = "--benchmarks" ]; then
  packages+=(
    # benchmarks/run.sh: the onnxruntime venv, kilnc's peak memory, the chart
    python3-venv python3-pip time python3-matplotlib
    # the BLAS behind PyTorch's own convolutions (libtorch recommends
    # OpenBLAS; without it the reference BLAS makes PyTorch several times
    # slower); the OpenMP build follows torch.set_num_threads
    libopenblas0-openmp
  )
elif [ "${1:-}" = "--fuzz" ]; then
  packages+=(
    # fuzz/run.sh: clang with -fsanitize=fuzzer,address,undefined
    clang-22 libclang-rt-22-dev
  )
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--benchmarks | --fuzz]" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
