"""kiln — compile a CNN with Kiln and run it on NumPy arrays.

    import kiln
    model = kiln.compile("model.onnx")        # kilnc, then a shared library
    scores = model(image)                     # NumPy in, NumPy out

For notebooks: no compiled extension. `compile` runs kilnc (any flag of
docs/kilnc.md goes in `flags`), links the static library it writes and
libkiln_runtime.a into a shared library with the system C compiler, and
loads it with ctypes; `load` does the last two for a library compiled
earlier. A model runs what the C API runs (kiln_model_run_typed), so its
results are the C path's.

Kiln's files are found next to this module in an installed prefix
(<prefix>/share/kiln/python/kiln), else through $KILN_PREFIX, else from
the kilnc on PATH; $CC names the C compiler (default cc).
"""
import ctypes
import os
import pathlib
import shutil
import subprocess
import tempfile

import numpy as np

from . import _native

__all__ = ["compile", "load", "Model", "KilnError"]


class KilnError(RuntimeError):
    """kilnc, the C compiler or the runtime refused: the message says why."""


def _prefix():
    """The installed Kiln this module belongs to, or the one found."""
    candidates = []
    if os.environ.get("KILN_PREFIX"):
        candidates.append(pathlib.Path(os.environ["KILN_PREFIX"]))
    candidates.append(pathlib.Path(__file__).resolve().parents[4])
    kilnc = shutil.which("kilnc")
    if kilnc:
        candidates.append(pathlib.Path(kilnc).resolve().parents[1])
    for prefix in candidates:
        if (prefix / "bin" / "kilnc").exists() and \
                (prefix / "lib" / "libkiln_runtime.a").exists():
            return prefix
    raise KilnError("cannot find Kiln: install it (cmake --install) and use "
                    "its share/kiln/python, or set KILN_PREFIX")


def _run(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise KilnError(f"{what} failed:\n{result.stderr.strip()}")
    return result


def compile(network, *, target="host", flags=(), workdir=None):
    """Compiles `network` (.json or .onnx) with kilnc and loads it.

    `target` is kilnc's --target (a shared library runs on this machine:
    host, or an x86-64 target it can run); `flags` more kilnc flags, e.g.
    ["--input-type=uint8", "--scale=1/255"]. The files go to `workdir`
    (default: a temporary directory kept while the model lives)."""
    prefix = _prefix()
    keep = None
    if workdir is None:
        keep = tempfile.TemporaryDirectory(prefix="kiln-")
        workdir = keep.name
    out = pathlib.Path(workdir)
    _run([str(prefix / "bin" / "kilnc"), str(network), "-o", str(out),
          f"--target={target}", "--quiet", *flags], "kilnc")
    headers = sorted(out.glob("*.h"))
    if len(headers) != 1:
        raise KilnError(f"kilnc wrote no single model into {out}")
    model = load(headers[0].with_suffix(".a"))
    model._keep = keep
    return model


def load(library, weights=None):
    """Loads a library kilnc wrote (<dir>/<name>.a, its header and, unless
    the weights are embedded, <name>.weights beside it; `weights` names
    another weights file)."""
    prefix = _prefix()
    library = pathlib.Path(library)
    name = library.stem
    header = library.with_suffix(".h")
    if not library.exists() or not header.exists():
        raise KilnError(f"{library} and its header {header} are needed")
    work = library.parent
    shim = work / f"{name}_python.c"
    # The header's tables are static inline: one exported function hands
    # them to ctypes.
    shim.write_text(f'#include "{header.name}"\n'
                    "const kiln_model_info *kiln_python_info(void) "
                    f"{{ return {name}_info(); }}\n")
    shared = work / f"{name}_python.so"
    _run([os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O2",
          f"-I{prefix / 'include'}", f"-I{work}", str(shim),
          "-Wl,--whole-archive", str(library),
          str(prefix / "lib" / "libkiln_runtime.a"), "-Wl,--no-whole-archive",
          "-lpthread", "-ldl", "-lm", "-o", str(shared)],
         "linking the model into a shared library")
    embedded = "_EMBEDDED_WEIGHTS 1" in header.read_text()
    weights = weights or library.with_suffix(".weights")
    return Model(shared, None if embedded and not pathlib.Path(weights).exists()
                 else weights, name if embedded else None)


class Model:
    """A loaded model: call it with one NumPy array per input."""

    def __init__(self, shared_library, weights, embedded_name=None):
        self._lib = ctypes.CDLL(str(shared_library))
        _native.declare(self._lib)
        self._info = self._lib.kiln_python_info().contents
        self._model = ctypes.c_void_p()
        if weights is not None:
            status = self._lib.kiln_model_load(
                self._info, str(weights).encode(), ctypes.byref(self._model))
        else:  # the weights in the library (kilnc --embed-weights)
            image = ctypes.c_char.in_dll(self._lib, f"{embedded_name}_weights")
            status = self._lib.kiln_model_load_from_memory(
                self._info, ctypes.addressof(image),
                self._info.weights_file_size, ctypes.byref(self._model))
        self._check(status)
        self.name = self._info.name.decode()
        self.inputs = [self._tensor(self._info.inputs[i])
                       for i in range(self._info.num_inputs)]
        self.outputs = [self._tensor(self._info.outputs[i])
                        for i in range(self._info.num_outputs)]

    @staticmethod
    def _tensor(info):
        dtype = np.uint8 if info.type == _native.KILN_UINT8 else np.float32
        return (info.name.decode(errors="replace"), info.dims(), dtype)

    def _check(self, status):
        if status != 0:
            raise KilnError(self._lib.kiln_last_error().decode(errors="replace"))

    def __call__(self, *arrays, threads=0):
        """Runs the model; one array per input, of its shape (converted to
        its type). Returns the output, or a tuple of them."""
        if len(arrays) != len(self.inputs):
            raise KilnError(f"model '{self.name}' takes {len(self.inputs)} "
                            f"input(s), {len(arrays)} given")
        inputs = []
        for array, (name, shape, dtype) in zip(arrays, self.inputs):
            array = np.ascontiguousarray(array, dtype=dtype)
            if array.shape != shape:
                raise KilnError(f"input '{name}' of model '{self.name}' has "
                                f"shape {shape}, got {array.shape}")
            inputs.append(array)
        outputs = [np.empty(shape, dtype=np.float32)
                   for _, shape, _ in self.outputs]
        self._check(self._lib.kiln_set_num_threads(threads))
        pointers = lambda arrays: (ctypes.c_void_p * len(arrays))(
            *[a.ctypes.data for a in arrays])
        counts = lambda arrays: (ctypes.c_size_t * len(arrays))(
            *[a.size for a in arrays])
        self._check(self._lib.kiln_model_run_typed(
            self._model, pointers(inputs), counts(inputs), pointers(outputs),
            counts(outputs)))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def __del__(self):
        if getattr(self, "_model", None) and self._model.value:
            self._lib.kiln_model_free(self._model)
            self._model = ctypes.c_void_p()
