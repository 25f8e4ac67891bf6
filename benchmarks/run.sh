#!/usr/bin/env bash
# run.sh — the speed benchmark: Kiln against PyTorch and onnxruntime.
#
# Installs what it needs (Debian packages through scripts/install-deps.sh
# --benchmarks, onnxruntime from PyPI into BUILD/bench/venv), builds Kiln,
# compiles the FP32 peak probe (peak_flops.c) for this CPU, then runs
# run.py, which times the models and writes BUILD/bench/results.{md,json,png}.
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

# A venv of Debian's python3 that also sees Debian's packages (numpy, torch,
# onnx, matplotlib). pip must not bring a NumPy of its own, which would not
# match the one Debian's torch was built against: the constraints pin NumPy
# and protobuf to Debian's versions.
venv="$work/venv"
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
/usr/bin/python3 -c 'import numpy, google.protobuf as p
print("numpy==" + numpy.__version__); print("protobuf==" + p.__version__)' > "$work/constraints.txt"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -c "$work/constraints.txt" -r benchmarks/requirements.txt
"$venv/bin/python" -c 'import numpy, onnxruntime, sys
if not numpy.__file__.startswith("/usr/lib/python3/"):
    sys.exit(f"run.sh: the venv has its own NumPy ({numpy.__file__}); remove it")'

cc -O3 -march=native -pthread benchmarks/peak_flops.c -o "$work/peak_flops"

exec "$venv/bin/python" benchmarks/run.py --build "$build" "$@"
