#!/usr/bin/env bash
# run-example.sh — set up everything, compile the bundled LeNet-5 network with
# kilnc, link it into examples/lenet5/main.c and run it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/configure-and-build.sh lenet5-example
"${KILN_BUILD_DIR:-build}/bin/lenet5-example"
