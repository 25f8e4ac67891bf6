"""Hostile ONNX models: the attributes ONNX's own shape inference computes
with, initializers whose dims lie, inputs without shapes, graphs that are
not graphs, control flow, and files that are not models."""
import onnx
from onnx import TensorProto as T
from onnx import helper as h

from case import Case

BIG = 2**63 - 1


def tensor(name, dims, values=None, data_type=T.FLOAT):
    """An initializer; without `values`, zeros of its size (or none at all
    where the size is absurd)."""
    t = onnx.TensorProto()
    t.name, t.data_type = name, data_type
    t.dims.extend(dims)
    if values is None:
        count = 1
        for d in dims:
            count *= d
        values = [0.0] * count if 0 <= count <= 4096 else []
    if data_type == T.FLOAT:
        t.float_data.extend(values)
    elif data_type == T.INT64:
        t.int64_data.extend(values)
    return t


def output(name, rank):
    """A graph output of `rank` open sizes: shape inference fills them."""
    return h.make_tensor_value_info(name, T.FLOAT, [f"{name}{d}" for d in range(rank)])


def model(nodes, inits=(), inputs=None, outputs=("y",), opset=13, ir_version=8, rank=4):
    if inputs is None:
        inputs = [h.make_tensor_value_info("x", T.FLOAT, [1, 3, 8, 8])]
    graph = h.make_graph(nodes, "g", inputs, [output(o, rank) for o in outputs],
                         list(inits))
    m = h.make_model(graph, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = ir_version
    return m


def conv_model(**attributes):
    """x -> Conv(W, B) named 'bad_conv' with `attributes` -> y."""
    return model([h.make_node("Conv", ["x", "W", "B"], ["y"], name="bad_conv", **attributes)],
                 [tensor("W", [4, 3, 3, 3]), tensor("B", [4])])


def node_model(op, attributes, inits=(), extra_inputs=(), outputs=("y",), opset=13, rank=4):
    """x -> `op` named 'bad_node' -> y."""
    node = h.make_node(op, ["x", *extra_inputs], list(outputs), name="bad_node", **attributes)
    return model([node], inits, outputs=outputs, opset=opset, rank=rank)


def onnx_case(name, m, names=("model.onnx",), extra_files=None):
    files = {"model.onnx": m.SerializeToString() if not isinstance(m, bytes) else m}
    files.update(extra_files or {})
    return Case("onnx/" + name, files, ["model.onnx"], list(names))


def node_case(name, m, node="bad_node"):
    """The message must name the node: in Kiln's words ("layer 'bad_node'")
    or in ONNX's ("node name: bad_node")."""
    return onnx_case(name, m, ("model.onnx", node))


def window_cases():
    for value in (0, -1, BIG, 2**31):
        yield node_case(f"Conv.strides={value}", conv_model(strides=[value, value]), "bad_conv")
        yield node_case(f"Conv.dilations={value}", conv_model(dilations=[value, value]), "bad_conv")
        yield node_case(f"Conv.kernel_shape={value}", conv_model(kernel_shape=[value, value]),
                        "bad_conv")
        for op in ("MaxPool", "AveragePool"):
            yield node_case(f"{op}.strides={value}",
                            node_model(op, {"kernel_shape": [2, 2], "strides": [value, value]}))
            yield node_case(f"{op}.kernel_shape={value}",
                            node_model(op, {"kernel_shape": [value, value]}))
    for value in (-1, 2**40, BIG):
        yield node_case(f"Conv.pads={value}", conv_model(pads=[value] * 4), "bad_conv")
        yield node_case(f"MaxPool.pads={value}",
                        node_model("MaxPool", {"kernel_shape": [2, 2], "pads": [value] * 4}))
    for value in (0, -1, 3, BIG):
        yield node_case(f"Conv.group={value}", conv_model(group=value), "bad_conv")
    yield node_case("Conv.dilations=2^62", conv_model(dilations=[2**62, 2**62]), "bad_conv")
    yield node_case("Conv.pads=count", conv_model(pads=[1, 1]), "bad_conv")
    yield node_case("Conv.kernel_shape=mismatch", conv_model(kernel_shape=[5, 5]), "bad_conv")
    yield node_case("Conv.auto_pad=bogus", conv_model(auto_pad="BOGUS"), "bad_conv")
    yield node_case("Conv.strides=0+SAME", conv_model(auto_pad="SAME_UPPER", strides=[0, 0]),
                    "bad_conv")
    yield node_case("AveragePool.strides=0+SAME",
                    node_model("AveragePool", {"kernel_shape": [2, 2], "strides": [0, 0],
                                               "auto_pad": "SAME_UPPER"}))
    yield node_case("MaxPool.kernel_shape=missing", node_model("MaxPool", {}))
    yield node_case("MaxPool.pads>=kernel",
                    node_model("MaxPool", {"kernel_shape": [2, 2], "pads": [2, 2, 2, 2]}))
    yield node_case("MaxPool.dilations=0",
                    node_model("MaxPool", {"kernel_shape": [2, 2], "dilations": [0, 0]}))
    yield node_case("MaxPool.too-large",
                    node_model("MaxPool", {"kernel_shape": [9, 9]}))
    yield node_case("LRN.size=0", node_model("LRN", {"size": 0}))
    yield node_case("LRN.size=-1", node_model("LRN", {"size": -1}))
    yield node_case("LRN.size=huge", node_model("LRN", {"size": BIG}))


def other_node_cases():
    ints = lambda name, values: tensor(name, [len(values)], values, T.INT64)  # noqa: E731
    yield node_case("Flatten.axis=9", node_model("Flatten", {"axis": 9}, rank=2))
    yield node_case("Flatten.axis=huge", node_model("Flatten", {"axis": BIG}, rank=2))
    yield node_case("Softmax.axis=9", node_model("Softmax", {"axis": 9}))
    yield node_case("Softmax.axis=-huge", node_model("Softmax", {"axis": -BIG}))
    yield node_case("Concat.axis=9", node_model("Concat", {"axis": 9}, extra_inputs=["x"]))
    yield node_case("Concat.axis=missing", node_model("Concat", {}, extra_inputs=["x"]))
    yield node_case("Transpose.perm=repeat", node_model("Transpose", {"perm": [0, 0, 1, 2]}))
    yield node_case("Transpose.perm=9", node_model("Transpose", {"perm": [9, 0, 1, 2]}))
    yield node_case("Transpose.perm=huge", node_model("Transpose", {"perm": [BIG, 0, 1, 2]}))
    yield node_case("Reshape.huge", node_model("Reshape", {}, [ints("S", [2**62, 2**62])], ["S"], rank=2))
    yield node_case("Reshape.wraps", node_model("Reshape", {}, [ints("S", [2**32, 2**32, 192])],
                                                ["S"], rank=3))
    yield node_case("Reshape.two-minus-ones",
                    node_model("Reshape", {}, [ints("S", [-1, -1])], ["S"], rank=2))
    yield node_case("Reshape.count", node_model("Reshape", {}, [ints("S", [7])], ["S"], rank=1))
    yield node_case("Squeeze.axes=9", node_model("Squeeze", {}, [ints("A", [9])], ["A"], rank=3))
    yield node_case("Squeeze.not-one", node_model("Squeeze", {}, [ints("A", [1])], ["A"], rank=3))
    yield node_case("Unsqueeze.axes=9", node_model("Unsqueeze", {}, [ints("A", [9])], ["A"], rank=5))
    yield node_case("Slice.steps=0",
                    node_model("Slice", {}, [ints("s", [0]), ints("e", [4]), ints("a", [2]),
                                             ints("t", [0])], ["s", "e", "a", "t"]))
    yield node_case("Slice.axes=9",
                    node_model("Slice", {}, [ints("s", [0]), ints("e", [4]), ints("a", [9])],
                               ["s", "e", "a"]))
    yield node_case("Slice.empty",
                    node_model("Slice", {}, [ints("s", [5]), ints("e", [2]), ints("a", [2])],
                               ["s", "e", "a"]))
    yield node_case("Split.sizes", node_model("Split", {"axis": 1}, [ints("S", [2, 2])], ["S"],
                                              outputs=("y", "z")))
    yield node_case("Pad.huge", node_model("Pad", {}, [ints("P", [2**62] * 8)], ["P"]))
    yield node_case("Pad.size-limit",
                    node_model("Pad", {}, [ints("P", [0, 0, 2**20, 2**20, 0, 0, 2**20, 2**20])],
                               ["P"]))
    yield node_case("Pad.count", node_model("Pad", {}, [ints("P", [1, 1])], ["P"]))
    yield node_case("Pad.mode=bogus",
                    node_model("Pad", {"mode": "bogus"}, [ints("P", [0] * 8)], ["P"]))
    yield node_case("ReduceMean.axes=9", node_model("ReduceMean", {"axes": [9]}))
    yield node_case("Gemm.mismatch",
                    model([h.make_node("Flatten", ["x"], ["f"], name="flat"),
                           h.make_node("Gemm", ["f", "G"], ["y"], name="bad_node")],
                          [tensor("G", [100, 4])], rank=2))
    yield node_case("Gemm.rank3",
                    node_model("Gemm", {}, [tensor("G", [8, 4])], ["G"], rank=2))
    yield node_case("MatMul.mismatch", node_model("MatMul", {}, [tensor("M", [5, 4])], ["M"]))
    yield node_case("BatchNormalization.param-shapes",
                    node_model("BatchNormalization", {}, [tensor("p", [5])],
                               ["p", "p", "p", "p"]))
    yield node_case("Add.mismatch", node_model("Add", {}, [tensor("A", [5, 5])], ["A"]))
    yield node_case("Conv.weight-rank", model(
        [h.make_node("Conv", ["x", "W"], ["y"], name="bad_conv")], [tensor("W", [4, 3, 3])]), "bad_conv")
    yield node_case("Conv.weight-channels", model(
        [h.make_node("Conv", ["x", "W"], ["y"], name="bad_conv")], [tensor("W", [4, 5, 3, 3])]),
        "bad_conv")
    # Found by fuzz/run.sh: ONNX's Conv shape inference indexed a 3-D
    # input's shape with a 4-D weight's kernel.
    yield node_case("Conv.input-rank-3", model(
        [h.make_node("Conv", ["x", "W"], ["y"], name="bad_conv")], [tensor("W", [4, 3, 3, 3])],
        inputs=[h.make_tensor_value_info("x", T.FLOAT, [1, 3, 8])], rank=3), "bad_conv")
    yield node_case("Conv.weight-rank-2", model(
        [h.make_node("Conv", ["x", "W"], ["y"], name="bad_conv")], [tensor("W", [4, 3])]),
        "bad_conv")
    yield node_case("Conv.computed-weight-no-kernel_shape", model(
        [h.make_node("Relu", ["V"], ["W"], name="r"),
         h.make_node("Conv", ["x", "W"], ["y"], name="bad_conv")], [tensor("V", [4, 3, 3, 3])]),
        "bad_conv")
    yield node_case("Conv.missing-weight", model(
        [h.make_node("Conv", ["x"], ["y"], name="bad_conv")]), "bad_conv")
    yield node_case("Clip.runtime-bound", model(
        [h.make_node("Relu", ["x"], ["r"], name="r"),
         h.make_node("ReduceMax", ["r"], ["m"], name="m", keepdims=0),
         h.make_node("Clip", ["x", "", "m"], ["y"], name="bad_node")]))
    yield node_case("Dropout.ratio=2", node_model(
        "Dropout", {}, [tensor("r", [], [2.0])], ["r"]))


def tensor_cases():
    def conv_with(weight, name):
        return onnx_case(name, model([h.make_node("Conv", ["x", "W"], ["y"], name="conv")],
                                     [weight]))

    yield conv_with(tensor("W", [2**32, 2**32, 1, 1, 1]), "init.dims-wrap-to-zero")
    yield conv_with(tensor("W", [4, 2**62]), "init.dims-huge")
    yield conv_with(tensor("W", [-1, 3, 3, 3]), "init.dims-negative")
    yield conv_with(tensor("W", [0, 2**62]), "init.dims-zero-and-huge")
    short = tensor("W", [4, 3, 3, 3], [0.0] * 10)
    yield conv_with(short, "init.float_data-short")
    raw = tensor("W", [4, 3, 3, 3], [])
    raw.raw_data = b"\0" * 17
    yield conv_with(raw, "init.raw_data-odd")
    for data_type in (0, T.STRING, T.COMPLEX64, 999):
        t = tensor("W", [4, 3, 3, 3], [])
        t.data_type = data_type
        yield conv_with(t, f"init.data_type={data_type}")
    as_int = tensor("W", [4, 3, 3, 3], [1] * 108, T.INT64)
    yield conv_with(as_int, "init.int64-weight")

    def external(location, offset=None, length=None, files=None, label=""):
        t = tensor("W", [4, 3, 3, 3], [])
        t.data_location = T.EXTERNAL
        for key, value in (("location", location), ("offset", offset), ("length", length)):
            if value is not None:
                entry = t.external_data.add()
                entry.key, entry.value = key, str(value)
        m = model([h.make_node("Conv", ["x", "W"], ["y"], name="conv")], [t])
        return onnx_case("init.external-" + label, m, extra_files=files)

    yield external("missing.bin", label="missing-file")
    yield external("../../../etc/passwd", label="escapes")
    yield external("/etc/passwd", label="absolute")
    yield external("w.bin", offset=4096, files={"w.bin": b"\0" * 432}, label="offset-past-end")
    yield external("w.bin", length=100000, files={"w.bin": b"\0" * 432}, label="length-past-end")
    yield external("w.bin", offset=-8, files={"w.bin": b"\0" * 432}, label="offset-negative")
    yield external("w.bin", files={"w.bin": b"\0" * 100}, label="short-file")
    yield external("", label="empty-location")


def graph_cases():
    def with_input(value_info, label, rank=4):
        return onnx_case(label, model([h.make_node("Relu", ["x"], ["y"], name="r")],
                                      inputs=[value_info], rank=rank), ("model.onnx", "'x'"))

    no_shape = onnx.ValueInfoProto()
    no_shape.name = "x"
    no_shape.type.tensor_type.elem_type = T.FLOAT
    yield with_input(no_shape, "input.no-shape")
    no_type = onnx.ValueInfoProto()
    no_type.name = "x"
    yield with_input(no_type, "input.no-type")
    yield with_input(h.make_tensor_value_info("x", T.INT64, [1, 3]), "input.int64", 2)
    yield with_input(h.make_tensor_value_info("x", 999, [1, 3]), "input.type=999", 2)
    yield with_input(h.make_tensor_value_info("x", T.FLOAT, [1, 2**62, 2**62]), "input.huge", 3)
    yield with_input(h.make_tensor_value_info("x", T.FLOAT, [1, "c", 8]), "input.open-channel",
                     3)
    no_output_shape = model([h.make_node("Relu", ["x"], ["y"], name="r")])
    no_output_shape.graph.output[0].type.tensor_type.ClearField("shape")
    yield onnx_case("output.no-shape", no_output_shape, ("model.onnx", "'y'"))
    relu = lambda i, o, n: h.make_node("Relu", [i], [o], name=n)  # noqa: E731
    yield onnx_case("graph.no-nodes", model([]))
    yield onnx_case("graph.output-unproduced", model([relu("x", "z", "r")]))
    yield onnx_case("graph.undefined-input", model([relu("nowhere", "y", "r")]))
    yield onnx_case("graph.cycle", model([relu("b", "a", "r1"), relu("a", "b", "r2"),
                                          relu("b", "y", "r3")]))
    yield onnx_case("graph.duplicate-output", model([relu("x", "y", "r1"), relu("x", "y", "r2")]))
    yield onnx_case("graph.unknown-op",
                    model([h.make_node("Sin", ["x"], ["y"], name="sine")]),
                    ("model.onnx", "sine"))
    yield onnx_case("graph.op-empty", model([h.make_node("", ["x"], ["y"], name="blank")]))
    yield onnx_case("graph.custom-domain",
                    model([h.make_node("Relu", ["x"], ["y"], name="mine", domain="com.evil")]),
                    ("model.onnx", "mine"))
    for op in ("DepthToSpace", "LpPool", "GatherND"):
        yield onnx_case(f"graph.unimported-op-{op}",
                        model([h.make_node(op, ["x"], ["y"], name="n", blocksize=0)]),
                        ("model.onnx", "n"))
    branch = h.make_graph([h.make_node("Conv", ["x", "W"], ["y"], strides=[0, 0])], "b", [],
                          [h.make_tensor_value_info("y", T.FLOAT, None)])
    cond = tensor("c", [], [1], T.INT64)
    cond.data_type = T.BOOL
    yield onnx_case("graph.if-subgraph",
                    model([h.make_node("If", ["c"], ["y"], name="branch",
                                       then_branch=branch, else_branch=branch)],
                          [cond, tensor("W", [4, 3, 3, 3])]), ("model.onnx", "branch"))
    yield onnx_case("graph.relu-with-subgraph-attribute",
                    model([h.make_node("Relu", ["x"], ["y"], name="odd", body=branch)]),
                    ("model.onnx", "odd"))
    yield onnx_case("node.name=newline",
                    model([h.make_node("Conv", ["x", "W"], ["y"], name="c\nd", strides=[0, 0])],
                          [tensor("W", [4, 3, 3, 3])]), ("model.onnx", "c\\0Ad"))
    yield onnx_case("opset=0", model([relu("x", "y", "r")], opset=0))
    yield onnx_case("opset=99", model([relu("x", "y", "r")], opset=99))
    no_default = model([relu("x", "y", "r")])
    del no_default.opset_import[:]
    no_default.opset_import.extend([h.make_opsetid("com.other", 1)])
    yield onnx_case("opset=none-default", no_default)
    yield onnx_case("ir_version=0", model([relu("x", "y", "r")], ir_version=0))
    yield onnx_case("ir_version=99", model([relu("x", "y", "r")], ir_version=99))


def file_cases():
    whole = model([h.make_node("Conv", ["x", "W"], ["y"], name="conv")],
                  [tensor("W", [4, 3, 3, 3])]).SerializeToString()
    yield onnx_case("file=empty", b"")
    yield onnx_case("file=garbage", bytes((i * 131 + 7) % 256 for i in range(2048)))
    yield onnx_case("file=json", b'{"name": "net"}')
    yield onnx_case("file=tensor-proto", tensor("W", [4]).SerializeToString())
    yield onnx_case("file=huge-length-prefix", b"\x3a\xff\xff\xff\xff\x0f" + whole[:50])
    for fraction in (0.02, 0.1, 0.3, 0.5, 0.7, 0.9):
        cut = int(len(whole) * fraction)
        yield onnx_case(f"file=truncated-{int(fraction * 100)}%", whole[:cut])
    yield onnx_case("file=truncated-last-byte", whole[:-1])


def cases():
    yield from window_cases()
    yield from other_node_cases()
    yield from tensor_cases()
    yield from graph_cases()
    yield from file_cases()
