"""Which stored weights move a denoiser's output: torch, one group of tensors at a time.

    /usr/bin/python3 training/storage_check.py --ckpt training/checkpoints/dit-l4.pt --onnx runs/int8/dit-l4.onnx

For the ONNX file written by storage.py from that checkpoint's export, computes eps with lean.LeanDiT
on fixed inputs (40 images, t from 999 to 0, every class and the null class) with the weights as
trained, then with one group of stored tensors replaced by what the file stores (dequantized), then
with all of them: the relative RMS change of eps, ||eps' - eps|| / ||eps||. Groups: a tensor's
name, one group per kind across the blocks (blocks.*.fc1_w ...). Nothing here is timed.
"""
import argparse
import collections
import copy
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import lean  # noqa: E402
import storage  # noqa: E402


def substituted(model, weights: dict) -> torch.nn.Module:
    """LeanDiT of a copy of `model` with `weights` (ONNX name -> array) in place of its own."""
    m = lean.LeanDiT(copy.deepcopy(model)).eval()
    state = m.state_dict()
    for name, w in weights.items():
        if name in state:
            state[name] = torch.from_numpy(w)
        else:  # a weight the exporter transposed and renamed (onnx::MatMul_*): the closest transpose
            keys = [k for k, v in state.items() if tuple(v.shape) == w.shape[::-1]]
            key = min(keys, key=lambda k: np.abs(state[k].numpy().T - w).max())
            state[key] = torch.from_numpy(np.ascontiguousarray(w.T))
    m.load_state_dict(state)
    return m


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ckpt", required=True)
    p.add_argument("--onnx", required=True, help="storage.py's output for the same checkpoint")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    _, model, _ = export.load_checkpoint(a.ckpt)
    model.eval()
    g = torch.Generator().manual_seed(0)
    n = 40
    x, t, y = torch.randn((n, 1, 28, 28), generator=g), torch.linspace(999, 0, n), torch.arange(n) % 11
    with torch.no_grad():
        ref = lean.LeanDiT(copy.deepcopy(model)).eval()(x, t, y)
    stored = storage.dequantized_weights(onnx.load(a.onnx))
    inits = {i.name for i in onnx.load(a.onnx).graph.initializer}
    groups = collections.defaultdict(list)
    for name in stored:
        groups["blocks.*." + name.split(".")[-1] if name.startswith("blocks.") else
               "blocks.*.fc2 (" + name.split("_")[0] + "_*)" if name.startswith("onnx::") else name].append(name)

    def change(names):
        with torch.no_grad():
            out = substituted(model, {k: stored[k] for k in names})(x, t, y)
        return float((out - ref).pow(2).mean().sqrt() / ref.pow(2).mean().sqrt())

    print(f"| {os.path.basename(a.onnx)} tensors | elements | stored as | relative RMS change of eps |")
    print("|---|---:|---|---:|")
    for key, names in sorted(groups.items(), key=lambda kv: -sum(stored[k].size for k in kv[1])):
        kind = "int8" if names[0] + "_q" in inits else "float16"
        print(f"| {key} ({len(names)}) | {sum(stored[k].size for k in names)} | {kind} | {change(names):.5f} |")
    print(f"| all | {sum(w.size for w in stored.values())} | | {change(list(stored)):.5f} |")


if __name__ == "__main__":
    main()
