#!/usr/bin/env bash
# keras-env.sh — run a command in the Keras environment: a virtual
# environment (build/keras-venv) with TensorFlow's CPU build, Keras 3 and
# tf2onnx from PyPI, which Keras's model.export(format="onnx") needs, and
# scipy and Pillow for ImageDataGenerator. The scripts that make Keras
# models use it (test/keras/Inputs/make_keras_models.py), and so do the
# tests that compare with Keras at test time (test/keras/applications-*,
# test/augment), which are skipped without it.
#
#   scripts/keras-env.sh python test/keras/Inputs/make_keras_models.py --out DIR
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${KILN_KERAS_VENV:-build/keras-venv}"
if [ ! -x "$venv/bin/python" ]; then
  bash scripts/install-deps.sh --benchmarks >/dev/null # python3-venv
  /usr/bin/python3 -m venv "$venv"
fi
# The versions test/keras/models were made with; scipy and Pillow for
# ImageDataGenerator's warp and brightness (test/augment). scipy before 1.16,
# whose affine_transform sums a coordinate in another order
# (compiler/augment/AugmentSampling.h follows 1.10-1.15's).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  tensorflow-cpu==2.21.0 keras==3.15.1 tf2onnx==1.17.0 scipy==1.15.3 \
  pillow==11.3.0
exec "$venv/bin/$1" "${@:2}"
