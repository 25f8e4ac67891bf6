"""report.py — the benchmark's results as a Markdown table and a PNG chart.

Reads the results run.py collects (OUT/results.json) and writes
OUT/results.md and OUT/results.png. Standalone, it redraws both from a saved
file:  python3 benchmarks/report.py build/bench/results.json
"""
import json
import pathlib
import sys

# The inference runtimes built for speed on CPUs: "Kiln/min(...)" compares
# Kiln with whichever of them was faster in each setting.
RUNTIMES = ("onnxruntime", "OpenVINO")


def _labels(results):
    """The systems in table order: Kiln's variants, then the peers."""
    labels = []
    for row in results["rows"]:
        for label in row.get("systems", {}):
            if label not in labels:
                labels.append(label)
    kilns = [label for label in labels if label.startswith("Kiln")]
    return kilns, [label for label in labels if label not in kilns]


def _median(row, label):
    cell = row.get("systems", {}).get(label, {})
    return cell.get("median_ms")


def row_summary(row):
    """One line per setting, for the log."""
    cells = []
    for label, cell in row["systems"].items():
        if "error" in cell:
            cells.append(f"{label}: {cell['error']}")
        else:
            cells.append(f"{label} {cell['median_ms']:.3f} ms ({cell['runs']})")
    return "; ".join(cells)


class _Notes:
    """Error messages, numbered, listed under the table (a message in a cell
    would make the table unreadable)."""

    def __init__(self):
        self.messages = []

    def cell(self, message):
        message = " ".join(str(message).split())
        if message not in self.messages:
            self.messages.append(message)
        return f"failed [{self.messages.index(message) + 1}]"

    def markdown(self):
        return [f"[{i}] {m.replace('|', '/')}" + "  " for i, m in enumerate(self.messages, 1)]


def _ms(row, label, notes):
    cell = row.get("systems", {}).get(label)
    if cell is None:
        return "–"
    if "error" in cell:
        return notes.cell(cell["error"])
    return f"{cell['median_ms']:.3f} ({cell['runs']})"


def latency_table(results, notes):
    kilns, peers = _labels(results)
    runtimes = [peer for peer in RUNTIMES if peer in peers]
    runtimes = runtimes if len(runtimes) > 1 else []
    peak = {int(t): g for t, g in results.get("peak_gflops", {}).items()}
    header = ["model", "batch", "threads", "GFLOP"] + [f"{s} ms" for s in kilns + peers]
    for kiln in kilns:
        header += [f"{kiln}/{peer}" for peer in peers]
        if runtimes:
            header.append(f"{kiln}/min({', '.join(runtimes)})")
        header += [f"{kiln} GFLOP/s", f"{kiln} % of peak"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in results["rows"]:
        flops = row.get("flops")
        cells = [row["model"], str(row["batch"]), str(row["threads"]),
                 f"{flops / 1e9:.3g}" if flops else "–"]
        if "error" in row:
            cells += [notes.cell(row["error"])] + [""] * (len(header) - len(cells) - 1)
            lines.append("| " + " | ".join(cells) + " |")
            continue
        cells += [_ms(row, label, notes) for label in kilns + peers]
        for kiln in kilns:
            mine = _median(row, kiln)
            for peer in peers:
                theirs = _median(row, peer)
                cells.append(f"{mine / theirs:.3g}" if mine and theirs else "–")
            if runtimes:
                # Of those that ran: a failed runtime leaves the other's time.
                fastest = min((t for t in (_median(row, r) for r in runtimes) if t),
                              default=None)
                cells.append(f"{mine / fastest:.3g}" if mine and fastest else "–")
            gflops = flops / (mine * 1e6) if mine and flops else None
            cells.append(f"{gflops:.3g}" if gflops else "–")
            top = peak.get(row["threads"])
            cells.append(f"{100 * gflops / top:.1f}%" if gflops and top else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def compile_table(results, notes):
    header = ["model", "batch", "system", "kilnc s", "kilnc peak MiB", "weights MiB",
              "runner peak MiB", "max diff vs PyTorch"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in results["compile"]:
        cells = [record["model"], str(record["batch"]), record["system"]]
        if "error" in record:
            cells += [notes.cell(record["error"])] + [""] * 4
        else:
            def number(key, form):
                value = record.get(key)
                return form.format(value) if value is not None else "–"
            cells += [number("seconds", "{:.1f}"), number("peak_mib", "{:.0f}"),
                      number("weights_mib", "{:.1f}"), number("runner_peak_mib", "{:.0f}"),
                      number("max_difference", "{:.1e}")]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(results):
    machine = results["machine"]
    settings = results.get("settings", {})
    peak = results.get("peak_gflops", {})
    wall = results.get("peak_wall_gflops", {})
    peak_text = ", ".join(f"{g:.1f} GFLOP/s on {t} thread{'s' if int(t) > 1 else ''}"
                          + (f" ({wall[t]:.1f} by the wall clock)" if t in wall else "")
                          for t, g in peak.items()) or "not measured"
    notes = _Notes()
    cpu = machine["cpu"] + (f" ({machine['cpu_id']})" if machine.get("cpu_id") else "")
    if machine.get("cpu_isa"):
        cpu += f", {machine['cpu_isa']}"
    # --isa=avx2 (isa.py): every system held to AVX2 on an AVX-512 CPU.
    held = machine.get("held_isa")
    if held:
        cpu += (f"; every system held to {held}: Kiln compiled for its AVX2 target, "
                "AVX-512 hidden from the others' CPUID (benchmarks/hide_avx512.c)")
    expected_isa = "AVX2" if held else machine.get("cpu_isa")
    isa = machine.get("isa") or "n/a"
    if expected_isa and isa.replace("-", "").lower() not in \
            ("n/a", expected_isa.replace("-", "").lower()):
        isa += f", not {expected_isa}: peak_flops was not built for this CPU"
    lines = [
        "## Latency",
        "",
        f"{cpu}, {machine['cores']} logical CPUs; FP32 peak measured by "
        f"benchmarks/peak_flops.c ({isa} FMA chains): {peak_text}. "
        f"Kiln {machine['kiln']}, PyTorch {machine.get('torch')}, onnxruntime "
        f"{machine.get('onnxruntime')}, "
        + (f"OpenVINO {machine['openvino']}, " if "openvino" in machine else "") +
        f"NumPy {machine.get('numpy')}; {machine['date']}; "
        f"load average {machine.get('load_before', float('nan')):.1f} before the run, "
        f"{machine.get('load_after', float('nan')):.1f} after.",
        "",
        f"Median latency in ms, (n) = the number of runs it is over (at most "
        f"{settings.get('runs')}, fewer when a system's runs would take more than "
        f"{settings.get('budget_s'):.0f} s). GFLOP = 2 x the multiply-adds of the "
        "Conv and Gemm layers; a ratio below 1 means Kiln is faster"
        + ("; Kiln/min(...) is over the faster of the runtimes named, in each setting."
           if sum(peer in RUNTIMES for peer in _labels(results)[1]) > 1 else "."),
        "",
    ]
    load = max(machine.get("load_before", 0), machine.get("load_after", 0))
    if load > 0.5 * (machine.get("cores") or 1):
        lines += [f"**The machine was busy** (load average up to {load:.1f} on "
                  f"{machine['cores']} CPUs): other processes took turns on the cores, "
                  "so these numbers are noisy; multi-threaded runs suffer most, since a "
                  "thread that loses its core holds up the others at every barrier.", ""]
    lines += latency_table(results, notes)
    if results["compile"]:
        lines += ["", "## Compile cost", "",
                  "kilnc's wall time and peak resident memory (GNU time), the size of "
                  "the weights file it writes, the runner's peak memory while it runs, "
                  "and max |Kiln - PyTorch| / max |PyTorch| over the output.", ""]
        lines += compile_table(results, notes)
    if notes.messages:
        lines += ["", "Failures:", ""] + notes.markdown()
    return "\n".join(lines) + "\n"


def chart(results, path):
    """Each system's latency over PyTorch's (log scale: 1 = as fast as
    PyTorch, below 1 = faster), per model; one panel per batch size and
    thread count. Without PyTorch in the results, the latencies themselves."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    kilns, peers = _labels(results)
    labels = kilns + peers
    rows = [r for r in results["rows"] if "systems" in r]
    if not rows:
        return False
    relative = "PyTorch" in labels
    batches = sorted({r["batch"] for r in rows})
    threads = sorted({r["threads"] for r in rows})
    figure, axes = plt.subplots(len(batches), len(threads), squeeze=False,
                                figsize=(5.5 * len(threads), 3.8 * len(batches)))
    markers = "os^Dvp*"
    for i, batch in enumerate(batches):
        for j, count in enumerate(threads):
            axis = axes[i][j]
            panel = [r for r in rows if r["batch"] == batch and r["threads"] == count]
            for k, label in enumerate(labels):
                xs, ys = [], []
                for x, row in enumerate(panel):
                    mine, base = _median(row, label), _median(row, "PyTorch")
                    if mine and (base or not relative):
                        xs.append(x + (k - (len(labels) - 1) / 2) * 0.12)
                        ys.append(mine / base if relative else mine)
                axis.plot(xs, ys, markers[k % len(markers)], label=label, markersize=7)
            if relative:
                axis.axhline(1.0, color="gray", linewidth=0.8)
            axis.set_xticks(range(len(panel)), [r["model"] for r in panel])
            axis.set_yscale("log")
            axis.set_xlim(-0.5, len(panel) - 0.5)
            axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
            axis.set_ylabel("latency / PyTorch's" if relative else "median latency, ms")
            axis.set_title(f"batch {batch}, {count} thread{'s' if count > 1 else ''}")
            axis.grid(axis="y", which="both", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    others = [label for label in labels if label not in kilns]
    against = ", ".join(others[:-1]) + (" and " if len(others) > 1 else "") + \
        (others[-1] if others else "")
    # Two lines: one is wider than a one-panel figure.
    figure.suptitle(f"Kiln {results['machine']['kiln']}" + (f" against {against}" if others else "")
                    + f"\n({results['machine']['cpu']})"
                    + ("; below 1 = faster than PyTorch" if relative else ""), fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return True


def write(results, out_dir):
    """Writes results.md and results.png into OUT_DIR; returns the Markdown."""
    out_dir = pathlib.Path(out_dir)
    text = markdown(results)
    (out_dir / "results.md").write_text(text)
    try:
        chart(results, out_dir / "results.png")
    except ImportError as error:
        print(f"report: no chart ({error}); install python3-matplotlib", file=sys.stderr)
    return text


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: report.py RESULTS.json [OUT_DIR]")
    source = pathlib.Path(sys.argv[1])
    print(write(json.loads(source.read_text()),
                sys.argv[2] if len(sys.argv) == 3 else source.parent), end="")
