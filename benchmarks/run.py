"""run.py — times Kiln, PyTorch, onnxruntime and OpenVINO on the classic CNNs.

Run through benchmarks/run.sh, which installs onnxruntime and OpenVINO,
builds Kiln and the peak-FLOPS probe first (docs/benchmarks.md). For every
model, batch size and thread count, the systems take turns, one inference
each, until each has --runs timed runs or has spent --budget seconds, so that
machine noise hits all of them alike; the table quotes medians and how many
runs each is over.
A system that fails on a model gets the error in its table cell and the run
goes on. Results go to OUT/results.json as they come, then to
OUT/results.md and OUT/results.png (report.py). Not a test: it asserts
nothing.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import isa  # noqa: E402
import models  # noqa: E402
import report  # noqa: E402
from systems import Kiln, OnnxRuntime, OpenVino, PyTorch, SystemError  # noqa: E402

SYSTEMS = ["kiln", "pytorch", "onnxruntime", "openvino"]

# Between two systems' runs: lets the last one's worker threads stop spinning
# before the next one starts on the same cores.
PAUSE_S = 0.05


def comma_list(convert=str):
    return lambda text: [convert(item) for item in text.split(",") if item]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=comma_list(), default=models.DEFAULT_MODELS,
                        help=f"comma-separated, from {','.join(models.KNOWN_MODELS)} "
                             f"(default: {','.join(models.DEFAULT_MODELS)})")
    parser.add_argument("--batches", type=comma_list(int), default=[1, 8])
    parser.add_argument("--threads", type=comma_list(int), default=[1, 2])
    parser.add_argument("--runs", type=int, default=10,
                        help="timed runs per system and setting, at most (default 10)")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds per system and setting: a system whose run is slow "
                             "gets fewer runs, at least one (default 60)")
    parser.add_argument("--systems", type=comma_list(), default=SYSTEMS,
                        help=f"comma-separated, from {','.join(SYSTEMS)} (default: all)")
    parser.add_argument("--kiln-variants", type=comma_list(), default=["default"],
                        help="comma-separated schedules, each compiled and timed as its own "
                             "system: 'default' is kilnc's default, any other NAME adds "
                             "--schedule=NAME (e.g. manual,auto:Mullapudi2016)")
    parser.add_argument("--kiln-flags", default="",
                        help="extra kilnc flags for every variant, e.g. --kiln-flags=-O0")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before one kilnc or runner process is stopped")
    parser.add_argument("--build", type=pathlib.Path, default=pathlib.Path("build"))
    parser.add_argument("--out", type=pathlib.Path, default=None,
                        help="work and results directory (default BUILD/bench)")
    parser.add_argument("--peak-flops", type=pathlib.Path, default=None,
                        help="the compiled benchmarks/peak_flops.c (default BUILD/bench/peak_flops, "
                             "or peak_flops_avx2 with --isa=avx2)")
    isa.add_argument(parser)
    args = parser.parse_args()
    unknown = [m for m in args.models if m not in models.KNOWN_MODELS]
    if unknown:
        parser.error(f"unknown model(s) {','.join(unknown)}; "
                     f"known: {','.join(models.KNOWN_MODELS)}")
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {','.join(unknown)}; known: {','.join(SYSTEMS)}")
    if args.runs < 1 or min(args.batches + args.threads, default=0) < 1:
        parser.error("--runs, --batches and --threads must be at least 1")
    args.out = args.out or args.build / "bench"
    args.kilnc_flags = isa.apply(args, parser, args.build / "bench", args.kiln_flags)
    peak = "peak_flops_avx2" if isa.label(args) else "peak_flops"
    args.peak_flops = args.peak_flops or args.build / "bench" / peak
    return args


def log(message):
    print(message, file=sys.stderr, flush=True)


def cpu_info():
    """(model name, vendor family/model, widest FMA vector ISA) from
    /proc/cpuinfo: the model name alone can be as terse as "AMD EPYC" in
    a virtual machine, and the family and model numbers tell the core
    (AMD family 25 model 17: Zen 4)."""
    try:
        text = pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown CPU", "", ""

    def field(name):
        found = re.search(rf"^{name}\s*:\s*(.*)$", text, re.M)
        return found.group(1).strip() if found else ""

    flags = set(field("flags").split())
    isa = ("AVX-512" if "avx512f" in flags else
           "AVX2" if {"avx2", "fma"} <= flags else "no AVX2")
    ident = [field("vendor_id")]
    if field("cpu family"):
        ident.append(f"family {field('cpu family')}")
    if field("model"):
        ident.append(f"model {field('model')}")
    ident = " ".join(part for part in ident if part)
    return field("model name") or "unknown CPU", ident, isa


def machine(args):
    cpu, cpu_id, cpu_isa = cpu_info()
    versions = {}
    for module in ("torch", "onnxruntime", "openvino", "numpy"):
        try:
            # OpenVINO's is "2026.4.1-22982-<commit>-releases/2026/4".
            versions[module] = __import__(module).__version__.split("-")[0]
        except ImportError:
            versions[module] = "not installed"
    commit = subprocess.run(["git", "-C", str(models.REPO), "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cpu_id": cpu_id, "cpu_isa": cpu_isa,
            "cores": os.cpu_count(), "python": platform.python_version(),
            "load_before": os.getloadavg()[0], "held_isa": isa.label(args),
            "kiln": commit or "unknown", "date": datetime.date.today().isoformat(), **versions}


def measure_peak(program, threads):
    """({threads: GFLOP/s}, {threads: wall-clock GFLOP/s}, ISA) from
    peak_flops; empty ones, with a message, if it fails."""
    try:
        result = subprocess.run([str(program)] + [str(t) for t in threads],
                                capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        log(f"peak_flops: {error}")
        return {}, {}, ""
    found = re.findall(r"^peak (\d+) threads: ([0-9.]+) GFLOP/s \((\w+); ([0-9.]+) by the wall",
                       result.stdout, re.M)
    if result.returncode != 0 or not found:
        log(f"peak_flops failed: {result.stderr.strip()}")
        return {}, {}, ""
    return ({int(t): float(g) for t, g, _, _ in found},
            {int(t): float(w) for t, _, _, w in found}, found[0][2])


def measure(systems, threads, runs, budget):
    """Takes the systems in turn, one run each, until each has RUNS runs or has
    spent BUDGET seconds; returns {label: {median_ms, runs} or {error}}."""
    samples = {s.label: [] for s in systems}
    errors = {s.label: s.error for s in systems if s.error}
    wanted = {s.label: runs for s in systems}
    for system in systems:  # in-process systems: first-run allocations, untimed
        if system.label not in errors and not isinstance(system, Kiln):
            try:
                system.run_once(threads)
            except SystemError as error:
                errors[system.label] = str(error)
    while True:
        active = [s for s in systems
                  if s.label not in errors and len(samples[s.label]) < wanted[s.label]]
        if not active:
            break
        for system in active:
            start = time.perf_counter()
            try:
                samples[system.label].append(system.run_once(threads))
            except SystemError as error:
                errors[system.label] = str(error)
                continue
            if len(samples[system.label]) == 1:  # what one run costs, start-up included
                cost = time.perf_counter() - start
                wanted[system.label] = max(1, min(runs, int(budget // cost)))
            time.sleep(PAUSE_S)
    return {label: ({"error": errors[label]} if label in errors else
                    {"median_ms": statistics.median(times), "runs": len(times)})
            for label, times in samples.items()}


def kiln_systems(args):
    flags = args.kilnc_flags
    systems = []
    for variant in args.kiln_variants:
        if variant == "default":
            systems.append(Kiln(args.build, "Kiln", flags, args.timeout))
        else:
            systems.append(Kiln(args.build, f"Kiln {variant}",
                                [f"--schedule={variant}"] + flags, args.timeout))
    return systems


def bench_model(name, args, results, save):
    module = None
    for batch in args.batches:
        setting = f"{name} batch {batch}"
        directory = args.out / "models" / f"{name}-b{batch}"
        try:
            log(f"{setting}: exporting")
            models.export(name, batch, directory)
            flops = models.count_flops(directory / "model.onnx")
            inputs = models.load_input(directory)
        except Exception as error:  # noqa: BLE001 - the next model may still work
            message = str(getattr(error, "stderr", "") or error).strip().splitlines()[-1:]
            log(f"{setting}: cannot export: {message}")
            for threads in args.threads:
                results["rows"].append({"model": name, "batch": batch, "threads": threads,
                                        "error": f"export failed: {' '.join(message)}"})
            save()
            continue

        systems = []
        if "kiln" in args.systems:
            for kiln in kiln_systems(args):
                slug = kiln.label.lower().replace(" ", "-").replace(":", "-")
                log(f"{setting}: compiling with {kiln.label}")
                record = {"model": name, "batch": batch, "system": kiln.label}
                try:
                    record.update(kiln.prepare(directory, args.out / "kiln" / f"{name}-b{batch}" / slug))
                    kiln.error = None
                except SystemError as error:
                    kiln.error = record["error"] = str(error)
                results["compile"].append(record)
                kiln.record = record
                systems.append(kiln)
        if "pytorch" in args.systems:
            try:
                if module is None:
                    module = models.torch_model(name)
                systems.append(PyTorch(module, inputs))
            except Exception as error:  # noqa: BLE001
                systems.append(Failed("PyTorch", f"PyTorch failed: {error}"))
        if "onnxruntime" in args.systems:
            try:
                systems.append(OnnxRuntime(directory / "model.onnx", inputs))
            except Exception as error:  # noqa: BLE001
                systems.append(Failed("onnxruntime", f"onnxruntime failed: {error}"))
        if "openvino" in args.systems:
            try:
                systems.append(OpenVino(directory / "model.onnx", inputs))
            except Exception as error:  # noqa: BLE001
                systems.append(Failed("OpenVINO", f"OpenVINO failed: {error}"))

        for threads in args.threads:
            log(f"{setting}, {threads} thread(s): timing {', '.join(s.label for s in systems)}")
            row = {"model": name, "batch": batch, "threads": threads, "flops": flops,
                   "systems": measure(systems, threads, args.runs, args.budget)}
            results["rows"].append(row)
            log("  " + report.row_summary(row))
            save()
        for kiln in (s for s in systems if isinstance(s, Kiln) and not s.error):
            kiln.record["runner_peak_mib"] = kiln.peak_mib
            kiln.record["max_difference"] = kiln.max_difference()
        save()


class Failed:
    """A system that could not even be set up for a model."""

    def __init__(self, label, error):
        self.label, self.error = label, error


def main():
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(args), "rows": [], "compile": [],
               "settings": {"runs": args.runs, "budget_s": args.budget}}
    log("measuring the FP32 peak")
    results["peak_gflops"], results["peak_wall_gflops"], results["machine"]["isa"] = \
        measure_peak(args.peak_flops, args.threads)
    json_path = args.out / "results.json"

    def save():
        json_path.write_text(json.dumps(results, indent=1))

    save()
    for name in args.models:
        bench_model(name, args, results, save)
    results["machine"]["load_after"] = os.getloadavg()[0]
    save()
    markdown = report.write(results, args.out)
    print(markdown)
    log(f"wrote {json_path}, {args.out / 'results.md'} and {args.out / 'results.png'}")


if __name__ == "__main__":
    main()
