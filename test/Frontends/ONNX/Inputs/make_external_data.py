"""make_external_data.py — a small model whose weights live in external files.

usage: make_external_data.py OUTDIR
Writes OUTDIR/good.onnx (weights in OUTDIR/weights.bin, a relative path) and
three models whose external data paths must be refused: absolute.onnx (an
absolute path), parent.onnx ('../weights.bin') and symlink.onnx (a symbolic
link to weights.bin).
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnx.external_data_helper import set_external_data


def model_with_external(location, weights_path, outdir, name):
    w = numpy_helper.from_array(
        np.arange(12, dtype=np.float32).reshape(3, 4), "w")
    set_external_data(w, location=location)
    w.ClearField("raw_data")
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w"], ["y"], name="fc", transB=1)],
        "g",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 3])],
        [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(model.SerializeToString())


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    weights = os.path.join(outdir, "weights.bin")
    np.arange(12, dtype="<f4").tofile(weights)
    model_with_external("weights.bin", weights, outdir, "good.onnx")
    model_with_external(os.path.abspath(weights), weights, outdir,
                        "absolute.onnx")
    model_with_external("../weights.bin", weights, outdir, "parent.onnx")
    link = os.path.join(outdir, "link.bin")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink("weights.bin", link)
    model_with_external("link.bin", weights, outdir, "symlink.onnx")


if __name__ == "__main__":
    main()
