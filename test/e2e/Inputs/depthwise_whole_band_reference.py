"""depthwise_whole_band_reference.py — PyTorch reference for a 1x1 layer
computed for a depthwise layer's whole band of rows at once.

A 1x1 layer that alone feeds a zero-padded depthwise one is computed in
the depthwise layer's tasks (depthwise_bands_reference.py), a row at a
time, unless its register tiles fit the band's pixels clearly better than
a row's (ConvInTasks::wholeBand). Here 40 channels give tiles of one
8-channel vector; on AVX2 the 1x1 layer's tiles are 12 pixels, which fit
the band's 18 rows of 14 (252 pixels) and not a row's 14. A batch of two,
padding at every border. Writes model.onnx and a case in the suite's
format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_onnx_case  # noqa: E402


class ExpandDepthwise(nn.Module):
    def __init__(self):
        super().__init__()
        self.expand = nn.Conv2d(24, 40, 1)
        self.depthwise = nn.Conv2d(40, 40, 3, padding=1, groups=40)

    def forward(self, x):
        x = torch.clamp(self.expand(x), 0, 6)
        return torch.relu(self.depthwise(x))


def main():
    out = output_dir(__doc__)
    torch.manual_seed(7)
    write_onnx_case(out, ExpandDepthwise(), torch.randn(2, 24, 18, 14))


if __name__ == "__main__":
    main()
