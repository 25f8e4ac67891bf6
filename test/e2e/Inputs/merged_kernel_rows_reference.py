"""merged_kernel_rows_reference.py — PyTorch reference for Kiln's
convolutions with larger kernels computed over merged rows.

Where a target's register tiles fit a convolution's rows badly (AVX2's
2x6 and 1x12 tiles on 7-wide rows), Kiln computes it, like a 1x1, as one
GEMM over the pixels of several rows (ConvParts::rowsMerged), each pixel
reading its own window of the zero-padded input: a stride-2 3x3 reading
the model's input, a dilated 3x3 and a 5x5 on a 7x7 map (49 pixels, no
multiple of the tile, whose last tile is rounded up past the last pixel),
in a batch of two so that pixel numbering restarts per image. Channel
counts of whole AVX-512 tiles (32, 64), which fit 7-wide rows there. Writes model.onnx and a case in the suite's format
(test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class Kernels(nn.Module):
    def __init__(self):
        super().__init__()
        self.strided = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.dilated = nn.Conv2d(32, 32, 3, padding=2, dilation=2)
        self.wide = nn.Conv2d(32, 64, 5, padding=2)

    def forward(self, x):
        x = torch.relu(self.strided(x))
        x = torch.relu(self.dilated(x))
        return self.wide(x)


def main():
    out = output_dir(__doc__)
    torch.manual_seed(13)
    write_onnx_case(out, Kernels(), torch.randn(2, 16, 14, 14))


if __name__ == "__main__":
    main()
