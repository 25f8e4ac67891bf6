"""input_pixels_reference.py — 8-bit pixels and what torchvision makes of them.

For the pixel flags of kilnc (--input-type=uint8, --input-layout=nhwc,
--channel-order, --scale, --mean, --std), writes into --out:
  model.onnx       --model: families_models' seeded ResNet-18 (224x224),
                   or a small seeded CNN (32x32: a padded 3x3 convolution
                   first, a strided one, global pooling, a linear layer;
                   quick under qemu), exported with a float NCHW input
                   (batch 1) as PyTorch users do;
  rgb.npy          a seeded 1xSxSx3 uint8 image (NHWC, RGB), with a
                   smooth gradient under the noise and saturated corners
                   (0 and 255), so both ends of the range reach the border;
  bgr.npy          the same pixels in BGR order (what OpenCV decodes);
  expected_0.npy   the model's output on torchvision's ToTensor() +
                   Normalize(ImageNet mean, std) of the RGB image: the
                   preprocessing a PyTorch user writes, not Kiln's formula.
"""
import argparse
import pathlib
import sys

import numpy as np
import torch
from torchvision import transforms

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "families" / "Inputs"))
from families_models import build_model  # noqa: E402

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def small_cnn():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
        torch.nn.Linear(32, 10)).eval()


def make_image(rng, size):
    y, x = np.mgrid[0:size, 0:size]
    base = np.stack([x, y, size - 1 - x], axis=-1) * (255.0 / (size - 1))
    noisy = base + rng.normal(0.0, 40.0, base.shape)
    image = np.clip(np.rint(noisy), 0, 255).astype(np.uint8)
    image[:8, :8] = 0
    image[-8:, -8:] = 255
    return image


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--model", choices=["resnet18", "small"], default="resnet18")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    if args.model == "resnet18":
        model, size = build_model("resnet18", seed=0), 224
    else:
        model, size = small_cnn(), 32
    image = make_image(np.random.default_rng(5), size)
    preprocess = transforms.Compose([transforms.ToTensor(),
                                     transforms.Normalize(MEAN, STD)])
    x = preprocess(image).unsqueeze(0)
    with torch.no_grad():
        expected = model(x).numpy()

    np.save(args.out / "rgb.npy", image[None])
    np.save(args.out / "bgr.npy", np.ascontiguousarray(image[None, :, :, ::-1]))
    np.save(args.out / "expected_0.npy", expected)
    torch.onnx.export(model, x, str(args.out / "model.onnx"), opset_version=13,
                      do_constant_folding=True, input_names=["image"],
                      output_names=["scores"])
    print(f"image: {'x'.join(map(str, image[None].shape))} uint8, "
          f"values {image.min()}..{image.max()}; output "
          f"{'x'.join(map(str, expected.shape))}")


if __name__ == "__main__":
    main()
