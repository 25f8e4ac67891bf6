"""lenet5_reference.py — LeNet-5 in PyTorch: the independent reference.

Builds the network of examples/lenet5/lenet5.json in PyTorch with seeded
random weights and writes, into the output directory:
  weights.bin   the weights in Kiln's JSON weights-file layout: each layer's
                weight then bias, in layer order, little-endian float32,
                PyTorch's own tensor layouts (docs/json-format.md)
  input.bin     a batch of fixed test images, one 1x1x28x28 image after another
  expected.bin  PyTorch's class probabilities for each image, 10 floats each
and, with --onnx, model.onnx (the same model exported by torch.onnx, opset
--opset) with single_input.npy / single_expected.npy (the last test image).
With --npy, also the first image and its probabilities as NumPy files:
  input.npy     float32 1x1x28x28
  expected.npy  float32 1x10
"""
import argparse
import pathlib

import numpy as np
import torch
from torch import nn


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return torch.softmax(self.fc3(x), dim=1)


def test_images(count):
    """Uniform noise, a blank image and large-magnitude noise (to exercise
    softmax's overflow guard)."""
    generator = torch.Generator().manual_seed(1234)
    images = [torch.rand(1, 1, 28, 28, generator=generator) for _ in range(count)]
    images.append(torch.zeros(1, 1, 28, 28))
    images.append(50.0 * torch.randn(1, 1, 28, 28, generator=generator))
    return images


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--onnx", action="store_true")
    parser.add_argument("--opset", type=int, default=13)
    parser.add_argument("--npy", action="store_true",
                        help="also write input.npy and expected.npy")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(args.seed)
    model = LeNet5().eval()
    # state_dict order is layer order, weight before bias: the file layout.
    with open(args.out / "weights.bin", "wb") as f:
        for tensor in model.state_dict().values():
            f.write(tensor.detach().numpy().astype("<f4").tobytes())

    images = test_images(3)
    with torch.no_grad():
        expected = [model(image) for image in images]
    np.concatenate([i.numpy().ravel() for i in images]).astype("<f4").tofile(
        args.out / "input.bin")
    np.concatenate([e.numpy().ravel() for e in expected]).astype("<f4").tofile(
        args.out / "expected.bin")
    if args.onnx:
        torch.onnx.export(model, images[-1], args.out / "model.onnx",
                          opset_version=args.opset)
        np.save(args.out / "single_input.npy", images[-1].numpy())
        np.save(args.out / "single_expected.npy", expected[-1].numpy())
    if args.npy:
        np.save(args.out / "input.npy", images[0].numpy().astype(np.float32))
        np.save(args.out / "expected.npy", expected[0].numpy().astype(np.float32))
    print(f"wrote {len(images)} LeNet-5 reference cases to {args.out}")


if __name__ == "__main__":
    main()
