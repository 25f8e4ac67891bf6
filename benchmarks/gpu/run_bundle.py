"""run_bundle.py — on the GPU machine, in a bundle made by make_bundle.py:
links each model's runner there, runs it, checks its output against
PyTorch's (computed where the bundle was made) and times it against
PyTorch's eager mode on the same device. Prints a Markdown table. Not a
test: it asserts nothing, but says for each model whether the output
matched (rtol 1e-3, atol 1e-4, the family tests' tolerance).

Both sides are timed from a host input to a host output, the unit of work
kiln_model_run does: PyTorch copies the input to the device, runs, and
copies the output back, synchronized. Medians over --runs runs after one
warm-up run each.

usage: python3 run_bundle.py [--runs 20] [--device cuda|cpu] [--cc cc]
                             [--timeout 300]
(--device cpu runs a bundle made with --target=host, to try the bundle
itself on a machine without a GPU.)
"""
import argparse
import pathlib
import re
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

sys.dont_write_bytecode = True
HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bundle_input import digest, make_input  # noqa: E402
from families_models import build_model  # noqa: E402


def link_runner(case, cc):
    src = HERE / "src"
    runner = case / "runner"
    command = [cc, "-std=c11", "-O2", "-D_POSIX_C_SOURCE=200809L",
               "-I" + str(src / "include"), "-I" + str(src),
               "-include", str(case / "model.h"), "-DKILN_MODEL_INFO=model_info",
               # kiln_runner.c and the runtime's sources (make_bundle.py)
               *sorted(str(c) for c in src.glob("*.c")),
               str(case / "model.a"), "-lpthread", "-ldl", "-lm", "-o", str(runner)]
    subprocess.run(command, check=True)
    return runner


def time_kiln(case, runner, weights, runs, timeout_s):
    try:
        result = subprocess.run(
            [str(runner), "run", str(weights), str(case / "input.bin"),
             str(case / "output.bin"), str(runs)], capture_output=True,
            text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise RuntimeError("no result after %d s" % timeout_s)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or "the runner failed")
    median = re.search(r"median latency: ([0-9.]+) ms", result.stdout)
    return float(median.group(1))


def time_pytorch(model_name, host_input, device, runs):
    model = build_model(model_name).to(device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    times = []
    with torch.no_grad():
        for run in range(runs + 1):  # run 0 warms up
            sync()
            start = time.perf_counter()
            model(host_input.to(device)).cpu()
            sync()
            if run:
                times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds one model's runs may take: a hung GPU "
                             "run fails its row, not the whole bundle")
    args = parser.parse_args()

    print("| model | batch | Kiln ms | PyTorch eager ms | Kiln / PyTorch | "
          "max abs diff | output |")
    print("|---|---|---|---|---|---|---|")
    for case in sorted(p for p in HERE.iterdir() if (p / "model.a").exists()):
        model_name, batch = case.name.rsplit("-b", 1)
        batch = int(batch)
        array = make_input(model_name, batch)
        if digest(array) != (case / "input.sha256").read_text().strip():
            print("| %s | %d | failed: this machine's NumPy made another input "
                  "than the one the expected output is for | | | | |"
                  % (model_name, batch))
            continue
        array.tofile(case / "input.bin")
        host_input = torch.from_numpy(array)
        weights = HERE / (model_name + ".weights")
        try:
            kiln_ms = time_kiln(case, link_runner(case, args.cc), weights,
                                args.runs, args.timeout)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print("| %s | %d | failed: %s | | | | |" % (model_name, batch, error))
            continue
        actual = np.fromfile(case / "output.bin", dtype=np.float32)
        expected = np.fromfile(case / "expected.bin", dtype=np.float32)
        diff = float(np.max(np.abs(actual - expected)))
        match = np.allclose(actual, expected, rtol=1e-3, atol=1e-4)
        torch_ms = time_pytorch(model_name, host_input, args.device, args.runs)
        print("| %s | %d | %.3f | %.3f | %.2f | %.2g | %s |" % (
            model_name, batch, kiln_ms, torch_ms, kiln_ms / torch_ms, diff,
            "matches" if match else "DIFFERS"))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
