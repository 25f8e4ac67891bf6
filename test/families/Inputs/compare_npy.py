"""compare_npy.py — compare a .npy output with a reference .npy.

Checks that the shapes are the same and the output is float32, then compares
the values as test/e2e/Inputs/compare.py does: prints the largest absolute
and relative differences and `OK: N values within rtol=R atol=A`, or a
MISMATCH line and exits non-zero when a value is not finite or outside
|actual - expected| <= atol + rtol * |expected|.
"""
import argparse
import pathlib
import sys

import numpy as np

sys.dont_write_bytecode = True  # tests must not write into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "e2e" / "Inputs"))
from compare import check  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, required=True)
    parser.add_argument("--atol", type=float, required=True)
    args = parser.parse_args()

    actual = np.load(args.actual)
    expected = np.load(args.expected)
    if actual.shape != expected.shape:
        print(f"MISMATCH: shape {'x'.join(map(str, actual.shape))}, "
              f"expected {'x'.join(map(str, expected.shape))}")
        return 1
    if actual.dtype != np.float32:
        print(f"MISMATCH: dtype {actual.dtype}, expected float32")
        return 1
    return check(actual.ravel(), expected.astype(np.float32).ravel(), args.rtol, args.atol)


if __name__ == "__main__":
    sys.exit(main())
