"""Independent NumPy reference values for the TypeScript sampler core (src/core/).

Reimplements, in float64 and without looking at the TypeScript, the noise schedule, the
respaced timesteps, the stitching plan, the seeded noise stream, classifier-free guidance,
DDIM (Song et al. 2021), DDPM (Ho et al. 2020) and DPM-Solver++(2M) (Lu et al. 2022) with
closed-form fake denoisers, and FID with scipy.linalg.sqrtm. The sampler follows guided-diffusion's respacing (new betas from
the kept alphaBars) rather than the TypeScript's per-step formulas, so the two meet only in
the maths.

    python3 training/reference/make_core_reference.py   # writes src/core/__fixtures__/core_reference.json
"""
import json
import math
from pathlib import Path

import numpy as np
import scipy.linalg

OUT = Path(__file__).resolve().parents[2] / "src" / "core" / "__fixtures__" / "core_reference.json"
M32 = 0xFFFFFFFF


# ---- schedule ---------------------------------------------------------------------------
def alpha_bars(spec: dict) -> np.ndarray:
    """alphaBar_t = prod (1 - beta_s), DDPM eq. 4; cosine per Nichol & Dhariwal eq. 17."""
    T = spec["T"]
    if spec["type"] == "linear":
        betas = np.linspace(spec.get("betaStart", 1e-4), spec.get("betaEnd", 0.02), T, dtype=np.float64)
    else:
        ab = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = np.array([min(1 - ab((i + 1) / T) / ab(i / T), 0.999) for i in range(T)])
    return np.cumprod(1.0 - betas)


def sampling_timesteps(T: int, steps: int) -> list:
    return [int(v) for v in np.round(np.linspace(T - 1, 0, steps))]


def small_steps(steps: int, fraction: float) -> int:
    """round(fraction * steps), halves up, after removing float noise at 9 decimals."""
    return math.floor(round(fraction * steps, 9) + 0.5)


def plan(steps: int, fraction: float) -> list:
    k = small_steps(steps, fraction)
    return ["small"] * k + ["large"] * (steps - k)


# ---- noise: splitmix32 -> xoshiro128**, Box-Muller ----------------------------------------
def rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & M32


class Noise:
    def __init__(self, seed: int):
        state = seed & M32
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B9) & M32
            z = state
            z = ((z ^ (z >> 16)) * 0x21F0AAAD) & M32
            z = ((z ^ (z >> 15)) * 0x735A2D97) & M32
            words.append(z ^ (z >> 15))
        self.s = words
        self.spare = None

    def uint32(self) -> int:
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def normal(self, n: int) -> np.ndarray:
        out = np.empty(n, dtype=np.float32)  # the TypeScript stream is float32
        for i in range(n):
            if self.spare is not None:
                out[i], self.spare = self.spare, None
                continue
            u1 = (self.uint32() + 1) / 2**32
            u2 = self.uint32() / 2**32
            r = math.sqrt(-2 * math.log(u1))
            theta = 2 * math.pi * u2
            out[i] = r * math.cos(theta)
            self.spare = r * math.sin(theta)
        return out


# ---- fake denoisers (closed form, the TypeScript tests use the same formulas) ------------
def fake_small(x, t, y, T):
    return 0.3 * x + 0.05 * (y + 1)[:, None, None, None]


def fake_large(x, t, y, T):
    return 0.25 * np.tanh(x) + 0.04 * (y + 1)[:, None, None, None] - 0.01 * t / T


FAKES = {"small": fake_small, "large": fake_large}


# ---- DPM-Solver++(2M) ---------------------------------------------------------------------
class DPMSolverPP2M:
    """DPM-Solver++(2M), Lu et al. 2022 Alg. 2, after the authors' dpm_solver_pytorch.py
    (algorithm_type="dpmsolver++", solver_type="dpmsolver", multistep order 2, lower order
    on the first step and on the final step to alphaBar = 1). Times are given as alphaBar of
    the discrete VP schedule; the history (model_prev_list, lambda_prev_list) lives as long as
    the trajectory, so a stitched run keeps it across the small -> large switch."""

    def __init__(self):
        self.model_prev_list = []   # data predictions x_theta at earlier times
        self.lambda_prev_list = []  # their lambda

    @staticmethod
    def marginal_log_mean_coeff(ab):
        return 0.5 * np.log(ab)

    @classmethod
    def marginal_std(cls, ab):
        return np.sqrt(1.0 - np.exp(2.0 * cls.marginal_log_mean_coeff(ab)))

    @classmethod
    def marginal_lambda(cls, ab):
        with np.errstate(divide="ignore"):  # ab = 1: std 0, lambda = +inf
            return cls.marginal_log_mean_coeff(ab) - np.log(cls.marginal_std(ab))

    def update(self, x, model_s, ab_s, ab_t):
        """From x at alphaBar ab_s, with x_theta(x, s) = model_s, to alphaBar ab_t > ab_s."""
        self.model_prev_list.append(model_s)
        self.lambda_prev_list.append(self.marginal_lambda(ab_s))
        lambda_t = self.marginal_lambda(ab_t)
        alpha_t = np.exp(self.marginal_log_mean_coeff(ab_t))
        sigma_prev_0, sigma_t = self.marginal_std(ab_s), self.marginal_std(ab_t)
        if len(self.model_prev_list) == 1 or ab_t == 1.0:
            # dpm_solver_first_update (DPM-Solver++-1, = DDIM eta 0); at ab_t = 1 it is x_theta
            if ab_t == 1.0:
                return model_s.copy()
            h = lambda_t - self.lambda_prev_list[-1]
            phi_1 = np.expm1(-h)
            return sigma_t / sigma_prev_0 * x - alpha_t * phi_1 * model_s
        # multistep_dpm_solver_second_update
        model_prev_1, model_prev_0 = self.model_prev_list[-2], self.model_prev_list[-1]
        lambda_prev_1, lambda_prev_0 = self.lambda_prev_list[-2], self.lambda_prev_list[-1]
        h_0 = lambda_prev_0 - lambda_prev_1
        h = lambda_t - lambda_prev_0
        r0 = h_0 / h
        D1_0 = (1.0 / r0) * (model_prev_0 - model_prev_1)
        phi_1 = np.expm1(-h)
        return (sigma_t / sigma_prev_0) * x - (alpha_t * phi_1) * model_prev_0 - 0.5 * (alpha_t * phi_1) * D1_0


def dpm_sequence(ab_seq, xs, epss, clip):
    """One DPM-Solver++(2M) per sequence; step k goes ab_seq[k] -> ab_seq[k + 1] with given x, eps."""
    solver = DPMSolverPP2M()
    outs, x0s = [], []
    for k, (x, eps) in enumerate(zip(xs, epss)):
        a = ab_seq[k]
        x0 = (x - np.sqrt(1 - a) * eps) / np.sqrt(a)  # data prediction from the noise prediction
        if clip:
            x0 = np.clip(x0, -1, 1)
        outs.append(solver.update(x, x0, a, ab_seq[k + 1]))
        x0s.append(x0)
    return outs, x0s


# ---- sampling ---------------------------------------------------------------------------
def sample(ab_full, sampler, eta, steps, roles, guidance, null_class, classes, shape, seed, clip=True):
    """Whole trajectory; returns (final x, per-step x, per-step x0, model calls)."""
    T = len(ab_full)
    ts = sampling_timesteps(T, steps)
    # guided-diffusion's SpacedDiffusion: keep alphaBar at the used timesteps (ascending) and
    # rebuild betas from them; alphaBar_prev is the previous kept value, 1 before the first.
    kept = sorted(ts)
    ab_sp = np.array([ab_full[t] for t in kept])
    betas_sp = 1 - ab_sp / np.append(1.0, ab_sp[:-1])
    ab_prev_sp = np.append(1.0, ab_sp[:-1])

    noise = Noise(seed)
    solver = DPMSolverPP2M()  # one per trajectory, whichever model runs the step
    B = len(classes)
    C, H, W = shape
    size = B * C * H * W
    x = noise.normal(size).astype(np.float64).reshape(B, C, H, W)
    xs, x0s, calls = [], [], []
    for i, t in enumerate(ts):
        j = kept.index(t)  # index in the respaced process
        a, a_prev, beta = ab_sp[j], ab_prev_sp[j], betas_sp[j]
        f = FAKES[roles[i]]
        calls.append((roles[i], B if guidance == 1 else 2 * B))
        if guidance == 1:
            eps = f(x, t, classes, T)
        else:  # DiT forward_with_cfg: [x; x], y = [classes; null]
            out = f(np.concatenate([x, x]), t, np.concatenate([classes, np.full(B, null_class)]), T)
            cond, uncond = out[:B], out[B:]
            eps = uncond + guidance * (cond - uncond)
        x0 = (x - np.sqrt(1 - a) * eps) / np.sqrt(a)
        if clip:
            x0 = np.clip(x0, -1, 1)
        eps = (np.sqrt(1 / a) * x - x0) / np.sqrt(1 / a - 1)  # _predict_eps_from_xstart
        last = j == 0
        if sampler == "dpmpp2m":
            mean = solver.update(x, x0, a, a_prev)
            draws = False
        elif sampler == "ddim":
            sigma = eta * np.sqrt((1 - a_prev) / (1 - a)) * np.sqrt(1 - a / a_prev)
            mean = x0 * np.sqrt(a_prev) + np.sqrt(1 - a_prev - sigma**2) * eps
            draws = eta > 0
        else:
            coef1 = beta * np.sqrt(a_prev) / (1 - a)
            coef2 = (1 - a_prev) * np.sqrt(1 - beta) / (1 - a)
            mean = coef1 * x0 + coef2 * x
            sigma = np.sqrt(beta * (1 - a_prev) / (1 - a))
            draws = True
        if draws and not last:  # guided-diffusion's nonzero_mask: no noise at t = 0
            x = mean + sigma * noise.normal(size).astype(np.float64).reshape(x.shape)
        else:
            x = mean
        xs.append(x.copy())
        x0s.append(x0.copy())
    return x, xs, x0s, calls


# ---- FID --------------------------------------------------------------------------------
def features(seed, n, d, a, b, shift):
    """Correlated test features from the shared noise stream (float32, like the classifier's)."""
    z = Noise(seed).normal(n * d).astype(np.float64).reshape(n, d)
    j = np.arange(d)
    f = z * (a + j / d) + b * z[:, (j + 1) % d] + shift * j / d
    return f.astype(np.float32)


def fid(mu1, s1, mu2, s2):
    covmean = scipy.linalg.sqrtm(s1 @ s2).real
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fid_case(d, n):
    specs = [dict(seed=101 + d, a=1.0, b=0.5, shift=0.0), dict(seed=202 + d, a=1.2, b=0.3, shift=0.7)]
    stats = []
    for s in specs:
        f = features(n=n, d=d, **s).astype(np.float64)
        stats.append((f.mean(0), np.cov(f, rowvar=False)))
    (mu1, s1), (mu2, s2) = stats
    case = {
        "d": d,
        "n": n,
        "features": specs,
        "fid": fid(mu1, s1, mu2, s2),
        "fidSelf": fid(mu1, s1, mu1, s1),
        "mu1": mu1.tolist(),
        "mu2": mu2.tolist(),
        "sigmaTrace": [float(np.trace(s1)), float(np.trace(s2))],
        "sigmaSum": [float(s1.sum()), float(s2.sum())],
    }
    if d <= 8:
        case["sigma1"] = s1.ravel().tolist()
        case["sigma2"] = s2.ravel().tolist()
    return case


def build_reference() -> dict:
    schedules = {
        "linear": {"type": "linear", "T": 1000, "betaStart": 1e-4, "betaEnd": 0.02},
        "cosine": {"type": "cosine", "T": 1000},
        "linearShort": {"type": "linear", "T": 50, "betaStart": 1e-3, "betaEnd": 0.05},
    }
    ab = {k: alpha_bars(v) for k, v in schedules.items()}

    timestep_cases = [(1000, s) for s in (1, 2, 3, 7, 10, 49, 50, 100, 250)] + [(6, 3), (4, 3), (10, 4), (5, 5)]
    plan_cases = [
        {"steps": s, "fraction": f, "small": small_steps(s, f)}
        for s in (1, 5, 10, 25, 50, 100, 250)
        for f in (0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.9, 1)
    ]

    noise_cases = []
    for seed in (0, 1, 42, 2**32 - 1):
        g = Noise(seed)
        words = [g.uint32() for _ in range(6)]
        noise_cases.append({"seed": seed, "uint32": words, "normal": [float(v) for v in Noise(seed).normal(9)]})

    base = {"steps": 10, "classes": [3, 7], "nullClass": 10, "shape": [1, 4, 4], "seed": 2024}
    samplers = [("ddim", 0.0), ("ddim", 0.5), ("ddpm", None)]
    runs = []
    for sched in ("linear", "cosine"):
        for sampler, eta in samplers:
            for guidance in (1, 3):
                for fraction in (0, 0.3, 1):
                    roles = plan(base["steps"], fraction)
                    x, xs, x0s, calls = sample(
                        ab[sched], sampler, eta, base["steps"], roles, guidance, base["nullClass"],
                        np.array(base["classes"]), base["shape"], base["seed"],
                    )
                    run = {"schedule": sched, "sampler": sampler, "eta": eta, "guidance": guidance,
                           "fraction": fraction, "plan": roles, "batchPerCall": [n for _, n in calls],
                           "x0": x.ravel().tolist()}
                    if (sched, sampler, eta, guidance, fraction) == ("linear", "ddim", 0.5, 3, 0.3):
                        run["trajectory"] = {"x": [v.ravel().tolist() for v in xs],
                                             "x0": [v.ravel().tolist() for v in x0s]}
                    runs.append(run)
    # Without clipping x0 leaves [-1, 1], so these runs check values the clip would hide.
    for sched, sampler, eta, guidance in (("linear", "ddim", 0.0, 3), ("cosine", "ddpm", None, 1)):
        roles = plan(base["steps"], 0.3)
        x, _, _, calls = sample(
            ab[sched], sampler, eta, base["steps"], roles, guidance, base["nullClass"],
            np.array(base["classes"]), base["shape"], base["seed"], clip=False,
        )
        runs.append({"schedule": sched, "sampler": sampler, "eta": eta, "guidance": guidance, "fraction": 0.3,
                     "clipDenoised": False, "plan": roles, "batchPerCall": [n for _, n in calls],
                     "x0": x.ravel().tolist()})

    # DPM-Solver++(2M): step sequences with given inputs, and whole runs (20 steps).
    rng = np.random.default_rng(7)
    dpm_steps = []
    for sched, steps, n, scale, clip in (("linear", 5, 5, 1.0, True), ("cosine", 8, 4, 1.5, False),
                                         ("linearShort", 6, 6, 2.0, True)):
        ab_seq = [float(ab[sched][t]) for t in sampling_timesteps(len(ab[sched]), steps)] + [1.0]
        ab_seq = ab_seq[len(ab_seq) - 1 - n:]  # the last n steps, down to alphaBar = 1
        xs = [(scale * rng.standard_normal(8)).astype(np.float32) for _ in range(n)]
        epss = [rng.standard_normal(8).astype(np.float32) for _ in range(n)]
        outs, x0s = dpm_sequence(ab_seq, [v.astype(np.float64) for v in xs], [v.astype(np.float64) for v in epss], clip)
        dpm_steps.append({"schedule": sched, "clipDenoised": clip, "alphaBar": ab_seq,
                          "x": [v.tolist() for v in xs], "eps": [v.tolist() for v in epss],
                          "out": [v.tolist() for v in outs], "x0": [v.tolist() for v in x0s]})
    dpm_base = {**base, "steps": 20}
    dpm_runs = []
    for sched in ("linear", "cosine"):
        for guidance in (1, 2):
            for fraction in (0, 0.3, 0.5, 1):
                roles = plan(dpm_base["steps"], fraction)
                x, xs, x0s, calls = sample(
                    ab[sched], "dpmpp2m", None, dpm_base["steps"], roles, guidance, dpm_base["nullClass"],
                    np.array(dpm_base["classes"]), dpm_base["shape"], dpm_base["seed"],
                )
                run = {"schedule": sched, "sampler": "dpmpp2m", "eta": None, "guidance": guidance,
                       "fraction": fraction, "plan": roles, "batchPerCall": [n for _, n in calls],
                       "x0": x.ravel().tolist()}
                if (sched, guidance, fraction) == ("linear", 2, 0.3):
                    run["trajectory"] = {"x": [v.ravel().tolist() for v in xs],
                                         "x0": [v.ravel().tolist() for v in x0s]}
                dpm_runs.append(run)
    roles = plan(dpm_base["steps"], 0.3)
    x, _, _, calls = sample(
        ab["linear"], "dpmpp2m", None, dpm_base["steps"], roles, 3, dpm_base["nullClass"],
        np.array(dpm_base["classes"]), dpm_base["shape"], dpm_base["seed"], clip=False,
    )
    dpm_runs.append({"schedule": "linear", "sampler": "dpmpp2m", "eta": None, "guidance": 3, "fraction": 0.3,
                     "clipDenoised": False, "plan": roles, "batchPerCall": [n for _, n in calls],
                     "x0": x.ravel().tolist()})

    return {
        "about": "Written by training/reference/make_core_reference.py; do not edit by hand.",
        "schedules": {k: {"spec": schedules[k], "alphaBar": ab[k].tolist()} for k in schedules},
        "timesteps": [{"T": T, "steps": s, "timesteps": sampling_timesteps(T, s)} for T, s in timestep_cases],
        "plans": plan_cases,
        "noise": noise_cases,
        "sampling": {**base, "runs": runs},
        "fid": [fid_case(8, 50), fid_case(64, 300)],
        "dpmSolver": {"steps": dpm_steps, "sampling": {**dpm_base, "runs": dpm_runs}},
    }


def main():
    ref = build_reference()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(ref, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(OUT.parents[3])} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
