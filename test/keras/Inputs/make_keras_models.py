"""make_keras_models.py — small Keras CNNs exported to ONNX by Keras itself,
with Keras's own predictions as the reference.

Run in the Keras environment (scripts/keras-env.sh); it writes, per model,
OUT/<name>/model.onnx (Keras 3's model.export(format="onnx"), tf2onnx
underneath: a symbolic batch, NHWC with Transposes, Flatten as a shape
subgraph, MatMul for Dense), input_0.npy (a seeded batch of 2, or as the
model takes; uint8 pixels for rescaled_rgb) and expected_0.npy
(model.predict). The models are the
tutorial networks Kiln's users start from, at small sizes; weights are
random (seeded). test/keras/ ships what this wrote; regenerate with

  scripts/keras-env.sh python test/keras/Inputs/make_keras_models.py \
      --out test/keras/models
"""
import argparse
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402


def tutorial_cnn():
    """The classic notebook CNN: Rescaling, two conv/pool blocks, Flatten,
    Dense, Dropout, a sigmoid output."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Rescaling(1 / 255.0),
        layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(32, activation="relu"),
        layers.Dropout(0.5), layers.Dense(1, activation="sigmoid")])


def lenet5():
    return keras.Sequential([
        keras.Input((32, 32, 1)),
        layers.Conv2D(6, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Conv2D(16, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Flatten(), layers.Dense(120, activation="tanh"),
        layers.Dense(84, activation="tanh"),
        layers.Dense(10, activation="softmax")])


def alexnet_like():
    return keras.Sequential([
        keras.Input((67, 67, 3)),
        layers.Conv2D(16, 11, strides=4, activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(3, strides=2),
        layers.Conv2D(24, 5, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(3, strides=2),
        layers.Flatten(), layers.Dense(32, activation="relu"),
        layers.Dropout(0.5), layers.Dense(10, activation="softmax")])


def inception_block():
    x = keras.Input((16, 16, 8))
    a = layers.Conv2D(8, 1, activation="relu")(x)
    b = layers.Conv2D(8, 1, activation="relu")(x)
    b = layers.Conv2D(12, 3, padding="same", activation="relu")(b)
    c = layers.Conv2D(4, 1, activation="relu")(x)
    c = layers.Conv2D(6, 5, padding="same", activation="relu")(c)
    d = layers.MaxPooling2D(3, strides=1, padding="same")(x)
    d = layers.Conv2D(6, 1, activation="relu")(d)
    y = layers.Concatenate()([a, b, c, d])
    y = layers.MaxPooling2D()(y)
    y = layers.Flatten()(y)
    return keras.Model(x, layers.Dense(10, activation="softmax")(y))


def small_resnet():
    def block(x, filters, stride):
        shortcut = x
        y = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
        y = layers.BatchNormalization()(y)
        y = layers.ReLU()(y)
        y = layers.Conv2D(filters, 3, padding="same")(y)
        y = layers.BatchNormalization()(y)
        if stride != 1 or shortcut.shape[-1] != filters:
            shortcut = layers.Conv2D(filters, 1, strides=stride)(shortcut)
        return layers.ReLU()(layers.Add()([y, shortcut]))

    x = keras.Input((32, 32, 3))
    y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    y = block(y, 16, 1)
    y = block(y, 32, 2)
    y = layers.GlobalAveragePooling2D()(y)
    return keras.Model(x, layers.Dense(10, activation="softmax")(y))


def depthwise_same():
    x = keras.Input((33, 33, 3))
    y = layers.Conv2D(16, 3, strides=2, padding="same")(x)
    y = layers.ReLU(6.0)(y)
    y = layers.DepthwiseConv2D(3, padding="same")(y)
    y = layers.ReLU(6.0)(y)
    y = layers.Conv2D(24, 1)(y)
    y = layers.DepthwiseConv2D(3, strides=2, padding="same")(y)
    y = layers.ReLU(6.0)(y)
    y = layers.GlobalAveragePooling2D()(y)
    return keras.Model(x, layers.Dense(5)(y))


def rescaled_rgb():
    """The tutorial's RGB image path at inference: Rescaling(1./255) inside
    the model, a padded convolution first. Its input is 8-bit pixels
    (input_0.npy is uint8; Keras predicted on them as floats), for
    kilnc --input-type=uint8, which folds the rescaling into the pixel
    conversion."""
    return keras.Sequential([
        keras.Input((24, 24, 3)),
        layers.Rescaling(1 / 255.0),
        layers.Conv2D(8, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(5)])


# Each model's builder and its input: random floats in [0, scale), or
# "pixels": random uint8 values.
MODELS = {
    "tutorial_cnn": (tutorial_cnn, 255.0),
    "rescaled_rgb": (rescaled_rgb, "pixels"),
    "lenet5": (lenet5, 1.0),
    "alexnet_like": (alexnet_like, 1.0),
    "inception_block": (inception_block, 1.0),
    "small_resnet": (small_resnet, 1.0),
    "depthwise_same": (depthwise_same, 1.0),
}


def randomize_batch_norms(model, rng):
    """Statistics away from their initial values, so that folding them
    matters."""
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            gamma, beta, mean, variance = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape),
                               rng.uniform(-0.5, 0.5, beta.shape),
                               rng.uniform(-0.3, 0.3, mean.shape),
                               rng.uniform(0.5, 2.0, variance.shape)])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    for name in args.models.split(","):
        build, scale = MODELS[name]
        keras.utils.set_random_seed(7)
        model = build()
        rng = np.random.default_rng(11)
        randomize_batch_norms(model, rng)
        shape = (2,) + tuple(model.inputs[0].shape[1:])
        if scale == "pixels":
            x = rng.integers(0, 256, shape, dtype=np.uint8)
        else:
            x = (rng.uniform(0, 1, shape) * scale).astype(np.float32)
        expected = model.predict(x.astype(np.float32), verbose=0).astype(np.float32)
        out = args.out / name
        out.mkdir(parents=True, exist_ok=True)
        model.export(str(out / "model.onnx"), format="onnx", verbose=False)
        np.save(out / "input_0.npy", x)
        np.save(out / "expected_0.npy", expected)
        print(f"{name}: input {'x'.join(map(str, x.shape))}, output "
              f"{'x'.join(map(str, expected.shape))}, "
              f"{(out / 'model.onnx').stat().st_size} bytes")


if __name__ == "__main__":
    main()
