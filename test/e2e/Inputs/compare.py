"""compare.py — compare a float32 output file with a reference file.

Files are raw little-endian float32, or NumPy .npy files (by extension), whose
shapes must then be equal too.

Prints the largest absolute and relative differences and exits non-zero when
any value is outside |actual - expected| <= atol + rtol * |expected| (numpy's
allclose rule) or when the files differ in length.
"""
import argparse
import sys

import numpy as np


def check(actual, expected, rtol, atol):
    """Compares two flat float32 arrays, prints the verdict; 0 when they agree."""
    if actual.shape != expected.shape:
        print(f"MISMATCH: {actual.size} values, expected {expected.size}")
        return 1
    if not np.all(np.isfinite(actual)):
        print("MISMATCH: output has NaN or infinite values")
        return 1
    diff = np.abs(actual - expected)
    bad = diff > atol + rtol * np.abs(expected)
    rel = diff / np.maximum(np.abs(expected), np.finfo(np.float32).tiny)
    print(f"max abs diff {diff.max():.3g}, max rel diff {rel.max():.3g}")
    if bad.any():
        i = int(np.argmax(bad))
        print(f"MISMATCH: {int(bad.sum())} of {actual.size} values outside "
              f"rtol={rtol:g} atol={atol:g}; first at {i}: "
              f"{actual[i]!r} vs {expected[i]!r}")
        return 1
    print(f"OK: {actual.size} values within rtol={rtol:g} atol={atol:g}")
    return 0


def load(path):
    if path.endswith(".npy"):
        array = np.load(path)
        if array.dtype != np.float32:
            raise SystemExit(f"MISMATCH: {path} holds {array.dtype}, not float32")
        return array
    return np.fromfile(path, dtype="<f4")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, required=True)
    parser.add_argument("--atol", type=float, required=True)
    parser.add_argument("--atol-of-max", action="store_true",
                        help="scale atol by the reference's largest magnitude "
                             "(for outputs whose scale is far from 1)")
    args = parser.parse_args()

    actual, expected = load(args.actual), load(args.expected)
    if actual.ndim > 1 or expected.ndim > 1:
        if actual.shape != expected.shape:
            print(f"MISMATCH: shape {actual.shape}, expected {expected.shape}")
            return 1
        actual, expected = actual.ravel(), expected.ravel()
    atol = args.atol
    if args.atol_of_max:
        atol *= float(np.max(np.abs(expected))) if expected.size else 1.0
        print(f"atol {args.atol:g} of the largest magnitude: {atol:.3g}")
    return check(actual, expected, args.rtol, atol)


if __name__ == "__main__":
    sys.exit(main())
