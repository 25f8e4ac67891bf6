"""keras_augment_reference.py — Keras's own ImageDataGenerator on transforms
drawn here, for Kiln's compiled augmentation to match.

Writes into --out:
  augment.json  the block Kiln compiles: the images' shape and type, every
                step on (ranges, flips, a channel shift), --fill-mode,
                --cval, --rescale;
  images.bin    --batch seeded NHWC images of --height x --width x
                --channels, uint8 (or float32 0..255 with --float);
                with --target-size H W, each goes through a PNG file and
                Keras's load_img(target_size, interpolation) first (PIL's
                resize), as flow_from_directory loads it;
  params.bin    float64, per image: theta, tx, ty, shear, zx, zy,
                flip_horizontal, flip_vertical, channel_shift, brightness
                (1 unless --brightness), drawn here
                (numpy), fixed cases first: the identity, 90 and 180
                degrees, a shift past the border, both flips, a zoom out,
                a steep shear;
  expected.bin  float32, each image through ImageDataGenerator.apply_transform (the
                image as float32, as Keras's iterators hand it) and then
                standardize (the rescale): Keras 3's
                keras.src.legacy.preprocessing.image, whose warp is
                scipy.ndimage.affine_transform(order=1).
Run in the Keras environment (scripts/keras-env.sh).
"""
import argparse
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
from keras.src.legacy.preprocessing.image import ImageDataGenerator  # noqa: E402
from keras.utils import load_img  # noqa: E402
from PIL import Image  # noqa: E402

FIXED = [
    # theta, tx, ty, shear, zx, zy, flip_h, flip_v, channel_shift, brightness
    (0, 0, 0, 0, 1, 1, 0, 0, 0, 1.0),
    (90, 0, 0, 0, 1, 1, 0, 0, 0, 0.5),
    (180, 0, 0, 0, 1, 1, 0, 0, 0, 1.5),
    (0, 1.5, -0.7, 0, 1, 1, 0, 0, 0, 1.0),  # scaled by the size below
    (10, 0, 0, 0, 1, 1, 1, 1, 25.0, 1.3),
    (0, 0, 0, 0, 2.5, 1.7, 0, 0, -40.0, 0.8),
    (-30, 0.2, 0.1, 40, 0.6, 0.8, 1, 0, 0, 1.0),
]


def draw(rng, count, height, width):
    params = []
    for i in range(count):
        if i < len(FIXED):
            p = list(FIXED[i])
            p[1] *= height
            p[2] *= width
        else:
            p = [rng.uniform(-45, 45), rng.uniform(-0.3, 0.3) * height,
                 rng.uniform(-0.3, 0.3) * width, rng.uniform(-30, 30),
                 rng.uniform(0.6, 1.5), rng.uniform(0.6, 1.5),
                 float(rng.random() < 0.5), float(rng.random() < 0.5),
                 rng.uniform(-30, 30), rng.uniform(0.5, 1.5)]
        params.append(p)
    return np.array(params, dtype=np.float64)


def load_resized(image, index, args):
    """The image through a PNG file and Keras's load_img, as
    flow_from_directory(target_size=..., interpolation=...) loads it."""
    path = args.out / f"source{index}.png"
    channels = image.shape[2]
    Image.fromarray(image[:, :, 0] if channels == 1 else image).save(path)
    mode = {1: "grayscale", 3: "rgb", 4: "rgba"}[channels]
    loaded = load_img(path, color_mode=mode, target_size=tuple(args.target_size),
                      interpolation=args.interpolation)
    array = np.asarray(loaded, dtype=np.uint8)
    return array.reshape(array.shape[0], array.shape[1], channels)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--fill-mode", default="nearest",
                        choices=["nearest", "constant", "reflect", "wrap"])
    parser.add_argument("--cval", type=float, default=0.0)
    parser.add_argument("--rescale", type=float, default=0.0)
    parser.add_argument("--batch", type=int, default=12)
    parser.add_argument("--height", type=int, default=24)
    parser.add_argument("--width", type=int, default=31)
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--float", action="store_true")
    parser.add_argument("--float-range", type=float, nargs=2, default=[0, 255],
                        metavar=("LOW", "HIGH"),
                        help="the values of --float images")
    parser.add_argument("--brightness", action="store_true",
                        help="brightness_range [0.5, 1.5]")
    parser.add_argument("--channel-shift-range", type=float, default=30.0,
                        help="0: no channel shift step")
    parser.add_argument("--target-size", type=int, nargs=2,
                        metavar=("H", "W"))
    parser.add_argument("--interpolation", default="nearest")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)

    shape = (args.batch, args.height, args.width, args.channels)
    if args.float:
        images = rng.uniform(*args.float_range, shape).astype(np.float32)
    else:
        images = rng.integers(0, 256, shape, dtype=np.uint8)
    if args.target_size:
        images_in = images
        images = np.stack([load_resized(image, i, args)
                           for i, image in enumerate(images)])
    height, width = images.shape[1:3]
    params = draw(rng, args.batch, height, width)
    if not args.channel_shift_range:
        params[:, 8] = 0
    block = {"input": {"type": "float32" if args.float else "uint8",
                       "shape": list(shape)},
             "rotation_range": 45, "width_shift_range": 0.3,
             "height_shift_range": 0.3, "shear_range": 30,
             "zoom_range": [0.6, 1.5], "horizontal_flip": True,
             "vertical_flip": True, "channel_shift_range": args.channel_shift_range,
             "fill_mode": args.fill_mode, "cval": args.cval,
             "rescale": args.rescale}
    if args.brightness:
        block["brightness_range"] = [0.5, 1.5]
    if args.target_size:
        block["target_size"] = args.target_size
        block["interpolation"] = args.interpolation
    (args.out / "augment.json").write_text(json.dumps(
        {"name": "augment", "augment": block}, indent=1))

    generator = ImageDataGenerator(
        fill_mode=args.fill_mode, cval=args.cval, rescale=args.rescale or None,
        rotation_range=45, width_shift_range=0.3, height_shift_range=0.3,
        shear_range=30, zoom_range=[0.6, 1.5], horizontal_flip=True,
        vertical_flip=True, channel_shift_range=args.channel_shift_range,
        brightness_range=[0.5, 1.5] if args.brightness else None)
    expected = []
    for image, p in zip(images, params):
        transform = {"theta": p[0], "tx": p[1], "ty": p[2], "shear": p[3],
                     "zx": p[4], "zy": p[5], "flip_horizontal": bool(p[6]),
                     "flip_vertical": bool(p[7]),
                     "channel_shift_intensity": p[8]}
        if args.brightness:
            transform["brightness"] = p[9]
        x = generator.apply_transform(image.astype(np.float32), transform)
        expected.append(generator.standardize(np.array(x, dtype=np.float32)))
    expected = np.stack(expected).astype(np.float32)

    (images_in if args.target_size else images).tofile(args.out / "images.bin")
    params.tofile(args.out / "params.bin")
    expected.tofile(args.out / "expected.bin")
    print(f"{args.fill_mode}: {args.batch} images "
          f"{height}x{width}x{args.channels}, output range "
          f"{expected.min():.4g}..{expected.max():.4g}")


if __name__ == "__main__":
    main()
