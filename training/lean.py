"""A trained DiT rewritten for export: the same function, as a graph onnxruntime runs lean.

torch 1.13 exports `models.DiT` with the batch size read at run time (Shape, Gather, Unsqueeze,
Concat chains before every reshape), a SiLU and an adaLN regression per block and GELU as ten
elementwise ops; onnxruntime's WebGPU EP runs that shape arithmetic on the CPU. `LeanDiT`
computes the same eps from the same weights, rearranged:

- reshapes to constant shapes (-1 for the batch), so no node reads a shape;
- tokens as (N, 1, L, D), so attention's per-head weights (H, D, Dh) broadcast over the second
  axis: queries, keys and values come out per head from a MatMul, with no reshape or transpose
  (one transpose for the keys); the output projection is applied per head and summed;
  1/sqrt(head dim) is in the query weights, and the keys' bias is dropped (softmax ignores it);
- attention stays in MatMul/Softmax: onnxruntime's fused com.microsoft Attention and
  MultiHeadAttention differ from their CPU kernels by 0.06 to 0.34 on its WebGPU EP for 32
  tokens or more (1.30 on SwiftShader; training/attention_check.py, docs/results/kernels.md);
- one SiLU of the conditioning and one Gemm for every adaLN regression of the model, cut by a
  few Splits; `1 + scale` is in that Gemm's bias, and so is the output head applied to the last
  shift (`(n * scale + shift) @ W + b = (n * scale) @ W + (shift @ W + b)`);
- the MLP's GELU (tanh form) as com.microsoft::FastGelu with the first layer's bias in it, SiLU
  as com.microsoft::QuickGelu (alpha 1): kernels the CPU, wasm and WebGPU EPs all have;
- the timestep frequency table, the positional embedding (plus the patch embedding's bias) and
  the class embedding table (plus the timestep MLP's last bias) as constants.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import contract
import models

MS = "com.microsoft"
# WebGPU promises a shader 8 storage buffers; a Split binds its input and each output.
SPLIT_OUTPUTS = 7


def split_sizes(x: torch.Tensor, sizes: list) -> list:
    """x (..., sum(sizes)) cut into pieces of `sizes` along its last axis, by a tree of Splits of
    at most SPLIT_OUTPUTS outputs each."""
    if len(sizes) == 1:
        return [x]
    if len(sizes) <= SPLIT_OUTPUTS:
        return list(x.split(sizes, dim=-1))
    per = 1  # pieces under one full child
    while per * SPLIT_OUTPUTS < len(sizes):
        per *= SPLIT_OUTPUTS
    groups = [sizes[i:i + per] for i in range(0, len(sizes), per)]
    parts = x.split([sum(g) for g in groups], dim=-1)
    return [leaf for part, g in zip(parts, groups) for leaf in split_sizes(part, g)]


class _FastGelu(torch.autograd.Function):
    """GELU (tanh approximation) of x + bias."""

    @staticmethod
    def forward(ctx, x, bias):
        return F.gelu(x + bias, approximate="tanh")

    @staticmethod
    def symbolic(g, x, bias):
        return g.op(f"{MS}::FastGelu", x, bias).setType(x.type())


class _SiLU(torch.autograd.Function):
    """x * sigmoid(x): onnxruntime's QuickGelu with alpha 1."""

    @staticmethod
    def forward(ctx, x):
        return F.silu(x)

    @staticmethod
    def symbolic(g, x):
        return g.op(f"{MS}::QuickGelu", x, alpha_f=1.0).setType(x.type())


def _const(t: torch.Tensor) -> torch.Tensor:
    return t.detach().float().contiguous()


class AdaPieces:
    """Every adaLN regression of a DiT as the pieces of one Linear: weight rows and bias per piece."""

    def __init__(self):
        self.weights, self.biases = [], []

    def add(self, w: torch.Tensor, b: torch.Tensor, then: tuple = None, plus_one: bool = False) -> None:
        """A piece s @ w.T + b (+ 1); with then = (W, c), the linear layer that reads it: (s @ w.T + b) @ W.T + c."""
        w, b = w.detach().double(), b.detach().double()
        if then is not None:
            lw, lb = (v.detach().double() for v in then)
            w, b = lw @ w, lw @ b + lb
        self.weights.append(w)
        self.biases.append(b + 1 if plus_one else b)

    def linear(self) -> nn.Linear:
        weight, bias = torch.cat(self.weights), torch.cat(self.biases)
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data.copy_(weight)
        lin.bias.data.copy_(bias)
        return lin

    def sizes(self) -> list:
        return [len(b) for b in self.biases]


class LeanBlock(nn.Module):
    """models.Block on tokens (N, 1, L, D): with the token axis third, per-head weights (H, D, Dh)
    broadcast over the second axis and give each head's queries, keys and values directly."""

    def __init__(self, b: models.Block, heads: int, ada: AdaPieces):
        super().__init__()
        d = b.norm1.normalized_shape[0]
        dh = d // heads
        self.heads = heads
        self.norm1, self.norm2 = b.norm1, b.norm2
        w = b.attn.qkv.weight.detach().reshape(3, heads, dh, d).transpose(2, 3)  # (q|k|v, H, D, Dh)
        bias = b.attn.qkv.bias.detach().reshape(3, heads, 1, dh)
        scale = dh ** -0.5  # carried by the queries
        self.register_buffer("qv_w", _const(torch.cat([w[0] * scale, w[2]])))  # (2H, D, Dh)
        self.register_buffer("qv_b", _const(torch.cat([bias[0] * scale, bias[2]])))  # (2H, 1, Dh)
        # The keys' bias is left out: it adds the same to every score of a query, which softmax ignores.
        self.register_buffer("k_w", _const(w[1]))  # (H, D, Dh)
        self.register_buffer("proj_w", _const(b.attn.proj.weight.t().reshape(heads, dh, d)))  # (H, Dh, D)
        self.register_buffer("proj_b", _const(b.attn.proj.bias))
        self.register_buffer("fc1_w", _const(b.mlp[0].weight.t()))  # (D, hidden)
        self.register_buffer("fc1_b", _const(b.mlp[0].bias))
        self.fc2 = b.mlp[2]
        w, bias = b.ada[-1].weight.chunk(6), b.ada[-1].bias.chunk(6)  # shift1, scale1, gate1, shift2, scale2, gate2
        for i in range(6):
            ada.add(w[i], bias[i], plus_one=i in (1, 4))

    def forward(self, x, mod):  # x (N, 1, L, D); mod: the block's six pieces, each (N, 1, 1, D)
        shift1, scale1, gate1, shift2, scale2, gate2 = mod
        h = self.norm1(x) * scale1 + shift1
        q, v = (h @ self.qv_w + self.qv_b).split(self.heads, dim=1)  # (N, H, L, Dh) each
        k_t = (h @ self.k_w).transpose(2, 3)  # (N, H, Dh, L)
        a = (q @ k_t).softmax(dim=-1) @ v  # (N, H, L, Dh)
        x = x + gate1 * ((a @ self.proj_w).sum(dim=1, keepdim=True) + self.proj_b)  # projection per head, summed
        h = self.norm2(x) * scale2 + shift2
        return x + gate2 * self.fc2(_FastGelu.apply(h @ self.fc1_w, self.fc1_b))


class LeanDiT(nn.Module):
    """eps_theta(x_t, t, y) of a trained `models.DiT`, computed as the exported graph computes it."""

    def __init__(self, m: models.DiT):
        super().__init__()
        cfg = m.cfg
        d, half, g = cfg.width, cfg.width // 2, m.grid
        self.cfg, self.grid = cfg, g
        # Patch embedding as a MatMul on patches cut by reshapes: a Conv would make the WebGPU EP
        # switch layouts (NHWC), and its transposes then ride along the residual stream.
        conv = m.patch_embed
        self.register_buffer("patch_w", _const(conv.weight.reshape(d, -1).t()))  # (C*p*p, D)
        self.register_buffer("pos", _const(m.pos[0] + conv.bias))  # (L, D)
        # The timestep frequency table of models.timestep_embedding.
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half))
        self.t1 = m.t_mlp[0]
        self.register_buffer("t2_w", _const(m.t_mlp[2].weight.t()))
        self.register_buffer("y_table", _const(m.y_embed.weight + m.t_mlp[2].bias))  # class embedding + t2's bias
        ada = AdaPieces()
        self.blocks = nn.ModuleList([LeanBlock(b, cfg.heads, ada) for b in m.blocks])
        self.norm_out = m.norm_out
        self.register_buffer("head_w", _const(m.head.weight.t()))  # (D, p*p*C)
        w, bias = m.ada_out[-1].weight.chunk(2), m.ada_out[-1].bias.chunk(2)  # shift, scale
        ada.add(w[0], bias[0], then=(m.head.weight, m.head.bias))
        ada.add(w[1], bias[1], plus_one=True)
        self.ada, self.ada_sizes = ada.linear(), ada.sizes()

    def forward(self, x, t, y):
        cfg, g, d = self.cfg, self.grid, self.cfg.width
        p, c = cfg.patch, cfg.channels
        patches = x.reshape(-1, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(-1, 1, g * g, c * p * p)
        tok = patches @ self.patch_w + self.pos  # (N, 1, L, D)
        args = t[:, None] * self.freqs  # (N, D/2)
        temb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
        cond = torch.addmm(F.embedding(y, self.y_table), _SiLU.apply(self.t1(temb)), self.t2_w)  # (N, D)
        ada = self.ada(_SiLU.apply(cond)).reshape(-1, 1, 1, sum(self.ada_sizes))
        mods = split_sizes(ada, self.ada_sizes)  # (N, 1, 1, width) each
        for i, b in enumerate(self.blocks):
            tok = b(tok, mods[6 * i:6 * i + 6])
        head_bias, scale = mods[-2:]
        tok = (self.norm_out(tok) * scale) @ self.head_w + head_bias  # (N, 1, L, p*p*C)
        tok = tok.reshape(-1, g, g, p, p, c).permute(0, 5, 1, 3, 2, 4)  # (N, C, g, p, g, p)
        return tok.reshape(-1, c, g * p, g * p)


def declare_output_shape(path: str, image: tuple) -> None:
    """eps is declared (N, C, H, W) like x: torch cannot infer shapes through the com.microsoft
    ops, so it names every dimension after them; its guesses inside the graph are dropped too
    (contract.declare_output_shape, which contract.export_denoiser applies to every denoiser)."""
    contract.declare_output_shape(path, image)
