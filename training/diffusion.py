"""The forward process shared by every denoiser of a pair (DDPM, Ho et al. 2020).

The schedule is written into the manifest; the TypeScript core recomputes alphaBar from
it (src/core/schedule.ts) so training and sampling cannot drift apart.
"""
import math

import numpy as np
import torch

SCHEDULE = {"type": "linear", "T": 1000, "betaStart": 1e-4, "betaEnd": 0.02}


def alpha_bars(spec: dict = SCHEDULE) -> np.ndarray:
    T = spec["T"]
    if spec["type"] == "linear":
        betas = np.linspace(spec["betaStart"], spec["betaEnd"], T, dtype=np.float64)
    elif spec["type"] == "cosine":  # Nichol & Dhariwal 2021, s = 0.008
        f = lambda t: math.cos((t / T + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = np.array([min(1 - f(i + 1) / f(i), 0.999) for i in range(T)])
    else:
        raise ValueError(f"unknown schedule type {spec['type']!r}")
    return np.cumprod(1.0 - betas)


def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor, ab: torch.Tensor) -> torch.Tensor:
    """x_t = sqrt(alphaBar_t) x0 + sqrt(1 - alphaBar_t) eps (DDPM eq. 4)."""
    a = ab[t].view(-1, 1, 1, 1)
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


def loss_eps(model, x0: torch.Tensor, y: torch.Tensor, ab: torch.Tensor, gen=None) -> torch.Tensor:
    """The simple epsilon-prediction loss (DDPM Algorithm 1)."""
    t = torch.randint(0, len(ab), (x0.shape[0],), device=x0.device, generator=gen)
    noise = torch.randn(x0.shape, device=x0.device, generator=gen)
    pred = model(q_sample(x0, t, noise, ab), t.float(), y)
    return torch.mean((pred.float() - noise) ** 2)
