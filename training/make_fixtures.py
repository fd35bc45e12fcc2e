"""Tiny random-weight denoisers for the tests (public/fixtures/), and torch reference outputs.

    python3 training/make_fixtures.py

The e2e tests point the app at them with `?models=fixtures`: WebGPU on SwiftShader is slow, so
tests need tiny models. Their weights are random (perturbed so adaLN-Zero gates are not zero),
their images are noise: they test the plumbing, not the quality. Also writes torch outputs of
the fixtures and of the shipped models (public/models) for fixed inputs to
training/fixtures/reference.json; tools/research/onnx-parity.test.ts checks onnxruntime against
them.
A shipped file whose weights are stored as int8 (storage.py) is compared with torch computing
the same function from those weights (dequantized): `--shipped-only` rewrites only those cases.

Also writes the model sets the page's "Open your own models" tests open from disk, e2e/models/
(`--local-sets` writes only those; `--local-sets-dir` elsewhere), every file through contract.py:
  latent/  format 2: two tiny conv denoisers on 4x8x8 latents and decoder.onnx (4x8x8 -> 3x32x32,
           latentScale 0.18215)
  rgb/     format 1: two tiny conv denoisers on 3x16x24 pixels (not square)
  broken/  bad-json/ (manifest.json is not JSON), missing-file/ (the large model's file is absent),
           wrong-sha/ (the small model's sha256 is not its file's), wrong-shape/ (the manifest says
           1x28x28, the files take 3x16x24)
Their classes, null class, schedule and defaults are public/fixtures/manifest.json's; the weights
are random (seeded), so the same files come out every run.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
import export  # noqa: E402
import lean  # noqa: E402
import models  # noqa: E402
import storage  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "public", "fixtures")
REFERENCE = os.path.join(ROOT, "training", "fixtures", "reference.json")
LOCAL_SETS = os.path.join(ROOT, "e2e", "models")
# The pair, and a medium model for three-model stitching (the page loads it only when asked).
PAIR = [("tiny-small", "small", "DiT-T/4"), ("tiny-large", "large", "DiT-T/2"), ("tiny-medium", "medium", "DiT-T/4")]


def random_model(name: str, seed: int) -> models.DiT:
    torch.manual_seed(seed)
    m = models.build(name)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    return m.eval()


def reference_inputs(n=3, seed=123):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn((n, 1, 28, 28), generator=g)
    t = torch.tensor([999.0, 500.0, 0.0][:n])
    y = torch.tensor([0, 7, 10][:n])  # 10: the null class
    return x, t, y


@torch.no_grad()
def reference_case(model, file: str) -> dict:
    x, t, y = reference_inputs()
    eps = model(x, t, y)
    return {"file": file, "x": x.flatten().tolist(), "t": t.tolist(), "y": y.tolist(),
            "shape": list(x.shape), "eps": eps.flatten().tolist()}


def with_stored_weights(model: models.DiT, path: str) -> torch.nn.Module:
    """`model` as the ONNX file at `path` computes it: lean.LeanDiT with every weight that storage.py
    stored as int8 replaced by its dequantized value; the model itself when the file has none."""
    weights = storage.dequantized_weights(onnx.load(path))
    if not weights:
        return model
    m = lean.LeanDiT(model).eval()
    state = m.state_dict()
    for name, w in weights.items():
        # The exporter renames the weights it transposes (onnx::MatMul_*): the tensor they quantize.
        candidates = [name] if name in state else [k for k, v in state.items() if tuple(v.shape) == w.shape[::-1]]
        errs = {k: np.abs(state[k].numpy().T - w).max() if k != name else 0 for k in candidates}
        key = min(errs, key=errs.get)
        original = state[key].numpy() if key == name else state[key].numpy().T
        # Within the rounding bound of storage.py: half a step of the tensor's largest scale.
        assert np.abs(original - w).max() <= np.abs(original).max() / 254 * 1.0001, f"{path}: no weight matches {name}"
        state[key] = torch.from_numpy(w if key == name else np.ascontiguousarray(w.T))
    m.load_state_dict(state)
    return m


def shipped_cases() -> list:
    """Reference cases of the shipped models (public/models) whose checkpoints are present."""
    cases = []
    shipped = os.path.join(ROOT, "public", "models", "manifest.json")
    if os.path.exists(shipped):
        for d in json.load(open(shipped))["denoisers"]:
            ckpt = os.path.join(ROOT, "training", "checkpoints", d["id"] + ".pt")
            if os.path.exists(ckpt):
                _, model, _ = export.load_checkpoint(ckpt)
                model = with_stored_weights(model.eval(), os.path.join(ROOT, "public", "models", d["file"]))
                cases.append(reference_case(model.eval(), f"public/models/{d['file']}"))
    return cases


class TinyConvDenoiser(nn.Module):
    """eps = net(x, t, y) in three 3x3 convs, with a timestep + class embedding added to the
    features: the contract's smallest useful denoiser (any channel count, any H x W)."""

    def __init__(self, channels: int, width: int, num_classes: int = 10):
        super().__init__()
        half = width // 2
        self.register_buffer("freqs", torch.exp(-np.log(10000.0) * torch.arange(half, dtype=torch.float32) / half))
        self.t_lin = nn.Linear(width, width)
        self.y_embed = nn.Embedding(num_classes + 1, width)  # the last row: the null class
        self.inp = nn.Conv2d(channels, width, 3, padding=1)
        self.mid = nn.Conv2d(width, width, 3, padding=1)
        self.out = nn.Conv2d(width, channels, 3, padding=1)

    def forward(self, x, t, y):
        args = t[:, None] * self.freqs
        emb = self.t_lin(torch.cat([torch.cos(args), torch.sin(args)], dim=-1)) + self.y_embed(y)
        h = F.silu(self.inp(x) + emb[:, :, None, None])
        return self.out(F.silu(self.mid(h)) + h)


class TinyDecoder(nn.Module):
    """(N, 4, 8, 8) latent -> (N, 3, 32, 32) image in [-1, 1]: 1x1 conv, two nearest x2 Resizes, tanh."""

    def __init__(self, latent_channels: int = 4):
        super().__init__()
        self.inp = nn.Conv2d(latent_channels, 16, 1)
        self.mid = nn.Conv2d(16, 8, 3, padding=1)
        self.out = nn.Conv2d(8, 3, 3, padding=1)

    def forward(self, z):
        h = F.interpolate(F.relu(self.inp(z)), scale_factor=2.0, mode="nearest")
        h = F.interpolate(F.relu(self.mid(h)), scale_factor=2.0, mode="nearest")
        return torch.tanh(self.out(h))


LOCAL_WIDTHS = (("small", 8), ("large", 24))


def _tiny_pair(folder: str, prefix: str, image: tuple, seed: int, num_classes: int) -> list:
    """The small and the large TinyConvDenoiser exported to `folder`, as manifest entries."""
    entries = []
    for i, (role, width) in enumerate(LOCAL_WIDTHS):
        torch.manual_seed(seed + i)
        net = TinyConvDenoiser(image[0], width, num_classes).eval()
        exported = contract.export_denoiser(net, os.path.join(folder, f"{prefix}-{role}.onnx"), image=image,
                                            num_classes=num_classes)
        one = (torch.zeros(1, *image), torch.zeros(1), torch.zeros(1, dtype=torch.long))
        entries.append({"id": f"{prefix}-{role}", "role": role, **exported,
                        "params": sum(p.numel() for p in net.parameters()),
                        "gflops": round(contract.count_gflops(net, *one), 6),
                        "architecture": {"family": "ConvNet", "name": f"TinyConv-{width}", "width": width},
                        "training": {"imagesSeen": 0, "weights": "random (test fixture)", "seed": seed + i}})
    return entries


def write_local_sets(out: str) -> None:
    """The e2e/models/ sets (module docstring), written afresh into `out`."""
    base = json.load(open(os.path.join(FIXTURES, "manifest.json")))
    common = dict(classes=base["classes"], null_class=base["nullClass"], schedule=base["schedule"],
                  defaults=base["defaults"])
    n = len(base["classes"])
    for name in ("latent", "rgb", "broken"):  # afresh; anything else in `out` (its README) stays
        if os.path.isdir(os.path.join(out, name)):
            shutil.rmtree(os.path.join(out, name))

    latent = os.path.join(out, "latent")
    denoisers = _tiny_pair(latent, "latent", (4, 8, 8), seed=20, num_classes=n)
    torch.manual_seed(30)
    decoder = contract.export_decoder(TinyDecoder(4).eval(), os.path.join(latent, "decoder.onnx"), latent=(4, 8, 8),
                                      latent_scale=0.18215)
    contract.write_manifest(latent, title="Test set: tiny latent denoisers (4x8x8) and a decoder to 3x32x32",
                            image=(4, 8, 8), denoisers=denoisers, decoder=decoder, **common)

    rgb = os.path.join(out, "rgb")
    contract.write_manifest(rgb, title="Test set: tiny RGB denoisers, 16x24 (not square)", image=(3, 16, 24),
                            denoisers=_tiny_pair(rgb, "rgb", (3, 16, 24), seed=40, num_classes=n), **common)

    broken = os.path.join(out, "broken")
    os.makedirs(os.path.join(broken, "bad-json"))
    with open(os.path.join(broken, "bad-json", "manifest.json"), "w") as f:
        f.write('{ "format": 1, "title": "Broken on purpose: not JSON", "image": { "channels": 3,\n')

    def broken_set(name: str, title: str, image: tuple, check: bool = True) -> tuple:
        folder = os.path.join(broken, name)
        entries = _tiny_pair(folder, "rgb", (3, 16, 24), seed=40, num_classes=n)
        return folder, entries, contract.write_manifest(folder, title=f"Broken on purpose: {title}", image=image,
                                                        denoisers=entries, check=check, **common)

    folder, entries, _ = broken_set("missing-file", "the large model's file is absent", (3, 16, 24))
    os.remove(os.path.join(folder, entries[1]["file"]))

    folder, entries, manifest = broken_set("wrong-sha", "the small model's sha256 is not its file's", (3, 16, 24))
    good = manifest["denoisers"][0]["sha256"]
    manifest["denoisers"][0]["sha256"] = good[:-8] + ("0" * 8 if good[-8:] != "0" * 8 else "f" * 8)
    contract._write(folder, manifest)

    # Not checked: check_manifest opens the files, as the page does, and refuses this one.
    broken_set("wrong-shape", "the manifest says 1x28x28, the files take 3x16x24", (1, 28, 28), check=False)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shipped-only", action="store_true",
                   help="keep the fixtures and their cases; recompute the shipped models' cases (after replacing a file)")
    p.add_argument("--local-sets", action="store_true",
                   help="write only the model sets opened from disk (e2e/models/), nothing else")
    p.add_argument("--local-sets-dir", default=LOCAL_SETS, help="where those sets go (default e2e/models)")
    a = p.parse_args(argv)
    if a.local_sets:
        write_local_sets(a.local_sets_dir)
        print(f"wrote {a.local_sets_dir}")
        return
    if a.shipped_only:
        ref = json.load(open(REFERENCE))
        ref["cases"] = [c for c in ref["cases"] if not c["file"].startswith("public/models/")] + shipped_cases()
        with open(REFERENCE, "w") as f:
            json.dump(ref, f)
        print(f"wrote {REFERENCE} ({len(ref['cases'])} cases)")
        return
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, "manifest.json")
    if os.path.exists(path):
        os.remove(path)
    cases = []
    for i, (id_, role, name) in enumerate(PAIR):
        model = random_model(name, seed=i)
        file = f"{id_}.onnx"
        export.export_onnx(model, os.path.join(FIXTURES, file))
        entry = export.denoiser_entry(model, name, id_, role, file, os.path.join(FIXTURES, file),
                                      {"imagesSeen": 0, "weights": "random (test fixture)", "seed": i})
        export.update_manifest(FIXTURES, entry, title="Test fixtures: tiny random-weight denoisers")
        cases.append(reference_case(model, f"public/fixtures/{file}"))
    cases += shipped_cases()  # the shipped models, when present, get the same check
    os.makedirs(os.path.dirname(REFERENCE), exist_ok=True)
    with open(REFERENCE, "w") as f:
        json.dump({"tolerance": 1e-4, "cases": cases}, f)
    write_local_sets(a.local_sets_dir)
    print(f"wrote {FIXTURES}, {REFERENCE} ({len(cases)} cases) and {a.local_sets_dir}")


if __name__ == "__main__":
    main()
