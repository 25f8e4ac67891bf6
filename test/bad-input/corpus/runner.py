"""runner.py — generate the bad-input corpus and check that Kiln refuses
every case cleanly.

    python runner.py --kilnc BIN/kilnc --cc cc --runtime-include INC \
        --runtime-lib LIB/libkiln_runtime.a --work DIR [--jobs N] [--only SUBSTR]

Each case (case.py) runs in an empty directory of its own, with TMPDIR
inside it. It passes when the command exits with status 1 within the
time limit, its error output says "error" and contains every one of the
case's names (the file, and the layer, node or flag) in at most
MAX_MESSAGE bytes with none of the marks of a crash, and the directory
holds exactly the files the case wrote (kilnc's -o defaults to
out/nested/dir, whose parents did not exist either). Prints each
failure, then one summary line; exits 1 when any case failed.
"""
import argparse
import collections
import concurrent.futures
import copy
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import cli_cases  # noqa: E402
import json_cases  # noqa: E402
import onnx_cases  # noqa: E402
import runtime_cases  # noqa: E402

MAX_MESSAGE = 4096
TIME_LIMIT = 120
CRASH_MARKS = ("terminate called", "LLVM ERROR", "Assertion", "Internal Error",
               "Stack dump", "PLEASE submit", "Segmentation fault", "Sanitizer",
               "runtime error:", "core dumped")
HERE = pathlib.Path(__file__).resolve().parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--cflags", default="",
                        help="more flags for the runtime harness (a sanitizer build's)")
    parser.add_argument("--runtime-include", required=True)
    parser.add_argument("--runtime-lib", required=True)
    parser.add_argument("--work", required=True, help="an empty directory for the cases")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    return parser.parse_args()


def build_runtime_fixture(args, work):
    """Compiles the small network the runtime cases load, another network's
    weights, and the harness. Returns (harness, good weights, other weights)."""
    fixture = work / "fixture"
    fixture.mkdir(parents=True)
    # Two convolutions in a row, so that the model needs scratch memory
    # (the api case scratch-too-small).
    small = copy.deepcopy(json_cases.BASE)
    small["name"] = "small"
    small["inputs"][0]["shape"] = [1, 3, 32, 32]
    small["layers"][1:1] = [{"name": "conv2", "type": "conv2d", "out_channels": 16,
                             "kernel": 3, "padding": 1}]
    other = copy.deepcopy(small)
    other["layers"][0]["out_channels"] = 8
    (fixture / "small.json").write_text(json.dumps(small))
    (fixture / "other.json").write_text(json.dumps(other))
    subprocess.run([args.kilnc, "small.json", "--quiet", "-o", "lib"], cwd=fixture, check=True)
    subprocess.run([args.kilnc, "other.json", "--name=small", "--emit=weights", "--quiet",
                    "-o", "other"], cwd=fixture, check=True)
    harness = fixture / "load_weights"
    subprocess.run([args.cc, *shlex.split(args.cflags), "-std=c11", "-O1", "-Wall", "-Werror",
                    "-I", args.runtime_include,
                    "-I", str(fixture / "lib"), str(HERE / "load_weights.c"),
                    str(fixture / "lib" / "small.a"), args.runtime_lib,
                    "-lpthread", "-ldl", "-lm", "-o", str(harness)], check=True)
    good = (fixture / "lib" / "small.weights").read_bytes()
    other_weights = (fixture / "other" / "small.weights").read_bytes()
    return harness, fixture / "lib" / "small.weights", good, other_weights


def all_cases(good, other):
    cases = [*json_cases.cases(), *onnx_cases.cases(), *cli_cases.cases(),
             *runtime_cases.weights_cases(good, other), *runtime_cases.api_cases()]
    names = collections.Counter(case.name for case in cases)
    duplicated = [name for name, count in names.items() if count > 1]
    assert not duplicated, f"duplicate case names: {duplicated}"
    return cases


def files_under(directory):
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")
                  if p.is_file() or p.is_symlink())


def run_case(case, index, args, work, harness, good_path):
    """Returns (verdict, detail): verdict "clean" or a kind of failure."""
    directory = work / "cases" / f"{index:04d}"
    directory.mkdir(parents=True)
    for relative, data in case.files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = files_under(directory)
    tmp = directory / "tmp"
    tmp.mkdir()
    if case.tool == "kilnc":
        command = [args.kilnc, "--quiet", *case.args]
        if "-o" not in case.args:
            command += ["-o", "out/nested/dir"]
    else:
        command = [str(harness), *case.args]
        if case.args[0] == "api":
            command.append(str(good_path))
    env = dict(os.environ, TMPDIR=str(tmp))
    env.pop("KILN_NUM_THREADS", None)
    try:
        done = subprocess.run(command, cwd=directory, env=env, capture_output=True,
                              timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return "hang", f"no exit within {TIME_LIMIT} s"
    message = done.stderr.decode(errors="replace")
    shown = message if len(message) < 600 else message[:600] + "..."
    if done.returncode < 0 or done.returncode >= 128 or any(m in message for m in CRASH_MARKS):
        return "crash", f"status {done.returncode}: {shown}"
    if done.returncode == 0:
        return "accepted", "exit 0"
    if done.returncode != 1:
        return "unclear", f"status {done.returncode} (not 1): {shown}"
    missing = [name for name in case.names if name not in message]
    # kilnc's own messages say "error:"; its flag parser's start "kilnc:".
    said = "error" in message.lower() or message.startswith("kilnc: ")
    if not said or missing or len(done.stderr) > MAX_MESSAGE:
        why = (f"{len(done.stderr)} bytes" if len(done.stderr) > MAX_MESSAGE
               else f"does not name {missing}" if missing else "says no 'error'")
        return "unclear", f"{why}: {shown}"
    left = [p for p in files_under(directory) if p not in written]
    if left or (directory / "out").exists():
        return "leftover", f"left {left or ['out/']}"
    shutil.rmtree(directory)
    return "clean", ""


def main():
    args = parse_args()
    work = pathlib.Path(args.work).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    harness, good_path, good, other = build_runtime_fixture(args, work)
    cases = [c for c in all_cases(good, other) if args.only in c.name]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda item: run_case(item[1], item[0], args, work, harness,
                                                      good_path), enumerate(cases)))
    verdicts = collections.Counter(verdict for verdict, _ in results)
    for case, (verdict, detail) in zip(cases, results):
        if verdict != "clean":
            print(f"FAIL {case.name}: {verdict}: {detail}")
    print(f"{len(cases)} cases: {verdicts['clean']} rejected cleanly, "
          f"{verdicts['crash']} crashes, {verdicts['hang']} hangs, "
          f"{verdicts['accepted']} accepted, {verdicts['unclear']} unclear messages, "
          f"{verdicts['leftover']} leftovers")
    return 0 if verdicts["clean"] == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
