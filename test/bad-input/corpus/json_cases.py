"""Hostile JSON networks: every field of every layer type at values it must
refuse, broken network objects, names no C file can hold, and files cut
at their structure boundaries."""
import copy
import json

from case import Case, text

# One network every layer case starts from: an image through a conv, a
# pool and a dense layer.
BASE = {
    "name": "net",
    "inputs": [{"name": "x", "shape": [1, 3, 8, 8]}],
    "weights": {"random_seed": 1},
    "layers": [
        {"name": "conv", "type": "conv2d", "out_channels": 4, "kernel": 3, "padding": 1},
        {"name": "act", "type": "relu"},
        {"name": "pool", "type": "max_pool2d", "kernel": 2},
        {"name": "flat", "type": "flatten"},
        {"name": "fc", "type": "dense", "units": 10},
    ],
}

BIG = [2**31, 2**63 - 1]
WRONG_TYPES = ["3", None, True, [], {}, 1.5]

# Values each field must refuse, by layer type: the layer replaces the
# base network's layer of the same role (conv, pool or fc).
FIELDS = {
    "conv2d": {
        "out_channels": [0, -1, *BIG, *WRONG_TYPES],
        "kernel": [0, -1, *BIG, [3], [3, 3, 3], [0, 3], 100, "3", None],
        "stride": [0, -1, -(2**63), [1], [1, 1, 1], "1", None],
        "padding": [-1, [1, 1, 1], [-1, 0, 0, 0], 2**40, 2**63 - 1, "1"],
        "dilation": [0, -1, 2**62, 2**31, [1, 1, 1], "1"],
        "groups": [0, -1, 5, 2**63 - 1, "1", 1.5],
        "bias": ["yes", 1, None],
    },
    "max_pool2d": {
        "kernel": [0, -1, 100, 2**63 - 1, "2", None],
        "stride": [0, -1, 2**63 - 1, "2"],
        "padding": [-1, 2, [1, 1, 1], 2**63 - 1],
        "dilation": [0, 2**62, -3],
        "ceil_mode": ["x", None],
    },
    "avg_pool2d": {
        "kernel": [0, -1, 100, "2"],
        "stride": [0, -7],
        "padding": [-1, 5, 2**40],
        "count_include_pad": ["x", 3.5],
        "dilation": [2],
    },
    "dense": {
        "units": [0, -1, *BIG, "10", None, 1.5],
        "bias": ["x"],
    },
}

# Layers placed after the base network's "act" (a 1x4x8x8 tensor), each
# with one field or more it must refuse.
EXTRA_LAYERS = {
    "batch_norm.epsilon=str": {"type": "batch_norm", "epsilon": "x"},
    "batch_norm.epsilon=null": {"type": "batch_norm", "epsilon": None},
    "lrn.size=0": {"type": "lrn", "size": 0},
    "lrn.size=-1": {"type": "lrn", "size": -1},
    "lrn.size=2^63-1": {"type": "lrn", "size": 2**63 - 1},
    "lrn.size=missing": {"type": "lrn"},
    "lrn.alpha=str": {"type": "lrn", "size": 3, "alpha": "x"},
    "leaky_relu.alpha=str": {"type": "leaky_relu", "alpha": "x"},
    "clip.min>max": {"type": "clip", "min": 6, "max": 0},
    "clip.max=missing": {"type": "clip", "min": 0},
    "clip.min=str": {"type": "clip", "min": "0", "max": 6},
    "dropout.rate=1": {"type": "dropout", "rate": 1},
    "dropout.rate=-0.5": {"type": "dropout", "rate": -0.5},
    "dropout.rate=2": {"type": "dropout", "rate": 2},
    "add.one-input": {"type": "add", "inputs": ["act"]},
    "add.three-inputs": {"type": "add", "inputs": ["act", "act", "act"]},
    "add.mismatch": {"type": "add", "inputs": ["act", "x"]},
    "mul.unknown-input": {"type": "mul", "inputs": ["act", "nowhere"]},
    "concat.axis=4": {"type": "concat", "inputs": ["act", "act"], "axis": 4},
    "concat.axis=-5": {"type": "concat", "inputs": ["act", "act"], "axis": -5},
    "concat.axis=2^63-1": {"type": "concat", "inputs": ["act", "act"], "axis": 2**63 - 1},
    "concat.mismatch": {"type": "concat", "inputs": ["act", "x"], "axis": 2},
    "concat.no-inputs": {"type": "concat", "inputs": []},
    "flatten.axis=5": {"type": "flatten", "axis": 5},
    "flatten.axis=-6": {"type": "flatten", "axis": -6},
    "reshape.two-minus-ones": {"type": "reshape", "shape": [-1, -1]},
    "reshape.count": {"type": "reshape", "shape": [7]},
    "reshape.huge": {"type": "reshape", "shape": [2**62, 2**62]},
    "reshape.wraps-to-count": {"type": "reshape", "shape": [2**32, 2**32, 256]},
    "reshape.zeros": {"type": "reshape", "shape": [0, 0, 0, 0, 0, 0]},
    "reshape.negative": {"type": "reshape", "shape": [-2, 128]},
    "reshape.missing": {"type": "reshape"},
    "transpose.repeat": {"type": "transpose", "permutation": [0, 0, 1, 2]},
    "transpose.short": {"type": "transpose", "permutation": [0, 1, 2]},
    "transpose.out-of-range": {"type": "transpose", "permutation": [0, 1, 2, 9]},
    "transpose.negative": {"type": "transpose", "permutation": [-1, 0, 1, 2]},
    "transpose.huge": {"type": "transpose", "permutation": [0, 1, 2, 2**63 - 1]},
    "pad.negative": {"type": "pad", "pads": [-1] * 8},
    "pad.count": {"type": "pad", "pads": [1] * 4},
    "pad.huge": {"type": "pad", "pads": [2**62] * 8},
    "pad.size-limit": {"type": "pad", "pads": [0, 0, 2**20, 2**20, 0, 0, 2**20, 2**20]},
    "reduce_mean.axes=[]": {"type": "reduce_mean", "axes": []},
    "reduce_mean.axes=[9]": {"type": "reduce_mean", "axes": [9]},
    "reduce_mean.axes=repeat": {"type": "reduce_mean", "axes": [1, 1]},
    "reduce_mean.keepdims=str": {"type": "reduce_mean", "axes": [1], "keepdims": "x"},
    "matmul.mismatch": {"type": "matmul", "inputs": ["act", "pool"]},
    "softmax.axis=9": {"type": "softmax", "axis": 9},
    "log_softmax.axis=-9": {"type": "log_softmax", "axis": -9},
    "global_avg_pool2d.kernel": {"type": "global_avg_pool2d", "kernel": 2},
    "unknown-type": {"type": "conv3d"},
    "type=number": {"type": 7},
}


def encode(network):
    return text(json.dumps(network, indent=1))


def network_case(name, network, names, **files):
    all_files = {"net.json": encode(network)}
    all_files.update(files)
    return Case("json/" + name, all_files, ["net.json"], ["net.json", *names])


def field_cases():
    roles = {"conv2d": 0, "max_pool2d": 2, "avg_pool2d": 2, "dense": 4}
    for layer_type, fields in FIELDS.items():
        index = roles[layer_type]
        for field, values in fields.items():
            for value in values:
                network = copy.deepcopy(BASE)
                layer = network["layers"][index]
                if layer["type"] != layer_type:
                    layer.clear()
                    layer.update({"name": "pool", "type": layer_type, "kernel": 2})
                layer[field] = value
                label = json.dumps(value) if not isinstance(value, str) else repr(value)
                yield network_case(f"{layer_type}.{field}={label}", network,
                                   ["layer '" + layer["name"] + "'"])


def extra_layer_cases():
    for label, fields in EXTRA_LAYERS.items():
        network = copy.deepcopy(BASE)
        layer = {"name": "extra", **fields}
        network["layers"].insert(2, layer)
        yield network_case(label, network, ["layer 'extra'"])


def network_object_cases():
    def variant(label, change, names=()):
        network = copy.deepcopy(BASE)
        change(network)
        return network_case(label, network, list(names))

    def set_field(key, value):
        return lambda n: n.__setitem__(key, value)

    def set_input(key, value):
        return lambda n: n["inputs"][0].__setitem__(key, value)

    yield variant("name=newline", set_field("name", "a\nb"))
    yield variant("name=nul", set_field("name", "a\u0000b"))
    yield variant("name=quote", set_field("name", 'a"b'))
    yield variant("name=backslash", set_field("name", "a\\b"))
    yield variant("name=300-chars", set_field("name", "n" * 300))
    yield variant("name=digit-first", set_field("name", "1net"))
    yield variant("name=empty", set_field("name", ""))
    yield variant("name=number", set_field("name", 5))
    for shape in ([], [0, 3, 8, 8], [-1, 3, 8, 8], [1, 3, 2**31, 8],
                  [1, 3, 2**62, 2**62], [1, 3, 2**32, 2**32], "1x3x8x8",
                  [1, 3, 8.5, 8]):
        yield variant(f"input.shape={json.dumps(shape)}", set_input("shape", shape),
                      ["input 'x'"] if isinstance(shape, list) and shape else [])
    yield variant("input.name=missing", lambda n: n["inputs"][0].pop("name"))
    yield variant("input.shape=missing", lambda n: n["inputs"][0].pop("shape"))
    yield variant("input.pixels.type=int8", set_input("pixels", {"type": "int8"}))
    yield variant("input.pixels.std=0", set_input("pixels", {"std": 0}))
    yield variant("input.pixels.mean=count", set_input("pixels", {"mean": [1, 2]}))
    yield variant("input.pixels.layout=bad", set_input("pixels", {"layout": "nwhc"}))
    yield variant("inputs=empty", set_field("inputs", []))
    yield variant("inputs=object", set_field("inputs", {"name": "x"}))
    yield variant("inputs=duplicate", lambda n: n["inputs"].append(dict(n["inputs"][0])))
    yield variant("layers=empty", set_field("layers", []))
    yield variant("layers=missing", lambda n: n.pop("layers"))
    yield variant("layers=string", set_field("layers", "conv"))
    yield variant("layer=number", lambda n: n["layers"].insert(1, 42))
    yield variant("layer.type=missing", lambda n: n["layers"][1].pop("type"), ["'act'"])
    yield variant("layer.name=missing", lambda n: n["layers"][1].pop("name"))
    yield variant("layer.name=duplicate", lambda n: n["layers"][1].__setitem__("name", "conv"),
                  ["'conv'"])
    yield variant("layer.name=input's", lambda n: n["layers"][1].__setitem__("name", "x"), ["'x'"])
    yield variant("layer.inputs=later-layer",
                  lambda n: n["layers"][1].__setitem__("inputs", ["fc"]), ["'act'"])
    yield variant("layer.inputs=itself",
                  lambda n: n["layers"][1].__setitem__("inputs", ["act"]), ["'act'"])
    yield variant("layer.inputs=string",
                  lambda n: n["layers"][1].__setitem__("inputs", "conv"), ["'act'"])
    yield variant("layer.field-unknown",
                  lambda n: n["layers"][0].__setitem__("kernal", 3), ["'conv'"])
    yield variant("outputs=unknown", set_field("outputs", ["nowhere"]))
    yield variant("outputs=empty", set_field("outputs", []))
    yield variant("outputs=number", set_field("outputs", 3))
    yield variant("field-unknown", set_field("layerz", []))
    yield variant("weights=missing", lambda n: n.pop("weights"))
    yield variant("weights=both", set_field("weights", {"file": "w.bin", "random_seed": 1}))
    yield variant("weights.seed=str", set_field("weights", {"random_seed": "1"}))
    yield variant("weights.seed=negative", set_field("weights", {"random_seed": -1}))
    yield variant("weights.seed=1e400-like", set_field("weights", {"random_seed": 2**64}))
    yield variant("weights.file=missing-file", set_field("weights", {"file": "nothere.bin"}))
    yield variant("weights.file=directory", set_field("weights", {"file": "."}))
    yield variant("weights.file=dev-zero", set_field("weights", {"file": "/dev/zero"}))
    yield variant("weights.file=number", set_field("weights", {"file": 3}))


def weights_file_cases():
    # conv 4x3x3x3 + 4, fc 10x64 + 10 floats.
    floats = 4 * 3 * 3 * 3 + 4 + 10 * 64 + 10
    network = copy.deepcopy(BASE)
    network["weights"] = {"file": "w.bin"}
    for label, size in (("empty", 0), ("short-by-one-float", floats - 1),
                        ("short-by-one-byte", 4 * floats - 1),
                        ("long-by-one-byte", 4 * floats + 1), ("conv-only", 112)):
        yield network_case("weights.file=" + label, network, [], **{"w.bin": b"\0" * size})


def raw_cases():
    def raw(label, data, names=("net.json",)):
        return Case("json/" + label, {"net.json": data}, ["net.json"], list(names))

    whole = encode(BASE)
    yield raw("file=empty", b"")
    yield raw("file=whitespace", b"  \n\t ")
    yield raw("file=null", b"null")
    yield raw("file=array", b"[]")
    yield raw("file=number", b"42")
    yield raw("file=nul-byte", whole[:20] + b"\0" + whole[20:])
    yield raw("file=garbage", bytes((i * 197 + 13) % 256 for i in range(4096)))
    yield raw("file=bad-utf8-in-name", whole.replace(b'"net"', b'"n\xffet"'))
    yield raw("file=bad-utf8-in-key", whole.replace(b'"units"', b'"un\xc3its"'))
    yield raw("file=trailing-garbage", whole + b"}")
    yield raw("file=two-documents", whole + whole)
    yield raw("number=1e400", whole.replace(b'"units": 10', b'"units": 1e400'))
    yield raw("number=-1e400", whole.replace(b'"kernel": 3', b'"kernel": -1e400'))
    yield raw("number=huge-int", whole.replace(b'"units": 10', b'"units": ' + b"9" * 400))
    yield raw("number=nan", whole.replace(b'"units": 10', b'"units": NaN'))
    deep = b"[" * 100000 + b"]" * 100000
    yield raw("nested=layer", whole.replace(b'"layers": [', b'"layers": [' + deep + b","))
    yield raw("nested=input", whole.replace(b'"inputs": [', b'"inputs": [' + deep + b","))
    yield raw("nested=field", whole.replace(b'"kernel": 3', b'"kernel": ' + deep))
    yield raw("nested=objects", whole.replace(b'"units": 10', b'"units": ' +
                                                b'{"a":' * 50000 + b"1" + b"}" * 50000))
    yield raw("nested=root", deep)
    yield raw("string=1MiB-name", whole.replace(b'"net"', b'"' + b"n" * (1 << 20) + b'"'))
    # Cut at every structure boundary of the first 40 (the outer object,
    # the inputs, the first layer), and a few later ones.
    cuts = [i for i, byte in enumerate(whole) if byte in b'{[,:"']
    for cut in cuts[:40] + cuts[40::25]:
        yield raw(f"truncated-at-{cut}", whole[:cut])


def cases():
    yield from field_cases()
    yield from extra_layer_cases()
    yield from network_object_cases()
    yield from weights_file_cases()
    yield from raw_cases()
