"""ops_mix_reference.py — PyTorch reference for test/e2e/Inputs/ops_mix.json.

The network exercises what LeNet-5 does not: batch 2, asymmetric padding,
strides, dilation and groups in a convolution, a convolution without bias,
average pooling with ceil_mode and without count_include_pad, max pooling
with padding and ceil_mode, average pooling counting padding, a residual
add, a dense layer without bias, softmax over channels of a 4-D tensor, and
three outputs (prob, sum, chan_softmax). Writes a case in the suite's
format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_case  # noqa: E402


class OpsMix(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_a = nn.Conv2d(4, 6, 3, stride=(2, 1), dilation=(1, 2), groups=2)
        self.conv_b = nn.Conv2d(6, 6, 1, bias=False)
        self.fc = nn.Linear(6 * 4 * 5, 7, bias=False)

    def forward(self, x):
        # Kiln's padding [top, left, bottom, right] = [1, 0, 2, 1];
        # F.pad takes (left, right, top, bottom).
        a = torch.relu(self.conv_a(F.pad(x, (0, 1, 1, 2))))
        a = F.avg_pool2d(a, 3, 2, padding=1, ceil_mode=True,
                         count_include_pad=False)
        s = self.conv_b(a) + a
        b = F.max_pool2d(s, 2, 2, padding=1, ceil_mode=True)
        chan = torch.softmax(b, dim=1)
        c = F.avg_pool2d(b, 2, 1, padding=1)  # count_include_pad=True
        prob = torch.softmax(self.fc(torch.flatten(c, 1)), dim=1)
        return prob, s, chan


def main():
    out = output_dir(__doc__)
    torch.manual_seed(7)
    model = OpsMix().eval()
    x = torch.randn(2, 4, 11, 13, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        outputs = model(x)
    write_case(out, [x], outputs, weights=model.state_dict().values())

if __name__ == "__main__":
    main()
