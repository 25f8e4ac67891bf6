#!/usr/bin/env bash
# run-example.sh — set up everything, compile the bundled examples with
# kilnc, link them into their programs and run them: LeNet-5
# (examples/lenet5) and the notebook's image path (examples/image-path: a
# compiled ImageDataGenerator and a network that takes 8-bit pixels).
set -euo pipefail
cd "$(dirname "$0")/.."

# kiln-run too: the README goes on with it.
bash scripts/configure-and-build.sh lenet5-example image-path-example kiln-run
"${KILN_BUILD_DIR:-build}/bin/lenet5-example"
echo
"${KILN_BUILD_DIR:-build}/bin/image-path-example"
