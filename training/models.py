"""DiT-style denoisers (Peebles & Xie, "Scalable Diffusion Models with Transformers").

adaLN-Zero conditioning on timestep and class; class `num_classes` is the null class used
for classifier-free guidance. Small and large denoisers are two entries of one registry,
as in DiT's `DiT_models`, so T-Stitch pairs share every convention but size.
"""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn


@dataclass
class DiTConfig:
    image_size: int = 28  # Fashion-MNIST, no padding: 28 divides by patch 2 and 4
    channels: int = 1
    patch: int = 4
    width: int = 64
    depth: int = 4
    heads: int = 4
    mlp_ratio: float = 4.0
    num_classes: int = 10  # id 10 is the null class (CFG)


# Named sizes. Suffix is the patch size, as in DiT ('DiT-S/2').
REGISTRY = {
    "DiT-T/4": DiTConfig(patch=4, width=32, depth=2, heads=2),  # tiny: test fixtures only
    "DiT-T/2": DiTConfig(patch=2, width=32, depth=2, heads=2),
    "DiT-S/4": DiTConfig(patch=4, width=64, depth=4, heads=4),
    "DiT-S/2": DiTConfig(patch=2, width=48, depth=4, heads=3),
    "DiT-M/4": DiTConfig(patch=4, width=128, depth=6, heads=4),
    "DiT-L/4": DiTConfig(patch=4, width=192, depth=8, heads=4),
    "DiT-L/2": DiTConfig(patch=2, width=128, depth=8, heads=4),
}


def build(name: str) -> "DiT":
    if name not in REGISTRY:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(REGISTRY)}")
    return DiT(REGISTRY[name])


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """Sinusoidal embedding of (float) timesteps, as in DiT/ADM."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)  # (N, dim)


def modulate(x, shift, scale):
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):  # (N, L, D)
        n, l, d = x.shape
        qkv = self.qkv(x).reshape(n, l, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # (N, H, L, Dh)
        attn = (q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(n, l, d)
        return self.proj(x)


class Block(nn.Module):
    """Transformer block with adaLN-Zero: the conditioning regresses shift/scale/gate."""

    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        # Affine norms: torch 1.13 exports an invalid LayerNormalization without weights.
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(approximate="tanh"), nn.Linear(hidden, dim))
        self.ada = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))

    def forward(self, x, c):
        s1, sc1, g1, s2, sc2, g2 = self.ada(c).chunk(6, dim=1)
        x = x + g1.unsqueeze(1) * self.attn(modulate(self.norm1(x), s1, sc1))
        x = x + g2.unsqueeze(1) * self.mlp(modulate(self.norm2(x), s2, sc2))
        return x


class DiT(nn.Module):
    """eps_theta(x_t, t, y): (N, C, H, W), (N,) float, (N,) int64 -> (N, C, H, W)."""

    def __init__(self, cfg: DiTConfig):
        super().__init__()
        self.cfg = cfg
        d, p = cfg.width, cfg.patch
        self.grid = cfg.image_size // p
        self.patch_embed = nn.Conv2d(cfg.channels, d, kernel_size=p, stride=p)
        self.pos = nn.Parameter(torch.zeros(1, self.grid * self.grid, d))
        self.t_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        self.y_embed = nn.Embedding(cfg.num_classes + 1, d)  # +1: the null class
        self.blocks = nn.ModuleList([Block(d, cfg.heads, cfg.mlp_ratio) for _ in range(cfg.depth)])
        self.norm_out = nn.LayerNorm(d, eps=1e-6)
        self.ada_out = nn.Sequential(nn.SiLU(), nn.Linear(d, 2 * d))
        self.head = nn.Linear(d, p * p * cfg.channels)
        self._init()

    def _init(self):
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.pos, std=0.02)
        nn.init.normal_(self.y_embed.weight, std=0.02)
        # adaLN-Zero: every block starts as the identity, the output as zero.
        for b in self.blocks:
            nn.init.zeros_(b.ada[-1].weight)
            nn.init.zeros_(b.ada[-1].bias)
        nn.init.zeros_(self.ada_out[-1].weight)
        nn.init.zeros_(self.ada_out[-1].bias)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x, t, y):
        n, c, h, w = x.shape
        p, g = self.cfg.patch, self.grid
        tok = self.patch_embed(x).flatten(2).transpose(1, 2) + self.pos  # (N, L, D)
        cond = self.t_mlp(timestep_embedding(t, self.cfg.width)) + self.y_embed(y)  # (N, D)
        for b in self.blocks:
            tok = b(tok, cond)
        shift, scale = self.ada_out(cond).chunk(2, dim=1)
        tok = self.head(modulate(self.norm_out(tok), shift, scale))  # (N, L, p*p*C)
        tok = tok.reshape(n, g, g, p, p, c).permute(0, 5, 1, 3, 2, 4)  # (N, C, g, p, g, p)
        return tok.reshape(n, c, h, w)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def count_gflops(model: DiT) -> float:
    """FLOPs per image per forward pass (2 x multiply-adds of every matmul and conv), in G.

    Counted from the shapes, like fvcore's counters but x2: norms, softmax and
    elementwise ops are left out (they are a few percent here).
    """
    cfg = model.cfg
    d, L = cfg.width, model.grid * model.grid
    hidden = int(d * cfg.mlp_ratio)
    macs = L * cfg.channels * cfg.patch * cfg.patch * d  # patch embedding
    macs += d * d * 2  # timestep MLP
    per_block = L * (3 * d * d + d * d + 2 * d * hidden)  # qkv, proj, MLP
    per_block += 2 * L * L * d  # q k^T and attn v
    per_block += d * 6 * d  # adaLN regression
    macs += cfg.depth * per_block
    macs += d * 2 * d + L * d * cfg.patch * cfg.patch * cfg.channels  # final adaLN + head
    return 2 * macs / 1e9


def config_dict(model: DiT) -> dict:
    return asdict(model.cfg)
