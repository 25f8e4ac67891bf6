"""dense_act_reference.py — PyTorch reference for test/e2e/Inputs/dense_act.json.

Dense layers followed by each activation a fused dense layer applies (ReLU,
ReLU6 as clip, leaky ReLU, sigmoid, tanh), with dropouts (the identity in
eval mode) between a dense layer and its activation and after one, and a last
dense layer whose output is also read by an add, so that it must not be fused
with its ReLU. The tanh layer is a second output (a fused layer that is both
read by the next layer and returned). Writes weights.bin (Kiln's JSON
weights layout), input_0.npy, expected_0.npy and expected_1.npy.
"""
import argparse
import pathlib

import numpy as np
import torch
from torch import nn


class DenseAct(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 16)
        self.fc2 = nn.Linear(16, 12)
        self.fc3 = nn.Linear(12, 10, bias=False)
        self.fc4 = nn.Linear(10, 8)
        self.fc5 = nn.Linear(8, 8)
        self.fc6 = nn.Linear(8, 6)
        self.drop1 = nn.Dropout(0.5)
        self.drop3 = nn.Dropout()

    def forward(self, x):
        x = self.drop1(torch.relu(self.fc1(x)))
        x = torch.clamp(self.fc2(x), 0.0, 6.0)
        x = nn.functional.leaky_relu(self.drop3(self.fc3(x)), 0.1)
        x = torch.sigmoid(self.fc4(x))
        x = torch.tanh(self.fc5(x))
        y = self.fc6(x)
        return torch.relu(y) + y, x


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(5)
    model = DenseAct().eval()
    # Larger weights than the default init, so that ReLU6's upper bound and
    # the negative side of every activation are reached.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(4.0)
    x = torch.randn(2, 20) * 2.0
    with torch.no_grad():
        y, th = model(x)

    with open(args.out / "weights.bin", "wb") as f:
        for tensor in model.state_dict().values():
            f.write(tensor.numpy().astype("<f4").tobytes())
    np.save(args.out / "input_0.npy", x.numpy().astype(np.float32))
    np.save(args.out / "expected_0.npy", y.numpy().astype(np.float32))
    np.save(args.out / "expected_1.npy", th.numpy().astype(np.float32))
    with torch.no_grad():
        clipped = torch.clamp(model.fc2(torch.relu(model.fc1(x))), 0.0, 6.0)
    print(f"outputs {'x'.join(map(str, y.shape))} {'x'.join(map(str, th.shape))}; relu6 saturated at 6: "
          f"{bool((clipped == 6.0).any())}, at 0: {bool((clipped == 0.0).any())}")


if __name__ == "__main__":
    main()
