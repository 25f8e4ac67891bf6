"""make_bundle.py — packs what timing Kiln's CUDA libraries on a GPU machine
needs, for a machine with PyTorch and a C compiler but without Kiln's
toolchain (MLIR, Halide).

Per model and batch size, into OUT/<model>-b<batch>/: the library kilnc
compiles here (model.a, model.h, model.weights), the seeded input and
PyTorch's output for it (input.bin, expected.bin, float32), computed here.
Into OUT/src/: the C sources of the runtime and of kiln_runner, and Halide's
HalideRuntime.h, so that the runner is linked on the GPU machine against its
own C library. Into OUT/: run_bundle.py and the PyTorch model definitions.
Then, on the GPU machine: `python3 run_bundle.py` in OUT (docs/benchmarks.md).

usage: make_bundle.py --out DIR [--models lenet5,resnet18] [--batches 1,32]
                      [--target host-cuda] [--kilnc build/bin/kilnc]
"""
import argparse
import pathlib
import shutil
import subprocess
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
FAMILIES = REPO / "test" / "families" / "Inputs"
RUNTIME_SOURCES = ["runtime/src/runtime.c", "runtime/src/threads.c",
                   "runtime/src/threads.h", "runtime/src/device.c",
                   "runtime/src/device.h", "runtime/src/weights_format.h",
                   "runtime/tools/kiln_runner.c"]
PYTHON_FILES = [REPO / "benchmarks" / "gpu" / "run_bundle.py",
                FAMILIES / "families_models.py",
                REPO / "test" / "e2e" / "Inputs" / "lenet5_reference.py"]


def run(command):
    result = subprocess.run([str(c) for c in command], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(map(str, command)),
                                        result.stdout, result.stderr))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--models", default="lenet5,resnet18")
    parser.add_argument("--batches", default="1,32")
    parser.add_argument("--target", default="host-cuda")
    parser.add_argument("--kilnc", default=str(REPO / "build" / "bin" / "kilnc"))
    parser.add_argument("--halide-include", default="/usr/include/halide14")
    args = parser.parse_args()

    src = args.out / "src"
    (src / "include" / "kiln").mkdir(parents=True, exist_ok=True)
    for path in RUNTIME_SOURCES:
        shutil.copy(REPO / path, src)
    shutil.copy(REPO / "runtime/include/kiln/runtime.h", src / "include" / "kiln")
    shutil.copy(pathlib.Path(args.halide_include) / "HalideRuntime.h", src)
    for path in PYTHON_FILES:
        shutil.copy(path, args.out)

    for model in args.models.split(","):
        for batch in args.batches.split(","):
            case = args.out / ("%s-b%s" % (model, batch))
            reference = case / "reference"
            run([sys.executable, FAMILIES / "make_reference.py", "--model", model,
                 "--batch", batch, "--out", reference])
            run([args.kilnc, reference / "model.onnx", "--target=" + args.target,
                 "-o", case])
            for name, file in (("input", "input_0.npy"), ("expected", "expected_0.npy")):
                np.load(reference / file).astype(np.float32).tofile(case / (name + ".bin"))
            shutil.rmtree(reference)
            size = sum(f.stat().st_size for f in case.iterdir())
            print("%s: %.1f MiB" % (case.name, size / 2**20))


if __name__ == "__main__":
    main()
