"""Writes concat.onnx, whose Concat is internal to the pipeline
(sigmoid(a) ++ sigmoid(b) along the channels, then tanh), with inputs a.npy,
b.npy and NumPy's result expected.npy, into the directory given."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

out_dir = sys.argv[1]
a_shape, b_shape = [1, 48, 6, 6], [1, 40, 6, 6]
a = helper.make_tensor_value_info("a", TensorProto.FLOAT, a_shape)
b = helper.make_tensor_value_info("b", TensorProto.FLOAT, b_shape)
out = helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 88, 6, 6])
nodes = [
    helper.make_node("Sigmoid", ["a"], ["sa"], name="sig_a"),
    helper.make_node("Sigmoid", ["b"], ["sb"], name="sig_b"),
    helper.make_node("Concat", ["sa", "sb"], ["cat"], name="cat", axis=1),
    helper.make_node("Tanh", ["cat"], ["out"], name="tanh"),
]
graph = helper.make_graph(nodes, "concat", [a, b], [out])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.save(model, os.path.join(out_dir, "concat.onnx"))

rng = np.random.default_rng(7)
inputs = [rng.standard_normal(s).astype(np.float32) for s in (a_shape, b_shape)]
np.save(os.path.join(out_dir, "a.npy"), inputs[0])
np.save(os.path.join(out_dir, "b.npy"), inputs[1])
sigmoid = [1.0 / (1.0 + np.exp(-x.astype(np.float64))) for x in inputs]
expected = np.tanh(np.concatenate(sigmoid, axis=1)).astype(np.float32)
np.save(os.path.join(out_dir, "expected.npy"), expected)
