#!/usr/bin/env bash
# configure-and-build.sh — install dependencies, configure and build Kiln.
#
# Usage: scripts/configure-and-build.sh [ninja targets...]
# The build directory is build/ (override with KILN_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build_dir=${KILN_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" ${1:+--target "$@"}
