"""merged_rows_reference.py — PyTorch reference for Kiln's merged-row GEMMs.

1x1 convolutions that Kiln's tiled CPU schedule computes as one GEMM over
the pixels of several rows (ConvParts::rowsMerged), whose register tiles
therefore span rows and whose last tile is rounded up past the last pixel:
one reading the model's input (the tile must not read past its buffer), a
7x5 map (35 pixels, no multiple of the tile), a strided 1x1 (a ResNet
downsample, 4x3 out of 7x5) without a bias, one whose result is added to a
shortcut (the residual add computed in its tiles), and 24 and 40 output
channels (tiles of three and five vectors of 8 do not nest with every
block), in a batch of two so that pixel numbering restarts per image.
Writes model.onnx and a case in the suite's format
(test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class OneByOne(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 32, 1)
        self.expand = nn.Conv2d(32, 24, 1)
        self.project = nn.Conv2d(24, 32, 1)
        self.downsample = nn.Conv2d(32, 40, 1, stride=2, bias=False)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        x = x + self.project(torch.relu(self.expand(x)))
        return self.downsample(x)


def main():
    out = output_dir(__doc__)
    torch.manual_seed(11)
    write_onnx_case(out, OneByOne(), torch.randn(2, 3, 5, 7))


if __name__ == "__main__":
    main()
