"""layers.py — where the time goes, layer by layer: Kiln against onnxruntime.

Run through benchmarks/layers.sh, which uses run.sh's venv:

    bash benchmarks/layers.sh resnet18 --threads 1

For one model of models.py (exported as run.py does), it
  1. compiles the model with `kilnc --target=host-profile` (Halide's sampling
     profiler), links it into the runner as run.py's Kiln does, runs it in
     --repeats processes for about --seconds in all and reads the profile
     the library prints at exit: the time per run of each Halide Func.
     Funcs are named after their layer (the nn op's MLIR location: the name
     of its ONNX node, or of its first node if fused; the layers come from
     `kilnc --emit=mlir`), so a layer's time is the sum of its Funcs', and
     its median over the repeats, so that a burst of load in one repeat
     does not decide it. Halide's unnamed helpers (maximum, sum) count to
     the Func listed before them, halide_malloc and halide_free to a row of
     their own;
  2. runs onnxruntime (the session options run.py times it with, plus
     enable_profiling) for about --seconds and takes each node's median
     kernel time from the JSON profile, leaving out the warm-up run;
  3. prints one table: a row per group of ONNX nodes that both sides time
     as a whole (layer_groups.py), with each side's time, their ratio, the
     row's FLOPs and each side's GFLOP/s, sorted by Kiln's time, and totals.
It also writes OUT/layers/MODEL-bBATCH-tTHREADS.json. Both profilers add a
little time of their own; the totals line quotes the runs' medians beside
the profiles' sums. Not a test: it asserts nothing.
"""
import argparse
import json
import os
import pathlib
import re
import shlex
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import isa  # noqa: E402
import layer_groups  # noqa: E402
import models  # noqa: E402
from layer_groups import FIRST, LAST  # noqa: E402
from systems import Kiln, OnnxRuntime, SystemError  # noqa: E402

# Halide runtime calls the profiler lists beside the Funcs.
RUNTIME_FUNCS = {"halide_malloc", "halide_free"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help=f"one of {','.join(models.KNOWN_MODELS)}")
    parser.add_argument("--threads", type=int, default=1, help="threads for both (default 1)")
    parser.add_argument("--batch", type=int, default=1, help="batch size (default 1)")
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="about how long each side runs under its profiler (default 3); "
                             "Halide's samples every ms or so")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runner processes Kiln's --seconds is split into; each "
                             "layer's time is the median over them (default 5)")
    parser.add_argument("--kiln-flags", default="",
                        help="extra kilnc flags, e.g. --kiln-flags=-O0 "
                             "(the target is host-profile, or --target=T's T-profile)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before one kilnc or runner process is stopped")
    parser.add_argument("--build", type=pathlib.Path, default=pathlib.Path("build"))
    parser.add_argument("--out", type=pathlib.Path, default=None,
                        help="work directory (default BUILD/bench; the model is exported "
                             "into OUT/models as run.py does)")
    isa.add_argument(parser)
    args = parser.parse_args()
    if args.model not in models.KNOWN_MODELS:
        parser.error(f"unknown model {args.model}; known: {','.join(models.KNOWN_MODELS)}")
    if min(args.threads, args.batch, args.repeats) < 1 or args.seconds <= 0:
        parser.error("--threads, --batch and --repeats must be at least 1, --seconds above 0")
    args.out = args.out or args.build / "bench"
    args.kiln_flags = shlex.join(isa.apply(args, parser, args.build / "bench",
                                           args.kiln_flags))
    return args


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Kiln -------------------------------------------------------------------

def halide_name(layer):
    """The Func name kilnc derives from a layer name (LoweringState::
    uniqueName in compiler/lowering/LowerToHalide.cpp, before its _N suffix)."""
    name = re.sub(r"[^A-Za-z0-9]", "_", layer)
    return "l_" + name if not name or name[0].isdigit() else name


def kiln_layers(args, onnx_path, flags):
    """The names of the nn ops kilnc compiles, in order, from its MLIR with
    locations (the ONNX node each op was made from, or its first node for
    a fused op); None if kilnc cannot say."""
    command = [str(args.build / "bin" / "kilnc"), str(onnx_path), "--emit=mlir",
               "--mlir-print-debuginfo", "--mlir-elide-resource-strings-if-larger=16"] + flags
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        log(f"kilnc --emit=mlir: {error}")
        return None
    if result.returncode != 0:
        log(f"kilnc --emit=mlir failed: {result.stderr.strip()[-300:]}")
        return None
    aliases = dict(re.findall(r"^(#loc\d*) = loc\((.*)\)\s*$", result.stdout, re.M))

    def resolve(body, depth=0):
        # A NameLoc is "name"(child) or "name"; a FileLineColLoc is
        # "file":line:col, which names no layer; fused[...] and #locN refer on.
        named = re.search(r'"((?:[^"\\]|\\.)*)"(?!:\d)', body)
        if named:  # llvm::printEscapedString: \\ for \, \XX for other bytes
            return re.sub(rb"\\(\\|[0-9A-Fa-f]{2})",
                          lambda m: b"\\" if m.group(1) == b"\\" else bytes([int(m.group(1), 16)]),
                          named.group(1).encode()).decode(errors="replace")
        alias = re.search(r"#loc\d*", body)
        if alias and depth < 20 and alias.group(0) in aliases:
            return resolve(aliases[alias.group(0)], depth + 1)
        return None

    layers = []
    for line in result.stdout.splitlines():
        op = re.match(r'\s*%\S+ = "?nn\.(\w+)', line)
        if not op or op.group(1) == "constant":
            continue
        loc = re.search(r"loc\((.*)\)\s*$", line)
        name = resolve(loc.group(1)) if loc else None
        layers.append(name or f"nn.{op.group(1)} #{len(layers)}")
    return layers


def parse_profile(text):
    """([(func, ms per run)] in the profiler's order, [(pipeline, ms per run,
    runs, samples)]) from the reports of Halide's profiler: one per
    pipeline (a model compiled in parts has several)."""
    funcs, pipelines, previous = [], [], ""
    for line in text.splitlines():
        header = re.match(r"\s*total time: ([0-9.]+) ms\s+samples: (\d+)\s+runs: (\d+)"
                          r"\s+time/run: ([0-9.]+) ms", line)
        func = re.match(r"\s+(\S+?):\s*([0-9.]+)ms\s*\(\s*[0-9.]+%\)", line)
        if header:
            pipelines.append((previous.strip(), float(header.group(4)),
                              int(header.group(3)), int(header.group(2))))
        elif func and pipelines:
            funcs.append((func.group(1), float(func.group(2))))
        if line.strip():
            previous = line
    return funcs, pipelines


def attribute_funcs(funcs, layers):
    """{layer: ms}, runtime [(func, ms)], unmatched [(func, ms)] and the
    helpers placed by position [(func, layer)]: each Func goes to the layer
    with the longest Halide name it starts with."""
    names = {}
    for layer in layers:
        names.setdefault(halide_name(layer), layer)
    by_length = sorted(names, key=len, reverse=True)
    times, runtime, unmatched, placed = {}, [], [], []
    last = None
    for func, ms in funcs:
        base = re.sub(r"\$\d+$", "", func)  # Halide's suffix for a repeated name
        if base in RUNTIME_FUNCS:
            runtime.append((func, ms))
            continue
        layer = next((names[n] for n in by_length if base == n or base.startswith(n + "_")), None)
        if layer is None and last is not None:
            layer = last
            placed.append((func, layer))
        if layer is None:
            unmatched.append((func, ms))
            continue
        times[layer] = times.get(layer, 0.0) + ms
        last = layer
    return times, runtime, unmatched, placed


def profile_kiln(args, model_dir, work, graph):
    words = shlex.split(args.kiln_flags)
    flags = [f for f in words if not f.startswith("--target")]
    # A --target among the flags is profiled as that target (an AVX2 library
    # on an AVX-512 host, blocked for the target's default caches unless
    # the flags name --cache-sizes).
    targets = [f.split("=", 1)[1] for f in words if f.startswith("--target=")]
    target = (targets[-1] if targets else "host") + "-profile"
    layers = kiln_layers(args, model_dir / "model.onnx", flags)
    if layers is None:
        log("Kiln's layers unknown: matching its Funcs against every ONNX node name")
    # One pipeline: Halide's profiler loses the time of a part's pipeline
    # run inside another's extern stage (ResNet-50 in 3 parts: 47 of 88 ms).
    kiln = Kiln(args.build, "Kiln profile",
                [f"--target={target}", "--layers-per-pipeline=0"] + flags, args.timeout)
    log(f"{args.model}: compiling with kilnc --target={target}")
    kiln.prepare(model_dir, work / "kiln-profile")
    first = re.search(r"^median latency: ([0-9.]+) ms", kiln.run(args.threads, 2).stdout, re.M)
    latency = float(first.group(1)) if first else 1.0
    runs = max(3, min(100000, int(args.seconds * 1e3 / args.repeats / max(latency, 1e-3))))
    log(f"{args.model}: Kiln, {args.threads} thread(s), {args.repeats} x {runs} profiled runs")
    repeats = []
    for _ in range(args.repeats):
        result = kiln.run(args.threads, runs)
        funcs, pipelines = parse_profile(result.stdout + "\n" + result.stderr)
        if not pipelines:
            raise SystemError("the runner printed no profile: was the library built with "
                              "a -profile target?")
        median = re.search(r"^median latency: ([0-9.]+) ms", result.stdout, re.M)
        repeats.append((attribute_funcs(funcs, layers if layers is not None else graph.names),
                        pipelines, float(median.group(1)) if median else None, funcs))

    def median_of(lists):  # {key: median over the repeats, 0 where a repeat lacks it}
        keys = dict.fromkeys(k for one in lists for k in one)
        return {k: statistics.median(one.get(k, 0.0) for one in lists) for k in keys}

    def summed(pairs):  # a name can recur in another pipeline of the model
        total = {}
        for name, ms in pairs:
            total[name] = total.get(name, 0.0) + ms
        return total

    funcs = median_of([summed(r[3]) for r in repeats])
    times = median_of([r[0][0] for r in repeats])
    runtime = median_of([summed(r[0][1]) for r in repeats])
    unmatched = median_of([summed(r[0][2]) for r in repeats])
    placed = list(dict.fromkeys(p for r in repeats for p in r[0][3]))
    if layers is None:
        layers = [name for name in graph.names if name in times]
    medians = [r[2] for r in repeats if r[2] is not None]
    return {"layers": layers, "times": times, "funcs": funcs, "runtime": list(runtime.items()),
            "unmatched": list(unmatched.items()), "placed": placed, "repeats": args.repeats,
            "runs": sum(p[2] for r in repeats for p in r[1][:1]),
            "samples": sum(p[3] for r in repeats for p in r[1]),
            "pipelines": len(repeats[0][1]),
            "profile_ms": statistics.median(sum(p[1] for p in r[1]) for r in repeats),
            "median_ms": statistics.median(medians) if medians else None}


# --- onnxruntime ------------------------------------------------------------

def profile_onnxruntime(args, model_dir, work):
    import onnxruntime
    options = OnnxRuntime.options(onnxruntime, args.threads)
    options.enable_profiling = True
    options.profile_file_prefix = str(work / "onnxruntime-profile")
    session = onnxruntime.InferenceSession(str(model_dir / "model.onnx"), options,
                                           providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: models.load_input(model_dir)}
    session.run(None, feed)  # warm-up, left out below
    start = time.perf_counter()
    session.run(None, feed)
    runs = max(3, min(5000, int(args.seconds / max(time.perf_counter() - start, 1e-6))))
    log(f"{args.model}: onnxruntime {onnxruntime.__version__}, {args.threads} thread(s), "
        f"{runs + 1} profiled runs")
    for _ in range(runs):
        session.run(None, feed)
    path = pathlib.Path(session.end_profiling())
    events = json.loads(path.read_text())
    windows = sorted((e["ts"], e["ts"] + e["dur"]) for e in events
                     if e.get("cat") == "Session" and e.get("name") == "model_run")
    kept = windows[1:]
    warm_up_end = windows[0][1] if windows else float("-inf")
    durations, ops = {}, {}
    for event in events:
        name = event.get("name", "")
        if event.get("cat") != "Node" or not name.endswith("_kernel_time") \
                or event["ts"] <= warm_up_end:
            continue
        node = name[:-len("_kernel_time")]
        durations.setdefault(node, []).append(event["dur"] / 1e3)
        ops[node] = event.get("args", {}).get("op_name", "?")
    path.unlink(missing_ok=True)  # tens of MB for a long run; the medians go to the JSON
    times = {node: statistics.median(values) for node, values in durations.items()}
    return {"times": times, "ops": ops, "runs": len(kept), "version": onnxruntime.__version__,
            "profile_ms": sum(times.values()),
            "median_ms": statistics.median(e - b for b, e in kept) / 1e3 if kept else None}


def ort_anchors(graph, nodes):
    """({ONNX node: (ORT node, FIRST|LAST)}, pairs of ORT nodes anchored at
    one ONNX node, ORT nodes that name nothing in the model). A node keeps
    its ONNX name, or "fused NAME" for a fused Gemm (FIRST), unless it is an
    NCHWc kernel, named after the output tensor of the last node it fused
    with "_nchwc" after it (LAST)."""
    anchors, same, unmatched = {}, [], []
    for name in nodes:
        tensor = re.sub(r"_nchwc$", "", name)
        fused = re.sub(r"^fused ", "", name)  # Gemm + activation: "fused /fc1/Gemm"
        if name in graph.index:
            node, kind = graph.index[name], FIRST
        elif fused in graph.index:
            node, kind = graph.index[fused], FIRST
        elif tensor in graph.producer:
            node, kind = graph.producer[tensor], LAST
        else:
            unmatched.append(name)
            continue
        if node in anchors:
            same.append((name, anchors[node][0]))
        else:
            anchors[node] = (name, kind)
    return anchors, same, unmatched


# --- the table ----------------------------------------------------------------

def build_rows(graph, flops, kiln, ort):
    kiln_anchors = {graph.index[layer]: (layer, FIRST)
                    for layer in kiln["layers"] if layer in graph.index}
    kiln_owner = layer_groups.partition(graph, kiln_anchors)
    anchors, same, ort_unmatched = ort_anchors(graph, ort["times"])
    ort_owner = layer_groups.partition(graph, anchors)
    ort_matched = [n for n in ort["times"] if n not in ort_unmatched]
    rows = []
    for group in layer_groups.merge(graph, kiln["layers"], kiln_owner, ort_matched,
                                    ort_owner, same):
        ops = [graph.ops[n] for n in group.nodes]
        rows.append({
            "layer": (group.kiln or group.ort)[0],
            "ops": "+".join(ops) if len(ops) <= 4 else "+".join(ops[:3]) + f"+…({len(ops)})",
            "split": f"{len(group.kiln)}/{len(group.ort)}",
            "kiln_layers": group.kiln, "ort_nodes": group.ort,
            "onnx_nodes": [graph.names[n] for n in group.nodes],
            "kiln_ms": sum(kiln["times"].get(layer, 0.0) for layer in group.kiln)
            if group.kiln else None,
            "ort_ms": sum(ort["times"][node] for node in group.ort) if group.ort else None,
            "flops": sum(flops[n] for n in group.nodes)})
    for node in ort_unmatched:
        rows.append({"layer": node, "ops": ort["ops"].get(node, "?") + " (onnxruntime's own)",
                     "split": "0/1", "kiln_layers": [], "ort_nodes": [node], "onnx_nodes": [],
                     "kiln_ms": None, "ort_ms": ort["times"][node], "flops": 0})
    if kiln["runtime"]:
        rows.append({"layer": "(Halide runtime)",
                     "ops": ", ".join(f for f, _ in kiln["runtime"]), "split": "–",
                     "kiln_layers": [], "ort_nodes": [], "onnx_nodes": [],
                     "kiln_ms": sum(ms for _, ms in kiln["runtime"]), "ort_ms": None,
                     "flops": 0})
    for func, ms in kiln["unmatched"]:
        rows.append({"layer": func, "ops": "a Func of no known layer", "split": "–",
                     "kiln_layers": [], "ort_nodes": [], "onnx_nodes": [],
                     "kiln_ms": ms, "ort_ms": None, "flops": 0})
    rows.sort(key=lambda r: (-(r["kiln_ms"] or 0.0), -(r["ort_ms"] or 0.0)))
    return rows


def _ms(value):
    if value is None:
        return "–"
    return f"{value:.3f}" if value >= 0.1 or value == 0 else f"{value:.4f}"


def _gflops(flops, ms):
    return f"{flops / (ms * 1e6):.1f}" if flops and ms else "–"


def _ratio(mine, theirs):
    return f"{mine / theirs:.2f}" if mine and theirs else "–"


def table(rows, total_flops):
    header = ["layer", "ONNX ops", "Kiln/ORT parts", "Kiln ms", "onnxruntime ms",
              "Kiln/onnxruntime", "MFLOP", "Kiln GFLOP/s", "onnxruntime GFLOP/s"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join([
            row["layer"], row["ops"], row["split"], _ms(row["kiln_ms"]), _ms(row["ort_ms"]),
            _ratio(row["kiln_ms"], row["ort_ms"]),
            f"{row['flops'] / 1e6:.3g}" if row["flops"] else "–",
            _gflops(row["flops"], row["kiln_ms"]), _gflops(row["flops"], row["ort_ms"])]) + " |")
    def total(key):
        times = [r[key] for r in rows if r[key] is not None]
        return sum(times) if times else None

    kiln, ort = total("kiln_ms"), total("ort_ms")
    lines.append("| " + " | ".join([
        "**total**", "", "", _ms(kiln), _ms(ort), _ratio(kiln, ort),
        f"{total_flops / 1e6:.4g}", _gflops(total_flops, kiln),
        _gflops(total_flops, ort)]) + " |")
    return lines


def failed(side, error):
    """A side that could not be profiled: no times, the error under the table."""
    log(f"layers.py: {side} failed: {error}")
    return {"error": f"{side} failed: {error}", "layers": [], "times": {}, "ops": {},
            "runtime": [], "unmatched": [], "placed": [], "pipelines": 0, "runs": 0,
            "profile_ms": None, "median_ms": None, "version": "?"}


def main():
    args = parse_args()
    name, batch = args.model, args.batch
    model_dir = args.out / "models" / f"{name}-b{batch}"
    work = args.out / "layers" / f"{name}-b{batch}"
    work.mkdir(parents=True, exist_ok=True)
    load = [os.getloadavg()[0]]  # before this script's own work adds to it
    log(f"{name} batch {batch}: exporting")
    models.export(name, batch, model_dir)
    graph = layer_groups.Graph(model_dir / "model.onnx")
    flops = models.node_flops(model_dir / "model.onnx")
    try:
        kiln = profile_kiln(args, model_dir, work, graph)
    except SystemError as error:
        kiln = failed("Kiln", error)
    try:
        ort = profile_onnxruntime(args, model_dir, work)
    except Exception as error:  # noqa: BLE001 - Kiln's side is still worth printing
        ort = failed("onnxruntime", " ".join(str(error).split())[:300])
    if "error" in kiln and "error" in ort:
        sys.exit(1)
    load.append(os.getloadavg()[0])
    rows = build_rows(graph, flops, kiln, ort)

    lines = [f"## {name}, batch {batch}, {args.threads} thread(s): Kiln against "
             f"onnxruntime {ort['version']}, per layer"
             + (f", both held to {isa.label(args)}" if isa.label(args) else ""), ""]
    lines += table(rows, sum(flops))
    lines += [""] + [side["error"] + "." for side in (kiln, ort) if "error" in side]
    if kiln["pipelines"]:
        lines.append(
            f"Kiln: medians of {kiln['repeats']} runner processes, {kiln['runs']} runs in "
            f"all (each runner's warm-up included) and {kiln['samples']} samples of "
            f"Halide's profiler, {kiln['pipelines']} pipeline(s): {kiln['profile_ms']:.3f} ms "
            f"per run by the profile; the runner's median run {_ms(kiln['median_ms'])} ms.")
    if ort["runs"]:
        lines.append(f"onnxruntime: median node times over {ort['runs']} runs, "
                     f"{ort['profile_ms']:.3f} ms together; median run "
                     f"{_ms(ort['median_ms'])} ms.")
    lines.append("Kiln/ORT parts: how many Kiln layers and onnxruntime nodes the row's "
                 "ONNX nodes are to each (a row joins them wherever the two fused "
                 "differently); a row's time is 0 where all its Funcs were inlined.")
    cores = os.cpu_count() or 1
    if load[0] > 0.5 * cores:  # the load after includes this script's runs
        # Halide's profiler bills the time since its last sample to the Func
        # running when it wakes: a sampler that waits for a core smears
        # time from one layer onto the next (rows above the FP32 peak).
        lines.append(f"**The machine was busy** (load average {load[0]:.1f} before the "
                     f"script, on {cores} CPUs): Halide's profiler bills the "
                     "time between two samples to the Func running at the second, so "
                     "Kiln's time moves between neighbouring layers when its sampler "
                     "waits for a core; the total stays right.")
    if kiln["placed"]:
        lines.append("Kiln Funcs named after no layer, counted to the Func before them: "
                     + ", ".join(f"{f} ({layer})" for f, layer in kiln["placed"]) + ".")
    missing = [n for n in ort["times"] if not any(n in r["ort_nodes"] for r in rows)]
    if missing:
        lines.append("onnxruntime nodes in no row: " + ", ".join(missing) + ".")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    result = work.parent / f"{name}-b{batch}-t{args.threads}.json"
    result.write_text(json.dumps({"model": name, "batch": batch, "threads": args.threads,
                                  "load_average": load,
                                  "kiln": kiln, "onnxruntime": ort, "rows": rows,
                                  "flops": sum(flops)}, indent=1))
    log(f"wrote {result}")


if __name__ == "__main__":
    main()
