"""A grid of samples from one checkpoint (10 classes x N columns), DDIM with CFG, as PNG.

    python3 training/sample_grid.py --ckpt training/checkpoints/dit-l4.pt --out docs/samples-dit-l4.png

A quick look for model cards; the product's own sampler is the TypeScript core.
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion  # noqa: E402
import export  # noqa: E402


@torch.no_grad()
def ddim(model, y, steps=50, guidance=2.0, seed=0, null_class=10):
    ab = torch.tensor(diffusion.alpha_bars(), dtype=torch.float64)
    T = len(ab)
    ts = np.round(np.linspace(T - 1, 0, steps)).astype(int)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn((len(y), 1, 28, 28), generator=g, dtype=torch.float64)
    for i, t in enumerate(ts):
        a, a_prev = ab[t], (ab[ts[i + 1]] if i + 1 < steps else torch.tensor(1.0, dtype=torch.float64))
        xx = torch.cat([x, x]).float()
        yy = torch.cat([y, torch.full_like(y, null_class)])
        e = model(xx, torch.full((len(yy),), float(t)), yy).double()
        e_c, e_u = e.chunk(2)
        eps = e_u + guidance * (e_c - e_u)
        x0 = ((x - (1 - a).sqrt() * eps) / a.sqrt()).clamp(-1, 1)
        eps = (x - a.sqrt() * x0) / (1 - a).sqrt()
        x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    return x


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cols", type=int, default=8)
    p.add_argument("--guidance", type=float, default=2.0)
    p.add_argument("--steps", type=int, default=50)
    a = p.parse_args()
    from PIL import Image
    torch.set_num_threads(2)
    _, model, _ = export.load_checkpoint(a.ckpt)
    model.eval()
    y = torch.arange(10).repeat_interleave(a.cols)
    x = ddim(model, y, a.steps, a.guidance)
    img = ((x.clamp(-1, 1) + 1) * 127.5).round().byte().numpy()[:, 0]  # (10*cols, 28, 28)
    grid = img.reshape(10, a.cols, 28, 28).transpose(0, 2, 1, 3).reshape(280, a.cols * 28)
    Image.fromarray(grid).resize((a.cols * 28 * 2, 560), Image.NEAREST).save(a.out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
