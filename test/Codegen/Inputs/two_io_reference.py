"""two_io_reference.py — PyTorch reference for test/Codegen/Inputs/two_io.json.

Two inputs (uint8 pixels, float32) and two outputs, for the generated run
function of a header: writes weights.bin, image.u8 (raw uint8), side.f32
(raw float32) and the expected outputs pooled.f32 and sum.f32 (raw float32).
"""
import argparse
import pathlib

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    conv = torch.nn.Conv2d(3, 4, 3, padding=1).eval()
    with torch.no_grad():
        conv.weight.mul_(0.01)  # pixels are 0..255
    image = torch.randint(0, 256, (1, 3, 6, 6), dtype=torch.uint8)
    side = torch.randn(1, 4, 6, 6)
    with torch.no_grad():
        total = conv(image.float()) + side
        pooled = total.mean(dim=(2, 3), keepdim=True)
    with open(out / "weights.bin", "wb") as f:
        for tensor in (conv.weight, conv.bias):
            f.write(tensor.detach().numpy().astype("<f4").tobytes())
    image.numpy().tofile(out / "image.u8")
    side.numpy().astype("<f4").tofile(out / "side.f32")
    pooled.numpy().astype("<f4").tofile(out / "pooled.f32")
    total.numpy().astype("<f4").tofile(out / "sum.f32")
    print("shapes:", pooled.shape[1], "x".join(map(str, total.shape)))


if __name__ == "__main__":
    main()
