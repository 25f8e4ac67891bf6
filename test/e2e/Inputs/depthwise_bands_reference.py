"""depthwise_bands_reference.py — PyTorch reference for depthwise layers
computed together with the 1x1 layer that feeds them.

Kiln's tiled CPU schedule computes a 1x1 convolution whose only reader is
a zero-padded depthwise convolution (MobileNetV2's expansions) inside the
depthwise layer's tasks, a band of rows of one channel tile at a time
(LoweredLayer::computedInDepthwise). The cases that could go wrong: a 1x1
layer reading the model's input, a depthwise layer of stride 1 and one of
stride 2, a map of 35x11 whose rows do not split evenly into bands (the
last band is shifted inwards and overlaps the one before), 48 channels
(three channel tiles of 16, or six of 8), the padding rows and columns at
every border, and a batch of two. Writes model.onnx and a case in the
suite's format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class InvertedResiduals(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(8, 32, 1)
        self.depthwise1 = nn.Conv2d(32, 32, 3, padding=1, groups=32)
        self.expand = nn.Conv2d(32, 48, 1)
        self.depthwise2 = nn.Conv2d(48, 48, 3, stride=2, padding=1, groups=48)
        self.project = nn.Conv2d(48, 24, 1)

    def forward(self, x):
        x = torch.clamp(self.stem(x), 0, 6)
        x = torch.clamp(self.depthwise1(x), 0, 6)
        x = torch.clamp(self.expand(x), 0, 6)
        x = torch.relu(self.depthwise2(x))
        return self.project(x)


def main():
    out = output_dir(__doc__)
    torch.manual_seed(5)
    write_onnx_case(out, InvertedResiduals(), torch.randn(2, 8, 35, 11))


if __name__ == "__main__":
    main()
