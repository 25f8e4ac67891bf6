"""run_onnx_backend.py — ONNX's own backend tests, run through Kiln.

Debian's libonnx-testdata ships ONNX's backend tests: a model.onnx and
test_data_set_*/input_*.pb, output_*.pb per test. For every test named in
the tracked list, this compiles the model with `kiln-run` (the same
ahead-of-time path users get), runs it on each data set and compares every
output with ONNX's expected output at ONNX's tolerances (rtol 1e-3,
atol 1e-7).

The list has one test per line, "<suite>/<test>", optionally followed by
"XFAIL: <reason>" for a test that is in scope but known to fail. An XFAIL
test that passes is reported (XPASS) so that the list is kept honest.

usage: run_onnx_backend.py --kiln-run PATH --list FILE --data DIR --work DIR
                           [--jobs N] [--only SUBSTRING] [--target T]
                           [--schedule S]
Prints one line per test and ends with "N passed, M failed".
"""
import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

RTOL, ATOL = 1e-3, 1e-7


def read_list(path):
    tests = []
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, reason = line.partition("XFAIL:")
        tests.append((name.strip(), reason.strip() or None))
    return tests


def load_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def numbered(directory, prefix):
    files = glob.glob(os.path.join(directory, prefix + "_*.pb"))
    return sorted(files, key=lambda f: int(f.rsplit("_", 1)[1][:-3]))


def run_test(name, args):
    """Returns (ok, detail)."""
    test_dir = os.path.join(args.data, name)
    model = os.path.join(test_dir, "model.onnx")
    data_sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    if not os.path.exists(model) or not data_sets:
        return False, "no such test in " + args.data
    for data_set in data_sets:
        out_dir = os.path.join(args.work, name, os.path.basename(data_set))
        os.makedirs(out_dir, exist_ok=True)
        command = [args.kiln_run, model, "-o", out_dir, "--format=pb",
                   "--target=" + args.target, "--schedule=" + args.schedule]
        for input_file in numbered(data_set, "input"):
            command += ["-i", input_file]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            message = (result.stderr.strip() or result.stdout.strip())
            return False, message.splitlines()[0] if message else "failed"
        for i, expected_file in enumerate(numbered(data_set, "output")):
            actual_file = os.path.join(out_dir, "output_%d.pb" % i)
            if not os.path.exists(actual_file):
                return False, "output %d was not written" % i
            expected = load_pb(expected_file)
            actual = load_pb(actual_file)
            if actual.shape != expected.shape:
                return False, "output %d has shape %s, expected %s" % (
                    i, actual.shape, expected.shape)
            if not np.allclose(actual, expected, rtol=RTOL, atol=ATOL):
                worst = np.max(np.abs(actual - expected))
                return False, "output %d differs (max abs diff %.3g)" % (
                    i, worst)
    return True, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--list", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", default="")
    parser.add_argument("--summary", help="also write the summary lines here")
    parser.add_argument("--target", default="host",
                        help="kiln-run's --target (an ARM target runs under "
                             "qemu-user)")
    parser.add_argument("--schedule", default="manual",
                        help="kiln-run's --schedule (gpu-on-cpu: the CUDA "
                             "schedule's tiling, run on the CPU)")
    args = parser.parse_args()

    tests = [t for t in read_list(args.list) if args.only in t[0]]
    counts = {"PASS": 0, "FAIL": 0, "XFAIL": 0, "XPASS": 0}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(lambda t: run_test(t[0], args), tests)
        for (name, reason), (ok, detail) in zip(tests, results):
            if reason is None:
                status = "PASS" if ok else "FAIL"
            else:
                status = "XPASS" if ok else "XFAIL"
            counts[status] += 1
            note = {"FAIL": detail, "XFAIL": reason,
                    "XPASS": "listed as XFAIL (%s) but passes" % reason}
            print("%s: %s%s" % (status, name,
                                ": " + note[status] if status in note else ""))
            sys.stdout.flush()
    failed = counts["FAIL"] + counts["XPASS"]
    on = "" if args.target == "host" else " on " + args.target
    if args.schedule != "manual":
        on += " with --schedule=" + args.schedule
    summary = ("ONNX backend tests in scope%s: %d; passed %d, expected "
               "failures %d, unexpected failures %d, unexpected passes %d\n"
               "onnx-backend%s: %d passed, %d failed\n" % (
                   on, len(tests), counts["PASS"], counts["XFAIL"],
                   counts["FAIL"], counts["XPASS"], on, counts["PASS"],
                   failed))
    print(summary, end="")
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
