"""winograd_reference.py — PyTorch reference for Kiln's Winograd convolutions.

3x3, stride-1, padding-1 convolutions of every form Kiln computes with
Winograd's F(4x4, 3x3) and F(2x2, 3x3) (lowering/Winograd.h), in a batch of
two so that tile numbering crosses images: a map whose side is no multiple
of 4 (18x18: the last tiles stick out), one followed by ReLU and a max pool
(the pooled layer), one on a 9x9 map (F(2x2)'s 5x5 tiles, the last row and
column partial), and 40 output channels (blocks of 8). The first convolution has 3 input channels, too
few for Winograd, and stays direct. Writes model.onnx and a case in the
suite's format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class ThreeByThree(nn.Module):
    def __init__(self):
        super().__init__()
        self.direct = nn.Conv2d(3, 32, 3, padding=1)
        self.ragged = nn.Conv2d(32, 32, 3, padding=1)
        self.pooled = nn.Conv2d(32, 48, 3, padding=1)
        self.small = nn.Conv2d(48, 40, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.direct(x))
        x = torch.relu(self.ragged(x))
        x = nn.functional.max_pool2d(torch.relu(self.pooled(x)), 2)
        return self.small(x)


def main():
    out = output_dir(__doc__)
    torch.manual_seed(7)
    write_onnx_case(out, ThreeByThree(), torch.randn(2, 3, 18, 18))


if __name__ == "__main__":
    main()
