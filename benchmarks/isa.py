"""isa.py — run.py's and layers.py's --isa: every system held to AVX2.

On an AVX-512 CPU, `--isa=avx2` benchmarks what an AVX2 machine would run:
Kiln compiles for x86-64-linux-avx2-fma, blocked for this machine's caches
(--cache-sizes=host, as a host compile on an AVX2 machine with them), and
the script re-executes itself with hide_avx512.so preloaded (hide_avx512.c,
built by run.sh and layers.sh), which hides AVX-512 from
CPUID, so that onnxruntime, OpenVINO and PyTorch pick their AVX2 kernels
too. onnxruntime has no setting of its own for that. The caches and the
core stay the AVX-512 CPU's: this compares AVX2 code with AVX2 code, not
with an AVX2 machine.
"""
import os
import pathlib
import shlex
import sys

ISAS = ["native", "avx2"]
AVX2_TARGET = "x86-64-linux-avx2-fma"
PRELOAD_NAME = "hide_avx512.so"
# Set in the re-executed process, so that it does not re-execute again.
MARKER = "KILN_BENCH_AVX512_HIDDEN"
PRELOAD_BEFORE = "KILN_BENCH_LD_PRELOAD_BEFORE"


def add_argument(parser):
    parser.add_argument("--isa", choices=ISAS, default="native",
                        help="native: every system uses what this CPU has; avx2: Kiln "
                             f"compiles for {AVX2_TARGET} and AVX-512 is hidden from the "
                             "other systems (benchmarks/hide_avx512.c), on an AVX-512 CPU")


def has_avx512():
    try:
        return "avx512f" in pathlib.Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False


def apply(args, parser, work, kiln_flags):
    """Returns the kilnc flags to compile with: KILN_FLAGS (the user's, a
    string), after the AVX2 target where --isa=avx2 and they name no target
    of their own, and then the host's caches unless they name caches. For
    --isa=avx2, first re-executes this script with AVX-512 hidden (once).
    WORK holds hide_avx512.so."""
    user_flags = shlex.split(kiln_flags)
    if args.isa == "native" or not has_avx512():
        return user_flags  # an AVX2 CPU already is one
    if os.environ.get(MARKER) == "1":
        # Loaded here already; Kiln's kilnc and runner, which this process
        # starts, must not inherit it: LLVM's crash handler takes SIGSEGV.
        before = os.environ.pop(PRELOAD_BEFORE, "")
        if before:
            os.environ["LD_PRELOAD"] = before
        else:
            os.environ.pop("LD_PRELOAD", None)
    else:
        preload = pathlib.Path(work) / PRELOAD_NAME
        if not preload.is_file():
            parser.error(f"--isa=avx2 needs {preload}: run through run.sh or layers.sh, "
                         "which build it from benchmarks/hide_avx512.c")
        env = dict(os.environ, **{MARKER: "1", PRELOAD_BEFORE: os.environ.get("LD_PRELOAD", "")})
        env["LD_PRELOAD"] = " ".join(filter(None, [str(preload.resolve()),
                                                   env.get("LD_PRELOAD", "")]))
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    if any(flag.startswith("--target") for flag in user_flags):
        return user_flags
    held = [f"--target={AVX2_TARGET}"]
    if not any(flag.startswith("--cache-sizes") for flag in user_flags):
        held.append("--cache-sizes=host")
    return held + user_flags


def label(args):
    """The ISA the other systems ran, for the report's header; '' for native."""
    return "AVX2 (AVX-512 hidden)" if args.isa == "avx2" and has_avx512() else ""
