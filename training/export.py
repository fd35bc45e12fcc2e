"""Export a trained denoiser (its EMA weights) to ONNX and record it in the manifest.

    python3 training/export.py --ckpt runs/dit-s/ckpt.pt --id dit-s --role small --out-dir public/models

The graph is lean.py's (constant shapes, one adaLN Gemm, FastGelu/QuickGelu, nothing on the CPU
under onnxruntime's WebGPU EP); --plain writes models.DiT as torch traces it. --weights int8
stores the large weight tensors as int8 per output channel (storage.py: a quarter of the bytes,
the same graph once onnxruntime has loaded it); the default, fp32, writes them as trained.

The file and its manifest fields come from contract.py (the model-set contract of
docs/ARCHITECTURE.md, the same helper docs/guide-own-models.md uses for other models), so the
shipped files cannot drift from it. The manifest is created when missing and the entry with the same
id replaced, so exporting both roles in turn gives a complete pair.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
import data  # noqa: E402
import diffusion  # noqa: E402
import lean  # noqa: E402
import models  # noqa: E402

OPSET = contract.OPSET
sha256 = contract.sha256


def export_onnx(model: models.DiT, path: str, plain: bool = False, weights: str = "fp32") -> dict:
    """Writes the denoiser as `lean.LeanDiT` computes it (plain: `models.DiT` as torch traces it,
    the form shipped before issue 14: shape arithmetic, and CPU fallbacks on the WebGPU EP), through
    contract.export_denoiser like any model set's denoiser; returns its {file, sha256, bytes}."""
    model = model.float().eval()
    c, s = model.cfg.channels, model.cfg.image_size
    return contract.export_denoiser(model if plain else lean.LeanDiT(model).eval(), path, image=(c, s, s),
                                    num_classes=model.cfg.num_classes, opset=OPSET, weights=weights,
                                    custom_opsets=None if plain else {lean.MS: 1})


def base_manifest(title: str) -> dict:
    return {
        "format": 1,
        "title": title,
        "image": {"channels": 1, "height": 28, "width": 28},
        "classes": data.CLASSES,
        "nullClass": len(data.CLASSES),
        "schedule": diffusion.SCHEDULE,
        "prediction": "epsilon",
        "defaults": {"sampler": "ddim", "steps": 50, "guidance": 2.0, "eta": 0},
        "denoisers": [],
    }


def update_manifest(out_dir: str, entry: dict, key: str = "denoisers", title: str = "Fashion-MNIST DiT pair") -> dict:
    return contract.update_manifest(out_dir, entry, key, base=base_manifest(title))


def denoiser_entry(model: models.DiT, name: str, id_: str, role: str, file: str, path: str, training: dict) -> dict:
    cfg = model.cfg
    return {
        "id": id_, "role": role, "file": file, "sha256": sha256(path), "bytes": os.path.getsize(path),
        "params": models.count_params(model), "gflops": round(models.count_gflops(model), 5),
        "architecture": {"family": "DiT", "name": name, "width": cfg.width, "depth": cfg.depth,
                         "heads": cfg.heads, "patch": cfg.patch, "mlpRatio": cfg.mlp_ratio},
        "training": training,
    }


def load_checkpoint(path: str):
    ck = torch.load(path, map_location="cpu")
    model = models.build(ck["name"])
    model.load_state_dict({k: v.float() for k, v in ck["ema"].items()})
    st, args = ck["state"], ck.get("args", {})
    training = {"imagesSeen": st["images_seen"], "steps": st["step"], "wallSeconds": round(st["wall_seconds"]),
                "hardware": ck.get("hardware", "unknown"), "batch": args.get("batch"), "lr": args.get("lr"),
                "emaDecay": args.get("ema"), "labelDrop": args.get("label_drop"), "seed": args.get("seed"),
                "weights": "EMA"}
    return ck["name"], model, training


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ckpt", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--role", required=True, choices=["small", "medium", "large"])
    p.add_argument("--out-dir", default="public/models")
    p.add_argument("--plain", action="store_true", help="export models.DiT as torch traces it (the pre-issue-14 graph)")
    p.add_argument("--weights", choices=["fp32", "int8"], default="fp32",
                   help="int8: store large weights as int8 per output channel (storage.py); default fp32")
    a = p.parse_args(argv)
    name, model, training = load_checkpoint(a.ckpt)
    os.makedirs(a.out_dir, exist_ok=True)
    file = f"{a.id}.onnx"
    path = os.path.join(a.out_dir, file)
    export_onnx(model, path, plain=a.plain, weights=a.weights)
    if a.weights == "int8":
        training = dict(training, weights=training["weights"] + " (int8 per channel)")
    entry = denoiser_entry(model, name, a.id, a.role, file, path, training)
    update_manifest(a.out_dir, entry)
    print(json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
