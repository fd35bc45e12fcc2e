"""FID reference values for tools/research/lib/metrics.test.ts, computed with SciPy in the regimes the
evaluation runs in: d = 128 features, a rank-deficient sample (n < d, as --quick's 50 images), and
two nearly equal sets (small FIDs, where tr(S1) + tr(S2) - 2 tr(sqrt(S1 S2)) cancels).

    python3 tools/__fixtures__/make_fid_reference.py > tools/__fixtures__/fid_reference.json

The features come from a closed formula (no RNG), written identically in the TypeScript test.
"""
import json

import numpy as np
from scipy import linalg


def features(n, d, p, q, wobble=0.0):
    """f[i, j] = sin(0.7 i (j + 1) + 0.3 j + p) (1 + j / d) + q cos(1.3 i + 0.5 j^2) + wobble sin(2.1 i + j)."""
    i = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(d, dtype=np.float64)[None, :]
    return (np.sin(0.7 * i * (j + 1) + 0.3 * j + p) * (1 + j / d) + q * np.cos(1.3 * i + 0.5 * j * j)
            + wobble * np.sin(2.1 * i + j))


def fid_sqrtm(mu1, s1, mu2, s2):
    """pytorch-fid's calculate_frechet_distance (Heusel et al. 2017) with scipy.linalg.sqrtm."""
    covmean = linalg.sqrtm(s1.dot(s2))
    covmean = covmean.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fid_eigh(mu1, s1, mu2, s2):
    """The same through symmetric eigendecompositions: tr sqrt(S1 S2) = sum sqrt eig(S1^1/2 S2 S1^1/2)."""
    w, v = linalg.eigh(s1)
    r1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    lam = linalg.eigvalsh(r1 @ s2 @ r1)
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(lam, 0, None)).sum())


SETS = {
    "a": dict(n=400, p=0.0, q=0.3),
    "b": dict(n=400, p=0.5, q=1.0),
    "a_wobble": dict(n=400, p=0.0, q=0.3, wobble=0.02),
    "low_rank": dict(n=50, p=0.2, q=0.3),
}
CASES = [("a", "b"), ("a", "a_wobble"), ("low_rank", "a")]


def main():
    d = 128
    stats = {}
    for name, s in SETS.items():
        f = features(s["n"], d, s["p"], s["q"], s.get("wobble", 0.0))
        stats[name] = (f.mean(0), np.cov(f, rowvar=False))
    cases = []
    for x, y in CASES:
        a, b = fid_sqrtm(*stats[x], *stats[y]), fid_eigh(*stats[x], *stats[y])
        assert abs(a - b) <= 1e-6 * max(abs(a), 1e-3), (x, y, a, b)
        cases.append({"x": x, "y": y, "fid": a, "fidEigh": b})
    print(json.dumps({"d": d, "formula": features.__doc__, "sets": SETS, "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
