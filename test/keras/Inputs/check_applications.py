"""check_applications.py — keras.applications networks, exported by Keras
and run through kiln-run as a user would, against Keras's predictions.

The suite runs it (test/keras/applications-*.test) in the Keras environment
that scripts/test.sh makes; by hand:

  scripts/keras-env.sh python test/keras/Inputs/check_applications.py \
      --kiln-run build/bin/kiln-run --work /tmp/keras-apps [--networks A,B]

Random weights (seeded), batch 1, no classifier head for VGG16 (its 120M
parameters make Keras's exporter need more than 24 GB). Prints one line per
network: compiled or not, and the comparison at rtol 1e-3, atol 1e-4.
"""
import argparse
import os
import pathlib
import subprocess
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

NETWORKS = {
    "VGG16": lambda: keras.applications.VGG16(weights=None, include_top=False,
                                              input_shape=(224, 224, 3)),
    "ResNet50": lambda: keras.applications.ResNet50(weights=None),
    "MobileNetV2": lambda: keras.applications.MobileNetV2(weights=None),
    "InceptionV3": lambda: keras.applications.InceptionV3(weights=None),
    "EfficientNetB0": lambda: keras.applications.EfficientNetB0(weights=None),
    "DenseNet121": lambda: keras.applications.DenseNet121(weights=None),
}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--networks", default=",".join(NETWORKS))
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()
    for name in args.networks.split(","):
        keras.utils.set_random_seed(3)
        model = NETWORKS[name]()
        x = np.random.default_rng(5).uniform(
            0, 1, (1,) + tuple(model.inputs[0].shape[1:])).astype(np.float32)
        expected = model.predict(x, verbose=0)
        case = args.work / name
        case.mkdir(parents=True, exist_ok=True)
        model.export(str(case / "model.onnx"), format="onnx", verbose=False)
        np.save(case / "input_0.npy", x)
        start = time.monotonic()
        try:
            result = subprocess.run(
                [args.kiln_run, str(case / "model.onnx"), "-i",
                 str(case / "input_0.npy"), "-o", str(case / "out")],
                capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{name}: not compiled within {args.timeout} s", flush=True)
            continue
        seconds = time.monotonic() - start
        if result.returncode != 0:
            print(f"{name}: FAILED after {seconds:.0f} s: "
                  f"{result.stderr.strip().splitlines()[-1][:300]}", flush=True)
            continue
        actual = np.load(case / "out" / "output_0.npy")
        diff = float(np.max(np.abs(actual - expected)))
        match = np.allclose(actual, expected, rtol=1e-3, atol=1e-4)
        print(f"{name}: kiln-run {seconds:.0f} s, max abs diff {diff:.2g}, "
              f"{'matches' if match else 'DIFFERS'}", flush=True)


if __name__ == "__main__":
    main()
