"""dense_act_reference.py — PyTorch reference for test/e2e/Inputs/dense_act.json.

Dense layers followed by each activation a fused dense layer applies (ReLU,
ReLU6 as clip, leaky ReLU, sigmoid, tanh), with dropouts (the identity in
eval mode) between a dense layer and its activation and after one, and a last
dense layer whose output is also read by an add, so that it must not be fused
with its ReLU. The tanh layer is a second output (a fused layer that is both
read by the next layer and returned). Writes a case in the suite's format
(test/Inputs/reference_case.py).
"""
import pathlib
import sys

import torch
from torch import nn

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Inputs"))
from reference_case import output_dir, write_case  # noqa: E402


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
    out = output_dir(__doc__)
    torch.manual_seed(5)
    model = DenseAct().eval()
    # Larger weights than the default init, so that ReLU6's upper bound and
    # the negative side of every activation are reached.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(4.0)
    x = torch.randn(2, 20) * 2.0
    with torch.no_grad():
        outputs = model(x)
        clipped = torch.clamp(model.fc2(torch.relu(model.fc1(x))), 0.0, 6.0)
    write_case(out, [x], outputs, weights=model.state_dict().values())
    print(f"relu6 saturated at 6: {bool((clipped == 6.0).any())}, "
          f"at 0: {bool((clipped == 0.0).any())}")

if __name__ == "__main__":
    main()
