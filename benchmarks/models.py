"""models.py — the benchmark's models: ONNX files, PyTorch modules, FLOPs.

The models are the network-family tests' own (test/families/Inputs): the
torchvision architectures (LeNet-5 from the x86 end-to-end test) with seeded
random weights, exported to ONNX by make_reference.py at a fixed batch size.
PyTorch runs the module build_model() returns for the same seed, so all three
systems compute the same network with the same weights. The FLOPs of a model
are counted on the ONNX graph all three systems run: 2 x the multiply-adds of
its Conv, Gemm and MatMul nodes (what "GFLOP/s" means for CNNs; pooling,
activations and additions are left out).
"""
import pathlib
import subprocess
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
FAMILIES_INPUTS = REPO / "test" / "families" / "Inputs"

sys.dont_write_bytecode = True  # the test helpers must not write into the source tree
sys.path.insert(0, str(FAMILIES_INPUTS))
import families_models  # noqa: E402

# The classic CNNs of the speed goal (issue 14), in the order the table lists them.
DEFAULT_MODELS = ["lenet5", "alexnet", "vgg16", "googlenet", "resnet18", "resnet50",
                  "mobilenet_v2"]
KNOWN_MODELS = families_models.MODELS


def export(name, batch, directory):
    """Writes model.onnx, input_0.npy and expected_0.npy (PyTorch's output)
    for NAME at BATCH into DIRECTORY, unless they are there already."""
    directory = pathlib.Path(directory)
    files = [directory / f for f in ("model.onnx", "input_0.npy", "expected_0.npy")]
    if all(f.exists() for f in files):
        return directory
    subprocess.run([sys.executable, str(FAMILIES_INPUTS / "make_reference.py"),
                    "--model", name, "--batch", str(batch), "--out", str(directory)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # The Kiln JSON form's weights, which the benchmark does not use (VGG-16's
    # are 528 MiB per batch size).
    (directory / "weights.bin").unlink(missing_ok=True)
    return directory


def torch_model(name):
    """The PyTorch module make_reference.py exported, in eval mode."""
    return families_models.build_model(name, seed=0)


def load_input(directory):
    return np.load(pathlib.Path(directory) / "input_0.npy")


def count_flops(onnx_path):
    """2 x the multiply-adds of the Conv, Gemm and MatMul nodes of the model,
    with the shapes from ONNX shape inference."""
    flops = sum(node_flops(onnx_path))
    if flops == 0:
        raise ValueError(f"{onnx_path}: no Conv, Gemm or MatMul")
    return flops


def node_flops(onnx_path):
    """The FLOPs of each node of the model's graph, in graph order: 2 x the
    multiply-adds of a Conv, Gemm or MatMul node, 0 for any other."""
    import onnx
    model = onnx.shape_inference.infer_shapes(onnx.load(str(onnx_path)))
    graph = model.graph
    shapes = {}
    for value in list(graph.input) + list(graph.value_info) + list(graph.output):
        dims = value.type.tensor_type.shape.dim
        shapes[value.name] = [d.dim_value for d in dims]
    for init in graph.initializer:
        shapes[init.name] = list(init.dims)

    def shape(name):
        dims = shapes.get(name)
        if not dims or 0 in dims:
            raise ValueError(f"{onnx_path}: shape inference left '{name}' unknown")
        return dims

    def attribute(node, name, default):
        for attr in node.attribute:
            if attr.name == name:
                return onnx.helper.get_attribute_value(attr)
        return default

    flops = []
    for node in graph.node:
        macs = 0
        if node.op_type == "Conv":
            weight = shape(node.input[1])         # Cout x Cin/groups x kh x kw
            out = shape(node.output[0])           # N x Cout x Hout x Wout
            macs = int(np.prod(out)) * int(np.prod(weight[1:]))
        elif node.op_type == "Gemm":
            a = shape(node.input[0])
            k = a[0] if attribute(node, "transA", 0) else a[1]
            macs = int(np.prod(shape(node.output[0]))) * k
        elif node.op_type == "MatMul":
            macs = int(np.prod(shape(node.output[0]))) * shape(node.input[0])[-1]
        flops.append(2 * macs)
    return flops
