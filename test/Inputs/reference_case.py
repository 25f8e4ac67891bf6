"""reference_case.py — how every PyTorch reference script writes its case.

One format for the whole suite, the files kiln-run reads and writes:
  weights.bin     for JSON networks: every weight tensor in order,
                  little-endian float32 (docs/json-format.md)
  input_<i>.npy   the model's inputs, float32
  expected_<i>.npy  PyTorch's outputs for them, float32
and one line on stdout that tests check: "shapes: 2x7 2x6x4x6".
"""
import argparse
import pathlib

import numpy as np


def output_dir(description):
    """Parses --out (the only option the scripts take) and creates it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    return out


def write_weights(out, tensors):
    with open(pathlib.Path(out) / "weights.bin", "wb") as f:
        for tensor in tensors:
            f.write(tensor.detach().numpy().astype("<f4").tobytes())


def save_tensors(out, prefix, tensors):
    """<prefix>_<i>.npy for each tensor, float32; returns the file names."""
    names = []
    for i, tensor in enumerate(tensors):
        names.append(f"{prefix}_{i}.npy")
        np.save(pathlib.Path(out) / names[-1],
                tensor.detach().numpy().astype(np.float32))
    return names


def write_case(out, inputs, outputs, weights=None):
    """Writes the case and prints the output shapes."""
    if weights is not None:
        write_weights(out, weights)
    save_tensors(out, "input", inputs)
    save_tensors(out, "expected", outputs)
    print("shapes:", " ".join("x".join(map(str, t.shape)) for t in outputs))


def write_onnx_case(out, model, x):
    """Runs `model` (in eval mode) on the single input `x`, exports it to
    out/model.onnx (opset 13, input "image", output "features") and writes
    the case."""
    import torch

    model = model.eval()
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, str(pathlib.Path(out) / "model.onnx"),
                      opset_version=13, input_names=["image"],
                      output_names=["features"])
    write_case(out, [x], [y])
