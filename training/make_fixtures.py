"""Tiny random-weight denoisers for the tests (public/fixtures/), and torch reference outputs.

    python3 training/make_fixtures.py

The e2e tests point the app at them with `?models=fixtures`: WebGPU on SwiftShader is slow, so
tests need tiny models. Their weights are random (perturbed so adaLN-Zero gates are not zero),
their images are noise: they test the plumbing, not the quality. Also writes torch outputs of
the fixtures and of the shipped models (public/models) for fixed inputs to
training/fixtures/reference.json; tools/onnx-parity.test.ts checks onnxruntime against them.
A shipped file whose weights are stored as int8 (storage.py) is compared with torch computing
the same function from those weights (dequantized): `--shipped-only` rewrites only those cases.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import lean  # noqa: E402
import models  # noqa: E402
import storage  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "public", "fixtures")
REFERENCE = os.path.join(ROOT, "training", "fixtures", "reference.json")
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


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shipped-only", action="store_true",
                   help="keep the fixtures and their cases; recompute the shipped models' cases (after replacing a file)")
    a = p.parse_args(argv)
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
    print(f"wrote {FIXTURES} and {REFERENCE} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
