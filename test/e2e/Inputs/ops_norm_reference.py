"""ops_norm_reference.py — PyTorch reference for test/e2e/Inputs/ops_norm.json.

The layers AlexNet, GoogLeNet and ResNet add to LeNet-5's: batch norm (with
trained-looking running statistics and a non-default epsilon, and one with
the defaults), ReLU6 as clip, local response norm with an odd and an even
window (the even one pins down which side gets the extra channel), sigmoid,
tanh, leaky ReLU (alpha 0.2 and the default), dropout (the identity in eval
mode), concat along channels (also written as axis -3), and global average
and max pooling, at batch 2, with three outputs (cat, pooled, lrn_odd).
Writes a case in the suite's format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_case  # noqa: E402


class OpsNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_a = nn.Conv2d(6, 8, 3, padding=1, bias=False)
        self.bn_a = nn.BatchNorm2d(8, eps=1e-3)
        self.conv_b = nn.Conv2d(8, 3, 1)
        self.bn_b = nn.BatchNorm2d(3)
        self.lrn_odd = nn.LocalResponseNorm(5, alpha=0.01, beta=0.75, k=2.0)
        self.lrn_even = nn.LocalResponseNorm(4, alpha=0.05, beta=0.5, k=1.0)
        self.drop = nn.Dropout(0.3)

    def forward(self, x):
        bn_a = self.bn_a(self.conv_a(x))
        lrn_odd = self.lrn_odd(torch.clamp(bn_a, 0.0, 6.0))
        sig = torch.sigmoid(self.bn_b(self.conv_b(lrn_odd)))
        th = torch.tanh(self.lrn_even(bn_a))
        drop = self.drop(nn.functional.leaky_relu(bn_a, 0.2))
        cat = torch.cat([sig, th, drop], dim=1)
        gap = nn.functional.adaptive_avg_pool2d(cat, 1)
        gmp = nn.functional.adaptive_max_pool2d(cat, 1)
        pooled = torch.cat([gap, nn.functional.leaky_relu(gmp)], dim=1)
        return cat, pooled, lrn_odd


def main():
    out = output_dir(__doc__)
    torch.manual_seed(11)
    model = OpsNorm().eval()
    # Statistics and affine parameters away from their initial values, so
    # that every term of batch norm matters.
    with torch.no_grad():
        for bn in (model.bn_a, model.bn_b):
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
            bn.running_mean.uniform_(-0.3, 0.3)
            bn.running_var.uniform_(0.5, 2.0)
    # num_batches_tracked is an int64 training counter, not a weight: Kiln's
    # file omits it.
    weights = [tensor for name, tensor in model.state_dict().items()
               if not name.endswith("num_batches_tracked")]
    x = 2 * torch.randn(2, 6, 9, 10, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        outputs = model(x)
    write_case(out, [x], outputs, weights=weights)

if __name__ == "__main__":
    main()
