"""check_draws.py — are Kiln's random augmentation parameters drawn from the
distributions Keras 3's ImageDataGenerator.get_random_transform draws from?

Reads PARAMS.bin (float64, per image: theta, tx, ty, shear, zx, zy,
flip_horizontal, flip_vertical, channel_shift, brightness; written by
augment_apply --seed) for the block of draws.json (test/augment/draws.test) on images of
--height x --width, and checks each against Keras's rule, with a
Kolmogorov-Smirnov or chi-square test (scipy.stats) at p > 1e-4:
  theta ~ U(-30, 30); shear ~ U(-10, 10); channel_shift ~ U(-20, 20);
  ty (width_shift_range 0.2, a float below 1: a fraction of the width)
    ~ U(-0.2 W, 0.2 W);
  tx (height_shift_range 5, an int: np.random.choice(5) * choice([-1, 1]))
    uniform on {0..4} times a fair sign: 0 twice as likely as +-k;
  zx, zy ~ U(0.8, 1.2), drawn apart (|correlation| small);
  brightness ~ U(0.5, 1.5);
  flip_horizontal ~ Bernoulli(0.5); flip_vertical always 0 (off).
Prints one line per check and exits 1 on any failure.
"""
import argparse
import sys

import numpy as np
from scipy import stats


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("params")
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    args = parser.parse_args()
    p = np.fromfile(args.params, dtype=np.float64).reshape(-1, 10)
    theta, tx, ty, shear, zx, zy, fh, fv, shift, bright = p.T
    failures = 0

    def report(name, ok, detail):
        nonlocal failures
        failures += not ok
        print(f"{name}: {'ok' if ok else 'FAILED'} ({detail})")

    def uniform(name, values, low, high):
        inside = bool(np.all((values >= low) & (values <= high)))
        pvalue = stats.kstest(values, stats.uniform(low, high - low).cdf).pvalue
        report(name, inside and pvalue > 1e-4,
               f"within [{low:g}, {high:g}]: {inside}, KS p {pvalue:.3g}")

    uniform("theta", theta, -30, 30)
    uniform("shear", shear, -10, 10)
    uniform("channel_shift", shift, -20, 20)
    uniform("ty", ty, -0.2 * args.width, 0.2 * args.width)
    uniform("zx", zx, 0.8, 1.2)
    uniform("zy", zy, 0.8, 1.2)
    uniform("brightness", bright, 0.5, 1.5)
    correlation = float(np.corrcoef(zx, zy)[0, 1])
    report("zx, zy apart", abs(correlation) < 5 / np.sqrt(len(p)),
           f"correlation {correlation:.3f}")

    values, counts = np.unique(tx, return_counts=True)
    whole = set(values.tolist()) <= set(range(-4, 5))
    expected = np.array([1 if v else 2 for v in range(-4, 5)], dtype=float)
    observed = np.array([counts[values == v].sum() for v in range(-4, 5)])
    pvalue = stats.chisquare(observed, expected / expected.sum() * len(p)).pvalue
    report("tx", whole and pvalue > 1e-4,
           f"whole pixels in -4..4: {whole}, chi-square p {pvalue:.3g}")

    heads = int(fh.sum())
    pvalue = stats.binomtest(heads, len(p), 0.5).pvalue
    report("flip_horizontal", set(fh.tolist()) <= {0.0, 1.0} and pvalue > 1e-4,
           f"{heads} of {len(p)}, binomial p {pvalue:.3g}")
    report("flip_vertical", not fv.any(), f"{int(fv.sum())} set")
    print(f"{len(p)} draws, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
