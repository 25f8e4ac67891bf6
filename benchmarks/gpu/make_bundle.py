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
import torch

REPO = pathlib.Path(__file__).resolve().parents[2]
FAMILIES = REPO / "test" / "families" / "Inputs"
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(FAMILIES))
from bundle_input import digest, make_input  # noqa: E402
from families_models import build_model  # noqa: E402

# The whole runtime (every source and private header), so that the list
# never falls behind it, and the runner.
RUNTIME_SOURCES = sorted(str(p.relative_to(REPO))
                         for p in (REPO / "runtime" / "src").glob("*.[ch]"))
RUNTIME_SOURCES.append("runtime/tools/kiln_runner.c")
PYTHON_FILES = [REPO / "benchmarks" / "gpu" / "run_bundle.py",
                REPO / "benchmarks" / "gpu" / "bundle_input.py",
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

    for model_name in args.models.split(","):
        model = build_model(model_name)  # make_reference.py's seed, 0
        shared_weights = args.out / (model_name + ".weights")
        for batch in args.batches.split(","):
            case = args.out / ("%s-b%s" % (model_name, batch))
            reference = case / "reference"
            run([sys.executable, FAMILIES / "make_reference.py", "--model",
                 model_name, "--batch", batch, "--out", reference])
            run([args.kilnc, reference / "model.onnx", "--target=" + args.target,
                 "-o", case])
            shutil.rmtree(reference)
            host_input = make_input(model_name, int(batch))
            with torch.no_grad():
                expected = model(torch.from_numpy(host_input)).numpy()
            expected.astype("<f4").tofile(case / "expected.bin")
            (case / "input.sha256").write_text(digest(host_input) + "\n")
            write_weights_once(case / "model.weights", shared_weights)
            size = sum(f.stat().st_size for f in case.iterdir())
            print("%s: %.1f MiB" % (case.name, size / 2**20))
        print("%s: %.1f MiB" % (shared_weights.name,
                                shared_weights.stat().st_size / 2**20))


def write_weights_once(case_weights, shared_weights):
    """Moves a case's weights to the model's shared file; the weights do not
    depend on the batch, which the comparison proves rather than assumes."""
    if not shared_weights.exists():
        case_weights.rename(shared_weights)
    elif case_weights.read_bytes() == shared_weights.read_bytes():
        case_weights.unlink()
    else:
        sys.exit("%s differs from %s: the weights layout depends on the batch"
                 % (case_weights, shared_weights))

if __name__ == "__main__":
    main()
