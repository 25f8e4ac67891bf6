"""augment.py — the compiled ImageDataGenerator against Keras's own and
torchvision's, in batches per second (docs/augment.md, docs/benchmarks.md).

For a batch of --batch seeded RGB uint8 images of --size x --size, the
tutorial's train_datagen (rotation 20, shifts 0.1, shear 0.2, zoom 0.2,
horizontal flips, fill 'nearest', rescale 1/255), timed in one alternating
run, --rounds rounds, each system --runs batches per round:
  Kiln         kilnc's library (benchmarks/augment_runner.c): parameters
               drawn and applied per batch, on 1 and 2 threads;
  Keras        ImageDataGenerator.flow(...) batches (Keras 3's
               keras.src.legacy.preprocessing.image; numpy and scipy, one
               thread), in the Keras environment (scripts/keras-env.sh);
  torchvision  RandomAffine(20, translate=(0.1, 0.1), scale=(0.8, 1.2),
               shear=0.2) + RandomHorizontalFlip on each uint8 image
               tensor, then the rescale, with torch.set_num_threads.
Prints the medians over the rounds, images per second and Kiln's speed-up.
Not a test: it asserts nothing.

    build/bench/venv/bin/python benchmarks/augment.py --build build
"""
import argparse
import json
import pathlib
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
from torchvision import transforms

REPO = pathlib.Path(__file__).resolve().parents[1]

KERAS_TIMER = r"""
import os, sys, time, statistics
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
from keras.src.legacy.preprocessing.image import ImageDataGenerator
batch, size, runs = map(int, sys.argv[1:4])
x = np.random.default_rng(0).integers(0, 256, (batch, size, size, 3), dtype=np.uint8)
gen = ImageDataGenerator(rotation_range=20, width_shift_range=0.1,
                         height_shift_range=0.1, shear_range=0.2, zoom_range=0.2,
                         horizontal_flip=True, fill_mode="nearest", rescale=1 / 255)
flow = gen.flow(x, batch_size=batch, shuffle=False, seed=1)
next(flow)
times = []
for _ in range(runs):
    start = time.perf_counter(); next(flow); times.append((time.perf_counter() - start) * 1e3)
print(statistics.median(times))
"""


def build_kiln(build, work, batch, size):
    block = {"input": {"type": "uint8", "shape": [batch, size, size, 3]},
             "rotation_range": 20, "width_shift_range": 0.1,
             "height_shift_range": 0.1, "shear_range": 0.2, "zoom_range": 0.2,
             "horizontal_flip": True, "fill_mode": "nearest",
             "rescale": 1 / 255}
    (work / "augment.json").write_text(json.dumps({"name": "augment", "augment": block}))
    subprocess.run([str(build / "bin" / "kilnc"), str(work / "augment.json"),
                    "-o", str(work / "lib")], check=True)
    runner = work / "augment_runner"
    subprocess.run(["cc", "-O2", "-std=c11", "-D_POSIX_C_SOURCE=200809L",
                    f"-I{REPO / 'runtime' / 'include'}",
                    "-include", str(work / "lib" / "augment.h"),
                    "-DAUGMENT_INFO=augment_info",
                    str(REPO / "benchmarks" / "augment_runner.c"),
                    str(work / "lib" / "augment.a"),
                    str(build / "lib" / "libkiln_runtime.a"),
                    "-lpthread", "-ldl", "-lm", "-o", str(runner)], check=True)
    return runner


def time_torchvision(batch, size, runs, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    images = torch.randint(0, 256, (batch, 3, size, size), dtype=torch.uint8)
    augment = transforms.Compose([
        transforms.RandomAffine(20, translate=(0.1, 0.1), scale=(0.8, 1.2), shear=0.2),
        transforms.RandomHorizontalFlip()])
    times = []
    for r in range(runs + 1):
        start = time.perf_counter()
        torch.stack([augment(image) for image in images]).float().mul_(1 / 255)
        if r:
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=pathlib.Path, default=REPO / "build")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    build = args.build.resolve()
    work = build / "bench" / "augment"
    work.mkdir(parents=True, exist_ok=True)
    keras_python = build / "keras-venv" / "bin" / "python"
    if not keras_python.exists():
        sys.exit(f"{keras_python} is missing: run scripts/keras-env.sh python -c 0 first")
    runner = build_kiln(build, work, args.batch, args.size)
    threads = [int(t) for t in args.threads.split(",")]

    results = {("Keras", 1): []}
    for t in threads:
        results[("Kiln", t)] = []
        results[("torchvision", t)] = []
    for _ in range(args.rounds):
        for t in threads:
            out = subprocess.run([str(runner), str(args.batch), str(args.runs), str(t)],
                                 check=True, capture_output=True, text=True).stdout
            results[("Kiln", t)].append(float(out))
            results[("torchvision", t)].append(
                time_torchvision(args.batch, args.size, args.runs, t))
        out = subprocess.run([str(keras_python), "-c", KERAS_TIMER, str(args.batch),
                              str(args.size), str(args.runs)],
                             check=True, capture_output=True, text=True).stdout
        results[("Keras", 1)].append(float(out.split()[-1]))

    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    keras = statistics.median(results[("Keras", 1)])
    print(f"{cpu}; batch of {args.batch} RGB uint8 images {args.size}x{args.size}; "
          f"median of {args.rounds} alternating rounds of {args.runs} batches")
    print("| system | threads | ms per batch | images/s | Kiln's speed-up |")
    print("|---|---|---|---|---|")
    for (system, t), times in results.items():
        ms = statistics.median(times)
        kiln = statistics.median(results[("Kiln", t)]) if ("Kiln", t) in results else None
        speedup = "" if system == "Kiln" else f"{ms / kiln:.1f}x" if kiln else ""
        if system == "Keras":
            speedup = ", ".join(f"{ms / statistics.median(results[('Kiln', k)]):.1f}x on {k}"
                                for k in threads)
        print(f"| {system} | {t} | {ms:.2f} | {args.batch / ms * 1e3:.0f} | {speedup} |")


if __name__ == "__main__":
    main()
