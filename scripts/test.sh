#!/usr/bin/env bash
# test.sh — set up everything, build Kiln and run the whole lit suite.
#
# Prints a plain summary line ("lit: N passed, N failed, N skipped"), then
# runs the fast part of the suite under the sanitizers (scripts/sanitize.sh,
# "sanitizers: lit: ..."), and exits non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/configure-and-build.sh
build_dir=${KILN_BUILD_DIR:-build}
# The Keras environment (TensorFlow, Keras, tf2onnx from PyPI) for the tests
# that export keras.applications networks; without it they are skipped.
if ! KILN_KERAS_VENV="$build_dir/keras-venv" \
  bash scripts/keras-env.sh python -c "import keras, tf2onnx" >/dev/null 2>&1; then
  echo "test.sh: WARNING: the Keras environment could not be made;" \
    "the keras.applications tests will be skipped" >&2
fi
results="$build_dir/lit-results.json"
status=0
rm -f "$build_dir"/onnx-backend-summary*.txt
/usr/lib/llvm-22/bin/lit -v "$build_dir/test" -o "$results" || status=$?
# The ONNX backend tests report how many of ONNX's own tests pass (on the
# host, and on each ARM target that qemu-user runs).
for summary in "$build_dir"/onnx-backend-summary*.txt; do
  if [ -f "$summary" ]; then cat "$summary"; fi
done
/usr/bin/python3 scripts/lit-summary.py "$results"
# The fast part again, under AddressSanitizer and UBSan.
bash scripts/sanitize.sh || status=$?
exit $status
