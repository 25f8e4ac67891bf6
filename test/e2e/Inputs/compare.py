"""compare.py — compare a float32 output file with a reference file.

Prints the largest absolute and relative differences and exits non-zero when
any value is outside |actual - expected| <= atol + rtol * |expected| (numpy's
allclose rule) or when the files differ in length. check() is also used by
test/families/Inputs/compare_npy.py for .npy files.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, required=True)
    parser.add_argument("--atol", type=float, required=True)
    args = parser.parse_args()
    return check(np.fromfile(args.actual, dtype="<f4"),
                 np.fromfile(args.expected, dtype="<f4"), args.rtol, args.atol)


if __name__ == "__main__":
    sys.exit(main())
