"""systems.py — the systems the benchmark times: Kiln, PyTorch, onnxruntime, OpenVINO.

Each system is prepared once per model and batch size (Kiln compiles, PyTorch
builds the module, onnxruntime and OpenVINO read the ONNX file) and then answers
run_once(threads) with the latency in milliseconds of one inference, so the
caller can alternate the systems run by run. Every failure is raised as
SystemError with a short message for the table cell.

Kiln is timed the way users run it: kilnc compiles the ONNX file into a
static library (timed with GNU time: wall seconds and peak resident memory
of kilnc alone), the library is linked into runtime/tools/kiln_runner.c (the
program kiln-run builds), and each run_once starts that program, which loads
the weights, runs once to warm up and then once timed, and prints the time
of kiln_model_run alone. PyTorch is eager mode under inference_mode with
torch.set_num_threads; onnxruntime is its CPU execution provider with one
session per thread count (intra_op_num_threads), on the same ONNX file;
OpenVINO is its CPU plugin with one compiled model per thread count
(INFERENCE_NUM_THREADS, one stream, the latency hint, FP32 arithmetic), on
the same ONNX file and input.
"""
import os
import pathlib
import re
import shlex
import subprocess
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]


class SystemError(Exception):
    """A system failed on a model; the message goes into the table."""


def _tail(text, lines=3):
    """The error lines of a tool's output, else its last LINES lines."""
    all_lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    errors = [line for line in all_lines if "error" in line.lower()]
    return " / ".join(errors[:lines] or all_lines[-lines:])[:300]


class Kiln:
    """One Kiln variant: kilnc with extra FLAGS (e.g. --schedule=auto:...)."""

    error = None  # set when prepare() failed: the variant is not timed

    def __init__(self, build_dir, label, flags, timeout):
        self.build_dir = pathlib.Path(build_dir)
        self.label = label
        self.flags = list(flags)
        self.timeout = timeout
        self.runner = None
        self.peak_mib = None  # the runner's peak resident memory, from its runs

    def prepare(self, model_dir, work_dir):
        """Compiles model_dir/model.onnx into work_dir and links the runner;
        returns {'seconds', 'peak_mib'} of kilnc."""
        self.work = pathlib.Path(work_dir)
        self.work.mkdir(parents=True, exist_ok=True)
        self.runner = None
        model_dir = pathlib.Path(model_dir)
        lib_dir = self.work / "lib"
        times = self.work / "kilnc.time"
        command = ["/usr/bin/time", "-f", "%e %M", "-o", str(times),
                   str(self.build_dir / "bin" / "kilnc"), str(model_dir / "model.onnx"),
                   "-o", str(lib_dir)] + self.flags
        result = self._call(command, self.timeout, "kilnc")
        if result.returncode != 0:
            raise SystemError(f"kilnc failed: {_tail(result.stderr)}")
        seconds, kib = times.read_text().split()[-2:]
        headers = sorted(lib_dir.glob("*.h"))
        if len(headers) != 1:
            raise SystemError(f"kilnc wrote {len(headers)} headers into {lib_dir}")
        name = headers[0].stem
        self.weights = lib_dir / f"{name}.weights"

        # The link command of compiler/tools/kiln-run/RunnerBuild.cpp.
        runner = self.work / "kiln_runner"
        cc = shlex.split(os.environ.get("CC", "cc"))
        result = self._call(cc + [
            "-std=c11", "-O2", "-D_POSIX_C_SOURCE=200809L",
            f"-I{REPO / 'runtime' / 'include'}", "-include", str(headers[0]),
            f"-DKILN_MODEL_INFO={name}_info", str(REPO / "runtime" / "tools" / "kiln_runner.c"),
            str(lib_dir / f"{name}.a"), str(self.build_dir / "lib" / "libkiln_runtime.a"),
            "-lpthread", "-ldl", "-lm", "-o", str(runner)], 300, "cc")
        if result.returncode != 0:
            raise SystemError(f"linking the runner failed: {_tail(result.stderr)}")

        self.inputs = self.work / "inputs.bin"
        np.load(model_dir / "input_0.npy").astype("<f4").tofile(self.inputs)
        self.outputs = self.work / "outputs.bin"
        self.expected = np.load(model_dir / "expected_0.npy")
        self.runner = runner
        return {"seconds": float(seconds), "peak_mib": int(kib) / 1024.0,
                "weights_mib": self.weights.stat().st_size / 2**20}

    def run(self, threads, runs):
        """Starts the runner for RUNS timed runs after its warm-up; returns
        the finished process (stdout: the median latency, and the profile
        of a library built with a -profile target)."""
        if self.runner is None:
            raise SystemError("not compiled")
        # KILN_NUM_THREADS is the runtime's own setting; Halide's runtime
        # reads HL_NUM_THREADS, which covers runtimes without the former.
        env = dict(os.environ, KILN_NUM_THREADS=str(threads), HL_NUM_THREADS=str(threads))
        result = self._call([str(self.runner), "run", str(self.weights), str(self.inputs),
                             str(self.outputs), str(runs)], self.timeout, "the runner", env)
        if result.returncode != 0:
            raise SystemError(f"the runner failed: {_tail(result.stderr or result.stdout)}")
        return result

    def run_once(self, threads):
        result = self.run(threads, 1)
        latency = re.search(r"^median latency: ([0-9.]+) ms", result.stdout, re.M)
        peak = re.search(r"^peak memory: ([0-9.]+) MiB", result.stdout, re.M)
        if not latency:
            raise SystemError(f"the runner printed no latency: {_tail(result.stdout)}")
        if peak:
            self.peak_mib = max(self.peak_mib or 0.0, float(peak.group(1)))
        return float(latency.group(1))

    def max_difference(self):
        """max |Kiln - PyTorch| / max |PyTorch| over the output of the last run."""
        try:
            got = np.fromfile(self.outputs, dtype="<f4")
        except OSError:
            return float("nan")
        want = self.expected.astype(np.float32).ravel()
        if got.size != want.size:
            return float("nan")
        return float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-30))

    @staticmethod
    def _call(command, timeout, what, env=None):
        try:
            return subprocess.run(command, capture_output=True, text=True,
                                  timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise SystemError(f"{what} ran past {timeout:.0f} s") from None
        except OSError as error:
            raise SystemError(f"cannot start {what}: {error}") from None


class PyTorch:
    label = "PyTorch"
    error = None

    def __init__(self, module, inputs):
        import torch
        self.torch = torch
        self.module = module
        self.inputs = torch.from_numpy(inputs)

    def run_once(self, threads):
        torch = self.torch
        torch.set_num_threads(threads)
        try:
            with torch.inference_mode():
                start = time.perf_counter()
                self.module(self.inputs)
                return (time.perf_counter() - start) * 1e3
        except Exception as error:  # noqa: BLE001 - any failure goes into the table
            raise SystemError(f"PyTorch failed: {error}") from None


class OnnxRuntime:
    label = "onnxruntime"
    error = None

    def __init__(self, onnx_path, inputs):
        import onnxruntime
        self.ort = onnxruntime
        self.path = str(onnx_path)
        self.inputs = inputs
        self.sessions = {}

    @staticmethod
    def options(onnxruntime, threads):
        """The session options the benchmark times onnxruntime with."""
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Its workers spin within a run as usual but not for tens of ms
        # after it, on the cores the next system's run needs.
        options.add_session_config_entry("session.force_spinning_stop", "1")
        return options

    def _session(self, threads):
        if threads not in self.sessions:
            session = self.ort.InferenceSession(self.path, self.options(self.ort, threads),
                                                providers=["CPUExecutionProvider"])
            self.feed = {session.get_inputs()[0].name: self.inputs}
            session.run(None, self.feed)  # warm-up: first-run allocations
            self.sessions[threads] = session
        return self.sessions[threads]

    def run_once(self, threads):
        try:
            session = self._session(threads)
            start = time.perf_counter()
            session.run(None, self.feed)
            return (time.perf_counter() - start) * 1e3
        except Exception as error:  # noqa: BLE001 - any failure goes into the table
            raise SystemError(f"onnxruntime failed: {_tail(str(error), 1)}") from None


class OpenVino:
    label = "OpenVINO"
    error = None

    def __init__(self, onnx_path, inputs):
        import openvino
        self.core = openvino.Core()
        self.model = self.core.read_model(str(onnx_path))
        self.inputs = inputs
        self.compiled = {}  # threads: (compiled model, its infer request)

    def _request(self, threads):
        if threads not in self.compiled:
            # The latency hint with one stream: one inference at a time on
            # THREADS threads, the setting the other systems are timed in;
            # f32 keeps the CPU plugin from running in bf16 where the CPU
            # has it (AVX-512 BF16, AMX), which the others do not.
            compiled = self.core.compile_model(self.model, "CPU", {
                "PERFORMANCE_HINT": "LATENCY",
                "INFERENCE_PRECISION_HINT": "f32",
                "NUM_STREAMS": "1",
                "INFERENCE_NUM_THREADS": str(threads)})
            request = compiled.create_infer_request()
            request.infer({0: self.inputs})  # warm-up: first-run allocations
            self.compiled[threads] = compiled, request
        return self.compiled[threads][1]

    def run_once(self, threads):
        try:
            request = self._request(threads)
            start = time.perf_counter()
            request.infer({0: self.inputs})
            return (time.perf_counter() - start) * 1e3
        except Exception as error:  # noqa: BLE001 - any failure goes into the table
            raise SystemError(f"OpenVINO failed: {_tail(str(error), 1)}") from None
