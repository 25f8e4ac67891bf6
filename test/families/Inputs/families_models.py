"""families_models.py — the PyTorch models of the network-family tests.

Shared by make_reference.py (exports the references) and
check_json_matches.py (checks Kiln's JSON forms against the same models).
Every model is built with seeded random weights, in eval mode, with its
batch-norm statistics and affine parameters randomized so that no batch norm
is the identity (a swapped running_mean/bias or weight/var in a weights file
then changes the output), and with no all-zero bias.
"""
import math
import pathlib
import sys

import torch
import torch.nn.functional as F
import torchvision
from torch import nn

# LeNet-5 is the network of examples/lenet5/lenet5.json; its reference module
# lives with the x86 end-to-end test.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "e2e" / "Inputs"))
from lenet5_reference import LeNet5  # noqa: E402


class _LRNFunction(torch.autograd.Function):
    """F.local_response_norm, exported as one ONNX LRN node.

    PyTorch's exporter has no symbolic for local_response_norm and would
    write its Python decomposition (Pad, AveragePool, Pow, If, ...); ONNX's
    LRN has exactly PyTorch's semantics
    (x / (bias + alpha / size * sum of squares over size channels) ** beta),
    so the reference model says LRN where it means LRN."""

    @staticmethod
    def forward(ctx, x, size, alpha, beta, bias):
        return F.local_response_norm(x, size, alpha, beta, bias)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, bias):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=bias)


class LRN(nn.LocalResponseNorm):
    def forward(self, x):
        return _LRNFunction.apply(x, self.size, self.alpha, self.beta, self.k)


class AlexNetLRN(nn.Module):
    """AlexNet as in Krizhevsky et al. 2012 / Caffe's bvlc_alexnet, the two
    GPU towers written as grouped convolutions (groups=2 in conv2, conv4 and
    conv5), local response normalization after conv1 and conv2, and Caffe's
    ceil-mode max pooling (so a 224x224 input reaches fc6 with 256x6x6, as a
    227x227 input does in Caffe)."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, 11, stride=4),                    # conv1
            nn.ReLU(inplace=True),
            LRN(5, alpha=1e-4, beta=0.75, k=2.0),              # norm1
            nn.MaxPool2d(3, 2, ceil_mode=True),                # pool1
            nn.Conv2d(96, 256, 5, padding=2, groups=2),        # conv2
            nn.ReLU(inplace=True),
            LRN(5, alpha=1e-4, beta=0.75, k=2.0),              # norm2
            nn.MaxPool2d(3, 2, ceil_mode=True),                # pool2
            nn.Conv2d(256, 384, 3, padding=1),                 # conv3
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1, groups=2),       # conv4
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1, groups=2),       # conv5
            nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, ceil_mode=True),                # pool5
        )
        self.classifier = nn.Sequential(
            nn.Linear(256 * 6 * 6, 4096),                      # fc6
            nn.ReLU(inplace=True),
            nn.Dropout(0.5),
            nn.Linear(4096, 4096),                             # fc7
            nn.ReLU(inplace=True),
            nn.Dropout(0.5),
            nn.Linear(4096, num_classes),                      # fc8
        )

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def _build(name):
    tv = torchvision.models
    if name == "lenet5":
        return LeNet5()
    if name == "alexnet":
        return tv.alexnet(weights=None)
    if name == "alexnet_lrn":
        return AlexNetLRN()
    if name == "vgg16":
        return tv.vgg16(weights=None)
    if name == "vgg19":
        return tv.vgg19(weights=None)
    if name == "googlenet":
        return tv.googlenet(weights=None, aux_logits=False, init_weights=True,
                            transform_input=False)
    if name == "resnet18":
        return tv.resnet18(weights=None)
    if name == "resnet50":
        return tv.resnet50(weights=None)
    # Beyond the classic families: depthwise convolutions with ReLU6 (Clip).
    if name == "mobilenet_v2":
        return tv.mobilenet_v2(weights=None)
    # Hard sigmoid and hard swish, squeeze-and-excitation gates (Mul).
    if name == "mobilenet_v3_small":
        return tv.mobilenet_v3_small(weights=None)
    # torch.chunk (Slice with computed bounds) and the channel shuffle
    # (Reshape → Transpose → Reshape of 5-D tensors).
    if name == "shufflenet_v2":
        return tv.shufflenet_v2_x0_5(weights=None)
    # Every layer concatenates all earlier feature maps of its block; 121
    # layers, compiled as several Halide pipelines.
    if name == "densenet121":
        return tv.densenet121(weights=None)
    # torchvision's other classifiers, as a user would export them.
    if name == "inception_v3":
        return tv.inception_v3(weights=None, aux_logits=False,
                               init_weights=True, transform_input=False)
    if name in TORCHVISION_CLASSIFIERS:
        return getattr(tv, name)(weights=None)
    raise ValueError(f"unknown model '{name}'")


MODELS = ["lenet5", "alexnet", "alexnet_lrn", "vgg16", "vgg19", "googlenet",
          "resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small",
          "shufflenet_v2", "densenet121", "inception_v3"]

# Built by torchvision's constructor of the same name, with no options:
# grouped and wide bottlenecks, fire modules, squeeze-and-excitation,
# inverted residuals with SiLU, batch-normed VGG.
TORCHVISION_CLASSIFIERS = ["resnext50_32x4d", "wide_resnet50_2",
                           "squeezenet1_1", "mnasnet0_5", "efficientnet_b0",
                           "regnet_y_400mf", "vgg11_bn"]
MODELS += TORCHVISION_CLASSIFIERS

# Models that have a Kiln JSON form, and where it is (relative to the repo).
JSON_FORMS = {
    "lenet5": "examples/lenet5/lenet5.json",
    "alexnet": "examples/alexnet/alexnet.json",
    "alexnet_lrn": "test/families/Inputs/alexnet_lrn.json",
    "vgg16": "examples/vgg16/vgg16.json",
    "resnet18": "examples/resnet18/resnet18.json",
}


def make_input(name, batch=1, seed=0):
    """The seeded standard-normal input: Nx1x28x28 for LeNet-5, else Nx3x224x224."""
    shape = (batch, 1, 28, 28) if name == "lenet5" else (batch, 3, 224, 224)
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed + 2))


def build_model(name, seed=0):
    """The model with seeded random weights, in eval mode."""
    torch.manual_seed(seed)
    model = _build(name)
    generator = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for module in model.modules():
            # VGG and GoogLeNet initialize biases to zero; a zero bias would
            # let a dropped or misplaced bias pass unnoticed (and makes the
            # ONNX exporter share one initializer among layers). Such biases
            # get PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
            if isinstance(module, (nn.Conv2d, nn.Linear)) and module.bias is not None \
                    and not module.bias.any():
                bound = 1.0 / math.sqrt(module.weight[0].numel())
                module.bias.copy_(torch.empty(module.bias.shape).uniform_(
                    -bound, bound, generator=generator))
            if isinstance(module, nn.BatchNorm2d):
                c = module.num_features
                module.running_mean.copy_(0.1 * torch.randn(c, generator=generator))
                module.running_var.copy_(
                    torch.empty(c).uniform_(0.5, 1.5, generator=generator))
                module.weight.copy_(
                    torch.empty(c).uniform_(0.5, 1.5, generator=generator))
                module.bias.copy_(0.1 * torch.randn(c, generator=generator))
    return model.eval()


def json_weight_tensors(name, model):
    """(state_dict key, tensor) in the order of the Kiln JSON weights file:
    the layers' order in the JSON form, each layer's weight before its bias,
    batch norms as weight, bias, running_mean, running_var.

    For every model with a JSON form the modules are declared in execution
    order (ResNet's downsample after bn2, which is where the JSON form puts
    the shortcut), so the state_dict order is the file order; only
    num_batches_tracked, which is not a weight, is left out. A model whose
    declaration order differed would reorder here."""
    return [(k, v) for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked")]
