"""compare-lowering.py — shows that a change to the compiler's middle left its
output alone: Halide's lowered statement (kilnc --emit=stmt) of every family
model, for every target family, from two kilnc builds, must be byte-identical.

Used for refactorings (issue 12): keep the kilnc of the commit before the
change (`cp build/bin/kilnc /tmp/kilnc-before`), make the change, rebuild,
then run this. The family models are exported once by
test/families/Inputs/make_reference.py into --models-dir and reused.

usage: compare-lowering.py --before KILNC --after KILNC [--models-dir DIR]
                           [--models lenet5,...] [--keep DIR]
Prints one line per model and variant, and exits 1 if any differs.
"""
import argparse
import difflib
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
FAMILIES = REPO / "test" / "families" / "Inputs"
MODELS = ["lenet5", "alexnet", "alexnet_lrn", "vgg16", "vgg19", "googlenet",
          "resnet18", "resnet50", "mobilenet_v2"]
# Every schedule family: the x86 tiles (AVX2 and AVX-512 pick different
# ones), both ARM widths, CUDA, and the CUDA tiling run on the CPU.
VARIANTS = {
    "avx2": ["--target=x86-64-linux-avx2-fma"],
    "avx512": ["--target=x86-64-linux-avx512_skylake"],
    "arm64": ["--target=arm-64-linux"],
    "arm32": ["--target=arm-32-linux"],
    "cuda": ["--target=x86-64-linux-cuda"],
    "gpu-on-cpu": ["--target=x86-64-linux-avx2-fma", "--schedule=gpu-on-cpu"],
}


def stmt(kilnc, model, flags):
    result = subprocess.run([kilnc, str(model), "--emit=stmt", *flags],
                            capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=str(REPO / "build" / "bin" / "kilnc"))
    parser.add_argument("--models-dir", type=pathlib.Path,
                        default=pathlib.Path(tempfile.gettempdir()) / "kiln-family-models")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()

    differing = 0
    for name in args.models.split(","):
        model = args.models_dir / name / "model.onnx"
        if not model.exists():  # exported whole or not at all
            partial = model.parent.with_name(name + ".partial")
            subprocess.run([sys.executable, FAMILIES / "make_reference.py",
                            "--model", name, "--out", partial],
                           check=True, capture_output=True)
            partial.rename(model.parent)
        for variant in args.variants.split(","):
            before = stmt(args.before, model, VARIANTS[variant])
            after = stmt(args.after, model, VARIANTS[variant])
            if before == after:
                print("same      %-13s %-10s (%d lines, exit %d)"
                      % (name, variant, before[1].count("\n"), before[0]))
                continue
            differing += 1
            print("DIFFERENT %-13s %-10s (exit %d before, %d after)"
                  % (name, variant, before[0], after[0]))
            diff = difflib.unified_diff(before[1].splitlines(), after[1].splitlines(),
                                        "before", "after", lineterm="", n=1)
            for line in list(diff)[:40]:
                print("    " + line)
            sys.stdout.flush()
    print("%d differing" % differing)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
