"""ops_tensor_reference.py — PyTorch reference for test/e2e/Inputs/ops_tensor.json.

The tensor-manipulation layers, on four network inputs and no weights:
constant padding of every dimension with a non-zero value, reduce_mean with
and without keepdims (negative axes too), sub, mul, div and add with numpy
broadcasting (size-1 dimensions and lower-rank operands), transpose,
reshape with 0 and -1 entries, a batched matmul whose batch dimension
broadcasts, and log_softmax; three outputs (log_prob, overall, divided).
Writes a case in the suite's format (test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_case  # noqa: E402


def forward(x, s, m, b):
    # Kiln's pads [0, 0, 1, 0, 0, 1, 0, 2] (begins, then ends, per
    # dimension); F.pad lists (begin, end) pairs from the last dimension.
    padded = F.pad(x, (0, 2, 1, 0, 0, 1, 0, 0), value=-0.5)
    centred = padded - padded.mean(dim=1, keepdim=True)
    scaled = centred * s
    gate = torch.sigmoid(padded.mean(dim=(3, 2), keepdim=True))
    divided = scaled / gate
    rows = divided.permute(0, 2, 3, 1).reshape(divided.shape[0], -1, 4)
    biased = torch.matmul(rows, m) + b
    log_prob = torch.log_softmax(biased, dim=-1)
    overall = biased.mean(dim=(0, 2))
    return log_prob, overall, divided


def main():
    out = output_dir(__doc__)
    g = torch.Generator().manual_seed(9)
    inputs = [torch.randn(2, 3, 4, 5, generator=g),
              torch.randn(4, 1, 7, generator=g),
              torch.randn(1, 4, 6, generator=g),
              torch.randn(6, generator=g)]
    with torch.no_grad():
        outputs = forward(*inputs)
    write_case(out, inputs, outputs)

if __name__ == "__main__":
    main()
