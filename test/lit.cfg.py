# lit configuration of the Kiln test suite.
import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "Kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".json", ".test", ".onnxtext"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR"])
# Halide's runtime is compiled once per target for the whole suite, not
# once per compile (compiler/codegen/HalideRuntimeObject.h): it is most of
# a small model's compile, and the suite compiles well over a thousand.
config.environment["KILN_CACHE_DIR"] = os.path.join(config.kiln_obj_root,
                                                    "kiln-cache")
# Disk: CI has run out of it (ENOSPC), and the family tests export
# models of up to 575 MB (VGG-19) and compile them into weights files as
# big. A test whose outputs pass ~20 MB ends with "RUN: rm -rf %t" once it
# has passed (a failing one keeps them): a clean clone's suite left 8.3 GB
# behind before, 0.2 GB now, and peaks at about 3.2 GB (VGG-sized tests
# on both workers, kiln-run's temporaries included).
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

config.substitutions.append(("%kiln_src", config.kiln_src_root))
config.substitutions.append(("%python", config.python_with_torch))
config.substitutions.append(("%kiln_bin", config.kiln_tools_dir))
config.substitutions.append(("%kiln_obj", config.kiln_obj_root))
config.substitutions.append(("%onnx_testdata", config.onnx_testdata))

# A build under AddressSanitizer and UBSan (scripts/sanitize.sh): its
# runtime library is instrumented too, so C programs linked with it are
# compiled with the same flags; tests that cannot run so (ulimit -v and
# ASan's shadow memory) say UNSUPPORTED: sanitizers.
sanitizer_flags = ""
if getattr(config, "kiln_sanitize", False):
    config.available_features.add("sanitizers")
    sanitizer_flags = " -fsanitize=address,undefined -fno-sanitize-recover=undefined"
    # Halide's and LLVM's libraries are not instrumented; leaks at exit
    # of the tools are not what this build looks for.
    # A report exits with status 86, never the 1 of an ordinary error.
    config.environment["ASAN_OPTIONS"] = ("detect_leaks=0:allow_user_poisoning=0:"
                                          "detect_container_overflow=0:exitcode=86")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:exitcode=86"
    # The bad-input corpus's runtime harness (test/bad-input).
    config.substitutions.append(("%corpus-cflags", "--cflags='%s'" % sanitizer_flags.strip()))
else:
    config.substitutions.append(("%corpus-cflags", ""))
# Compiles and links a C program against a Kiln model library and the runtime:
# %cc-model <sources and model .a> -o <program>
config.substitutions.append(
    ("%cc-model",
     "%s -std=c11 -O2 -Wall -Werror -I%s%s" % (config.c_compiler,
                                                config.kiln_runtime_include,
                                                sanitizer_flags)))
config.substitutions.append(
    ("%kiln-runtime-libs", "%s -lpthread -ldl -lm%s" % (config.kiln_runtime_lib,
                                                         sanitizer_flags)))
# The parts of those for a script that compiles C itself (test/bad-input).
config.substitutions.append(("%c-compiler", config.c_compiler))
config.substitutions.append(("%kiln-runtime-include", config.kiln_runtime_include))
config.substitutions.append(("%kiln-runtime-archive", config.kiln_runtime_lib))

tools = ["kiln-opt", "kilnc", "kiln-run"]
llvm_config.add_tool_substitutions(tools, [config.kiln_tools_dir])

# ARM targets: kiln-run cross-compiles their runners and runs them under
# qemu-user. A feature per target whose runtime was built (the cross
# compiler is installed, cmake/CrossRuntimes.cmake) and whose qemu is on
# PATH; the tests that need one are skipped without it.
for triple, qemu, feature in [("aarch64-linux-gnu", "qemu-aarch64", "arm64-qemu"),
                              ("arm-linux-gnueabihf", "qemu-arm", "arm32-qemu")]:
    runtime = os.path.join(config.kiln_cross_root, triple, "lib",
                           "libkiln_runtime.a")
    if os.path.exists(runtime) and shutil.which(qemu):
        config.available_features.add(feature)
        # %runtime-<triple>: that runtime, for tests that link by hand.
        config.substitutions.append(("%%runtime-%s" % triple, runtime))

# Keras: the environment scripts/keras-env.sh makes (TensorFlow, Keras,
# tf2onnx from PyPI; scripts/test.sh creates it) for the tests that export
# keras.applications networks at test time.
keras_python = os.path.join(config.kiln_obj_root, "keras-venv", "bin", "python")
if os.path.exists(keras_python):
    config.available_features.add("keras")
    config.substitutions.append(("%keras_python", keras_python))

# CUDA: the PTX checks need ptxas (the CUDA toolkit; /usr/local/cuda when
# it is not on PATH); running on a GPU needs one with its driver, which
# nvidia-smi reports.
ptxas = shutil.which("ptxas") or shutil.which("ptxas", path="/usr/local/cuda/bin")
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
nvidia_smi = shutil.which("nvidia-smi")
if nvidia_smi and subprocess.run([nvidia_smi, "-L"], capture_output=True).returncode == 0:
    config.available_features.add("cuda-gpu")

# Tests that look inside Halide's runtime (multi-target dispatch) include
# HalideRuntime.h.
config.substitutions.append(("%halide-include", "-I" + config.halide_include))


def best_x86_isa():
    """The first of avx512, avx2 that this CPU has, as Halide 14's runtime
    check decides it (both need AVX, F16C and RDRAND; avx512 needs AVX-512 F
    and CD), else none."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                          if line.startswith("flags")), [])
    except OSError:
        flags = []
    if not {"avx", "f16c", "rdrand"} <= set(flags):
        return "none"
    if "avx512f" in flags and "avx512cd" in flags:
        return "avx512"
    return "avx2" if "avx2" in flags else "none"


# %host-isa picks FileCheck prefixes in tests of multi-target libraries.
config.substitutions.append(("%host-isa", best_x86_isa()))
