#!/usr/bin/env bash
# venv.sh — the benchmarks' Python: WORK/venv with onnxruntime and OpenVINO.
#
# A venv of Debian's python3 that also sees Debian's packages (numpy, torch,
# onnx, matplotlib), with benchmarks/requirements.txt installed from PyPI.
# pip must not bring a NumPy of its own, which would not match the one
# Debian's torch was built against: the constraints (WORK/constraints.txt)
# pin NumPy and protobuf to Debian's versions. run.sh and layers.sh call it;
# it needs python3-venv and python3-pip (scripts/install-deps.sh
# --benchmarks) and does nothing more once the venv is up to date.
#
#   bash benchmarks/venv.sh [WORK]      (default: build/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-${KILN_BUILD_DIR:-build}/bench}
mkdir -p "$work"

venv="$work/venv"
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
/usr/bin/python3 -c 'import numpy, google.protobuf as p
print("numpy==" + numpy.__version__); print("protobuf==" + p.__version__)' > "$work/constraints.txt"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -c "$work/constraints.txt" -r benchmarks/requirements.txt
"$venv/bin/python" -c 'import numpy, onnxruntime, openvino, sys
if not numpy.__file__.startswith("/usr/lib/python3/"):
    sys.exit(f"venv.sh: the venv has its own NumPy ({numpy.__file__}); remove it")'
