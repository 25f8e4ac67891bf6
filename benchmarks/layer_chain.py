"""Times a chain of one kind of layer, Kiln against onnxruntime, alternating.

A whole network's per-layer profile (layers.py) bills time between
neighbouring layers and runs in a noisy minute; a chain of eight layers of
one shape, timed in alternating rounds, isolates that shape:

    build/bench/venv/bin/python benchmarks/layer_chain.py pointwise --size 14 --channels 256
    build/bench/venv/bin/python benchmarks/layer_chain.py conv3x3 --size 28 --channels 128 --threads 2

- pointwise: four ResNet bottlenecks without their 3x3 (1x1 4C -> C, ReLU,
  1x1 C -> 4C, add the block's input, ReLU): layer3 of ResNet-50 is
  `--size 14 --channels 256`;
- conv3x3: four 3x3 convolutions with ReLU, C -> C (Winograd's layers in
  Kiln at these sizes).

`--blocks N` makes the chain N bottlenecks or 3x3 layers long: with 24
bottlenecks at 14x14 (48 MB of weights) they no longer stay in L3 between
runs, as a whole network's do not.

PyTorch builds the chain with seeded random weights and exports it (opset
13); kilnc compiles it once; then each round runs onnxruntime (in this
process: run.py's session options) 20 times and Kiln's runner (kiln-run
--benchmark=20, its own process) and takes each one's median. It prints
the minimum and the median of the rounds' medians. It asserts nothing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import isa  # noqa: E402


class Bottleneck(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.reduce = nn.Conv2d(4 * channels, channels, 1)
        self.expand = nn.Conv2d(channels, 4 * channels, 1)

    def forward(self, x):
        return torch.relu(self.expand(torch.relu(self.reduce(x))) + x)


def make_chain(kind, channels, blocks):
    if kind == "pointwise":
        return nn.Sequential(*[Bottleneck(channels) for _ in range(blocks)]), 4 * channels
    layers = [nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU())
              for _ in range(blocks)]
    return nn.Sequential(*layers), channels


def ort_session(path, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.force_spinning_stop", "1")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["pointwise", "conv3x3"])
    parser.add_argument("--size", type=int, default=14, help="height and width")
    parser.add_argument("--channels", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--blocks", type=int, default=4,
                        help="bottlenecks or 3x3 layers in the chain (default 4); with "
                             "more, the weights outgrow L3 and each run reads them from "
                             "memory, as a network's are at batch 1")
    parser.add_argument("--build", default="build", help="Kiln's build directory")
    parser.add_argument("--kiln-flags", default="",
                        help="extra kilnc flags, e.g. --kiln-flags=--winograd=false")
    isa.add_argument(parser)
    args = parser.parse_args()
    kilnc_flags = isa.apply(args, parser, Path(args.build) / "bench", args.kiln_flags)

    kiln_bin = Path(args.build) / "bin"
    torch.manual_seed(0)
    model, in_channels = make_chain(args.kind, args.channels, args.blocks)
    model.eval()
    x = torch.randn(1, in_channels, args.size, args.size)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        torch.onnx.export(model, x, str(work / "chain.onnx"), opset_version=13)
        np.save(work / "input.npy", x.numpy())
        subprocess.run([str(kiln_bin / "kilnc"), str(work / "chain.onnx"), "-o",
                        str(work / "lib"), "--name=chain", "--quiet"] + kilnc_flags,
                       check=True)

        session = ort_session(work / "chain.onnx", args.threads)
        feed = {session.get_inputs()[0].name: x.numpy()}
        session.run(None, feed)
        env = dict(os.environ, KILN_NUM_THREADS=str(args.threads))
        kiln_run = [str(kiln_bin / "kiln-run"), str(work / "lib" / "chain.a"), "-i",
                    str(work / "input.npy"), "-o", str(work / "out"), "--benchmark=20"]
        medians = {"onnxruntime": [], "Kiln": []}
        for _ in range(args.rounds):
            times = []
            for _ in range(20):
                start = time.perf_counter()
                session.run(None, feed)
                times.append((time.perf_counter() - start) * 1e3)
            medians["onnxruntime"].append(statistics.median(times))
            result = subprocess.run(kiln_run, env=env, capture_output=True, text=True,
                                    check=True)
            line = next(l for l in result.stdout.splitlines() if "median latency" in l)
            medians["Kiln"].append(float(line.split()[2]))

    flops = args.blocks * 2 * (2 * args.size ** 2 * 4 * args.channels * args.channels
                     if args.kind == "pointwise"
                     else args.size ** 2 * args.channels ** 2 * 9)
    held = isa.label(args)
    print(f"{args.kind} chain of {args.blocks}, {args.size}x{args.size}, {args.channels} channels, "
          f"{args.threads} thread(s), {args.rounds} alternating rounds"
          + (f", both held to {held}" if held else "") + ":")
    for system, values in medians.items():
        best = min(values)
        print(f"  {system:12s} min {best:8.3f} ms  median {statistics.median(values):8.3f} ms"
              f"  ({flops / best * 1e-6:.0f} GFLOP/s at the min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
