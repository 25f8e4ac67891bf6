"""python_module.py — the installed kiln Python module against the C path.

    PYTHONPATH=PREFIX/share/kiln/python python python_module.py NETWORK \
        INPUT.npy EXPECTED.npy WORKDIR

compiles NETWORK with kiln.compile (into WORKDIR, and again with its weights
embedded), runs it on INPUT and compares with EXPECTED, what kiln-run (the
C runtime through kiln_runner.c) wrote for the same network and input; then
loads the compiled library with kiln.load and checks the errors a notebook
user meets (wrong shape, wrong input count).
"""
import pathlib
import sys

import numpy as np

import kiln

network, input_path, expected_path, workdir = sys.argv[1:5]
x = np.load(input_path)
expected = np.load(expected_path)

model = kiln.compile(network, workdir=pathlib.Path(workdir) / "file")
print("model", model.name, "inputs", model.inputs[0][1], "outputs",
      model.outputs[0][1])
for threads in (1, 2):
    y = model(x, threads=threads)
    print(f"threads {threads}: max abs diff {np.abs(y - expected).max():.3g}",
          "same" if np.allclose(y, expected, rtol=1e-5, atol=1e-7) else "DIFFERENT")

embedded = kiln.compile(network, flags=["--embed-weights"],
                        workdir=pathlib.Path(workdir) / "embedded")
y = embedded(x)
print("embedded:", "same" if np.allclose(y, expected, rtol=1e-5, atol=1e-7)
      else "DIFFERENT")

again = kiln.load(pathlib.Path(workdir) / "file" / f"{model.name}.a")
print("loaded:", "same" if np.array_equal(again(x), model(x)) else "DIFFERENT")

for bad in (lambda: model(x[..., :-1]), lambda: model(x, x)):
    try:
        bad()
        print("error: none")
    except kiln.KilnError as error:
        print("error:", error)
