"""Compiles network families for CUDA and checks what can be checked
without a GPU: for each model, the family test's ONNX export
(test/families/Inputs/make_reference.py), kilnc for
host-cuda-cuda_capability_80, a C program linked against the library, the
embedded PTX assembled by ptxas for sm_80 and sm_90, every kernel
launch checked against the GPU's per-block limits (check_launches.py), and
the CUDA schedule's tiling run on the CPU (kiln-run --schedule=gpu-on-cpu)
and compared with PyTorch. Prints one line per model; exits non-zero at the
first failure, with its output."""
import argparse
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[3]


def run(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("%s failed (exit %d):\n%s%s" % (
            what, result.returncode, result.stdout, result.stderr))
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", required=True)
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--cc", required=True,
                        help="the C compiler command with its flags (lit's %%cc-model)")
    parser.add_argument("--runtime-libs", required=True)
    parser.add_argument("--ptxas", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    args = parser.parse_args()

    for model in args.models.split(","):
        work = args.work / model
        run([sys.executable, str(REPO / "test/families/Inputs/make_reference.py"),
             "--model", model, "--out", str(work / "ref"),
             "--no-json-weights"], model + ": export")
        lib = work / "lib"
        onnx = str(work / "ref" / "model.onnx")
        target = "--target=host-cuda-cuda_capability_80"
        run([args.kilnc, onnx, target, "-o", str(lib)], model + ": kilnc")
        run(shlex.split(args.cc) + [
            "-D_POSIX_C_SOURCE=200809L",
            str(REPO / "runtime/tools/kiln_runner.c"), "-include",
            str(lib / "model.h"), "-DKILN_MODEL_INFO=model_info",
            str(lib / "model.a")] + shlex.split(args.runtime_libs) +
            ["-o", str(work / "runner")], model + ": linking")
        ptx = work / "ptx"
        summary = run([sys.executable, str(HERE / "extract_ptx.py"),
                       str(lib / "model.a"), str(ptx), "--ptxas", args.ptxas,
                       "--arch", "sm_80", "--arch", "sm_90"],
                      model + ": PTX and ptxas")
        entries = re.search(r"^entries (\d+)$", summary, re.M).group(1)
        stmt = work / "model.stmt"
        stmt.write_text(run([args.kilnc, onnx, target, "--emit=stmt"],
                            model + ": kilnc --emit=stmt"))
        run([sys.executable, str(HERE / "check_launches.py"), str(stmt),
             "--ptxas", args.ptxas], model + ": launch limits")
        # The family tests' tolerance (test/families/*.test).
        out = work / "gpu-on-cpu"
        run([args.kiln_run, onnx, "--schedule=gpu-on-cpu", "-i",
             str(work / "ref" / "input_0.npy"), "-o", str(out)],
            model + ": kiln-run --schedule=gpu-on-cpu")
        run([sys.executable, str(REPO / "test/e2e/Inputs/compare.py"),
             str(out / "output_0.npy"), str(work / "ref" / "expected_0.npy"),
             "--rtol", "1e-3", "--atol", "1e-4"],
            model + ": gpu-on-cpu against PyTorch")
        print("OK: %s: %s kernels, linked, ptxas sm_80 sm_90, launches fit, "
              "tiling matches PyTorch on the CPU" % (model, entries))
        sys.stdout.flush()
        # Passed: drop the model's files (over 1 GB for VGG-16: the model and
        # the library's weights); a failing model exits above and keeps them.
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
