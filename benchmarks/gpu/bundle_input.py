"""bundle_input.py — the seeded input of a GPU bundle case, made the same way
where the bundle is packed and on the GPU machine, so that a bundle need not
carry it (ResNet-18's batch-32 input alone is 19 MiB of the 64 a transfer
may hold).

Values are uniform in [-1, 1), made from PCG64's raw 64-bit words with exact
float32 arithmetic only, so every NumPy version on every machine gives the
same bits (NumPy's own normal and uniform samplers promise no such thing).
The SHA-256 recorded when packing proves it for each case.
"""
import hashlib

import numpy as np


def input_shape(model_name, batch):
    return (batch, 1, 28, 28) if model_name == "lenet5" else (batch, 3, 224, 224)


def make_input(model_name, batch, seed=0):
    shape = input_shape(model_name, batch)
    words = np.random.PCG64(seed).random_raw(int(np.prod(shape)))
    top_24_bits = (words >> np.uint64(40)).astype(np.float32)  # exact
    return (top_24_bits * np.float32(2.0 ** -23) - np.float32(1.0)).reshape(shape)


def digest(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype="<f4").tobytes()).hexdigest()
