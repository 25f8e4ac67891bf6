"""dynamic_batch_reference.py — a CNN exported by PyTorch with a dynamic batch.

The model flattens with x.view(x.size(0), -1), which torch.onnx.export
writes, with dynamic_axes, as Shape → Gather → Unsqueeze → Concat →
Reshape on a symbolic batch 'batch'. Writes model.onnx and, for --batch
images, a case in the suite's format (test/Inputs/reference_case.py): the
same model.onnx serves every batch.
"""
import argparse
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import write_case  # noqa: E402


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 4 * 4, 5)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv(x)), 2)
        return torch.softmax(self.fc(x.view(x.size(0), -1)), dim=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--batch", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(4)
    model = SmallCnn().eval()
    x = torch.randn(args.batch, 3, 8, 8, generator=torch.Generator().manual_seed(6))
    torch.onnx.export(model, x, str(args.out / "model.onnx"), opset_version=13,
                      input_names=["image"], output_names=["probabilities"],
                      dynamic_axes={"image": {0: "batch"},
                                    "probabilities": {0: "batch"}})
    with torch.no_grad():
        expected = model(x)
    write_case(args.out, [x], [expected])


if __name__ == "__main__":
    main()
