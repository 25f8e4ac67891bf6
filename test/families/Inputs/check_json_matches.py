"""check_json_matches.py — check a Kiln JSON network against its PyTorch model.

Walks the JSON form of a model (families_models.JSON_FORMS, or --json) layer
by layer, and checks without Kiln's compiler that:
  1. every weight tensor the JSON layers need (docs/json-format.md: conv2d
     and dense weight then bias, batch_norm weight, bias, running_mean,
     running_var) has the shape of the next tensor of the model's state_dict
     in JSON order (json_weight_tensors, num_batches_tracked left out), and
     that none is left over: so weights.bin written in that order fits;
  2. the network computes what the model computes: the JSON layers are
     evaluated with torch.nn.functional (a reference reading of the format,
     not Kiln's code) with those tensors, on a seeded input, and compared to
     the model's output at rtol 1e-4, atol 1e-5.
With --reference DIR (written by make_reference.py) the weights come from
DIR/weights.bin, the input from DIR/input_0.npy and the expected output from
DIR/expected_0.npy instead, which checks those files too.

Prints one line per weighted layer with --verbose, and ends with
`OK: <model>: N weight tensors (M floats) match the state_dict in JSON order`
and `OK: <model>: output AxB matches PyTorch ...`; exits 1 on a mismatch.
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # tests must not write into the source tree
from families_models import (JSON_FORMS, build_model, json_weight_tensors,
                             make_input)


REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]


class Mismatch(Exception):
    pass


def pair(value):
    return [value, value] if isinstance(value, int) else list(value)


def padding4(value):
    """Kiln padding (int, [h, w] or [top, left, bottom, right]) as [t, l, b, r]."""
    if isinstance(value, int):
        return [value] * 4
    if len(value) == 2:
        return [value[0], value[1], value[0], value[1]]
    return list(value)


def pad_nchw(x, p, value=0.0):
    t, l, b, r = p
    return F.pad(x, (l, r, t, b), value=value) if any(p) else x


def weight_shapes(layer, inputs):
    """The shapes of a layer's weight tensors, in file order."""
    kind = layer["type"]
    if kind == "conv2d":
        kh, kw = pair(layer["kernel"])
        oc, groups = layer["out_channels"], layer.get("groups", 1)
        shapes = [("weight", [oc, inputs[0].shape[1] // groups, kh, kw])]
        return shapes + ([("bias", [oc])] if layer.get("bias", True) else [])
    if kind == "dense":
        shapes = [("weight", [layer["units"], inputs[0].shape[1]])]
        return shapes + ([("bias", [layer["units"]])] if layer.get("bias", True) else [])
    if kind == "batch_norm":
        c = inputs[0].shape[1]
        return [(n, [c]) for n in ("weight", "bias", "running_mean", "running_var")]
    return []


def pool(layer, x, kind):
    kernel = pair(layer["kernel"])
    stride = pair(layer.get("stride", layer["kernel"]))
    t, l, b, r = padding4(layer.get("padding", 0))
    ceil_mode = layer.get("ceil_mode", False)
    if kind == "max":
        if (t, l) == (b, r):
            return F.max_pool2d(x, kernel, stride, (t, l), ceil_mode=ceil_mode)
        return F.max_pool2d(pad_nchw(x, [t, l, b, r], float("-inf")), kernel, stride,
                            ceil_mode=ceil_mode)
    include = layer.get("count_include_pad", True)
    if (t, l) != (b, r):
        raise Mismatch("asymmetric average pooling padding is not implemented here")
    return F.avg_pool2d(x, kernel, stride, (t, l), ceil_mode=ceil_mode,
                        count_include_pad=include)


def evaluate(layer, x, w):
    """One JSON layer, computed with torch.nn.functional."""
    kind = layer["type"]
    a = x[0]
    if kind == "conv2d":
        return F.conv2d(pad_nchw(a, padding4(layer.get("padding", 0))), w[0],
                        w[1] if len(w) > 1 else None, pair(layer.get("stride", 1)), 0,
                        pair(layer.get("dilation", 1)), layer.get("groups", 1))
    if kind == "dense":
        return F.linear(a, w[0], w[1] if len(w) > 1 else None)
    if kind == "batch_norm":
        return F.batch_norm(a, w[2], w[3], w[0], w[1], False, 0.0,
                            layer.get("epsilon", 1e-5))
    if kind == "max_pool2d":
        return pool(layer, a, "max")
    if kind == "avg_pool2d":
        return pool(layer, a, "avg")
    if kind == "global_avg_pool2d":
        return a.mean(dim=(2, 3), keepdim=True)
    if kind == "global_max_pool2d":
        return a.amax(dim=(2, 3), keepdim=True)
    if kind == "lrn":
        return F.local_response_norm(a, layer["size"], layer.get("alpha", 1e-4),
                                     layer.get("beta", 0.75), layer.get("bias", 1.0))
    if kind == "concat":
        return torch.cat(x, dim=layer.get("axis", 1))
    if kind == "flatten":
        return torch.flatten(a, layer.get("axis", 1))
    if kind == "softmax":
        return torch.softmax(a, dim=layer.get("axis", 1))
    simple = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
              "dropout": lambda v: v}
    if kind in simple:
        return simple[kind](a)
    if kind == "leaky_relu":
        return F.leaky_relu(a, layer.get("alpha", 0.01))
    if kind == "clip":
        return torch.clamp(a, layer.get("min"), layer.get("max"))
    binary = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
    if kind in binary:
        return binary[kind](x[0], x[1])
    raise Mismatch(f"layer '{layer['name']}': type '{kind}' is not known to this checker")


def run_network(net, image, tensors, verbose):
    """Evaluates the JSON network, taking weights from `tensors`, a list of
    (key, tensor) in file order; checks their shapes on the way."""
    values = {net["inputs"][0]["name"]: image}
    previous = net["inputs"][0]["name"]
    index = 0
    for layer in net["layers"]:
        inputs = [values[n] for n in layer.get("inputs", [previous])]
        weights = []
        for role, shape in weight_shapes(layer, inputs):
            if index >= len(tensors):
                raise Mismatch(f"layer '{layer['name']}' needs its {role} {shape}, "
                               f"but the model has no more weight tensors")
            key, tensor = tensors[index]
            if list(tensor.shape) != shape:
                raise Mismatch(f"layer '{layer['name']}': {role} is {shape} in the JSON "
                               f"form, but the next model tensor {key} is "
                               f"{list(tensor.shape)}")
            if verbose:
                print(f"  {layer['name']:28s} {role:13s} {key:32s} "
                      f"{'x'.join(map(str, shape))}")
            weights.append(tensor)
            index += 1
        values[layer["name"]] = evaluate(layer, inputs, weights)
        previous = layer["name"]
    if index != len(tensors):
        raise Mismatch(f"{len(tensors) - index} model tensors are left over, from "
                       f"{tensors[index][0]} on")
    return [values[n] for n in net.get("outputs", [net["layers"][-1]["name"]])], index


def split_weights_file(path, keys_and_shapes):
    """Reads a Kiln JSON weights file as tensors of the model's shapes."""
    data = np.fromfile(path, dtype="<f4")
    needed = sum(int(np.prod(s)) for _, s in keys_and_shapes)
    if data.size != needed:
        raise Mismatch(f"{path} holds {data.size} floats; the model has {needed}")
    out, at = [], 0
    for key, shape in keys_and_shapes:
        n = int(np.prod(shape))
        out.append((key, torch.from_numpy(data[at:at + n].copy()).reshape(shape)))
        at += n
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=sorted(JSON_FORMS))
    parser.add_argument("--json", type=pathlib.Path,
                        help="the JSON form (default: the repository's)")
    parser.add_argument("--reference", type=pathlib.Path,
                        help="a make_reference.py output directory to check too")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    json_path = args.json or REPO_ROOT / JSON_FORMS[args.model]
    net = json.loads(json_path.read_text())
    model = build_model(args.model, args.seed)
    tensors = json_weight_tensors(args.model, model)
    if args.reference:
        tensors = split_weights_file(args.reference / "weights.bin",
                                     [(k, list(v.shape)) for k, v in tensors])
        image = torch.from_numpy(np.load(args.reference / "input_0.npy"))
        expected = torch.from_numpy(np.load(args.reference / "expected_0.npy"))
    else:
        image = make_input(args.model, seed=args.seed)
        with torch.no_grad():
            expected = model(image)

    declared = net["inputs"][0]["shape"]
    if list(image.shape) != declared:
        print(f"MISMATCH: {json_path.name} declares input {declared}, "
              f"the reference is {list(image.shape)}")
        return 1
    try:
        with torch.no_grad():
            outputs, count = run_network(net, image, tensors, args.verbose)
    except Mismatch as error:
        print(f"MISMATCH: {json_path.name}: {error}")
        return 1
    floats = sum(t.numel() for _, t in tensors)
    print(f"OK: {args.model}: {count} weight tensors ({floats} floats) match the "
          f"state_dict in JSON order")

    actual = outputs[0]
    if actual.shape != expected.shape:
        print(f"MISMATCH: output {list(actual.shape)}, PyTorch {list(expected.shape)}")
        return 1
    diff = (actual - expected).abs()
    if not torch.allclose(actual, expected, rtol=1e-4, atol=1e-5):
        print(f"MISMATCH: output differs from PyTorch by up to {diff.max().item():.3g}")
        return 1
    print(f"OK: {args.model}: output {'x'.join(map(str, actual.shape))} matches "
          f"PyTorch (max abs diff {diff.max().item():.2g}, output range "
          f"[{expected.min().item():.3g}, {expected.max().item():.3g}])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
