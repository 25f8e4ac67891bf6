"""winograd_strided_reference.py — PyTorch reference for Kiln's stride-2
Winograd convolutions.

A 3x3, stride-2, padding-1 convolution of the kind Kiln computes with its
stride-2 F(2x2, 3x3) (compiler/lowering/Winograd.h, kF2x2Stride2): 64
channels on a 50x50 map, so that the 25x25 output's last tiles stick out
by a row and a column, in a batch of two so that tile numbering crosses
images, followed by ReLU and a stride-2 3x3 layer on the 25x25 map (odd
input: its last patch reads the zero padding on the far side). Writes
model.onnx and a case in the suite's format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class Strided(nn.Module):
    def __init__(self):
        super().__init__()
        self.halve = nn.Conv2d(64, 64, 3, stride=2, padding=1)
        self.again = nn.Conv2d(64, 96, 3, stride=2, padding=1)

    def forward(self, x):
        return self.again(torch.relu(self.halve(x)))


def main():
    out = output_dir(__doc__)
    torch.manual_seed(11)
    write_onnx_case(out, Strided(), torch.randn(2, 64, 50, 50))


if __name__ == "__main__":
    main()
