"""The evaluation classifier: a small CNN on Fashion-MNIST whose penultimate features define
"FID-FMNIST" (a Frechet distance in this feature space; NOT comparable to Inception FID).

    python3 training/classifier.py --out public/models        # ~10 min on 2 CPU cores

Exports classifier.onnx (outputs `logits` (N, 10) and `features` (N, 128)), fid-stats.json
(mean and covariance of the 10k test images' features) and records both in the manifest.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import export  # noqa: E402

FEATURES = 128


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        block = lambda i, o: [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()]
        self.conv = nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2),      # (N, 32, 14, 14)
                                  *block(32, 64), *block(64, 64), nn.MaxPool2d(2))     # (N, 64, 7, 7)
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, FEATURES), nn.ReLU())
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(FEATURES, 10)

    def forward(self, x):  # x in [-1, 1], as the denoisers produce
        f = self.fc(self.conv(x))
        return self.out(self.drop(f)), f


def batches(x, y, size, shuffle, gen=None):
    idx = torch.randperm(len(x), generator=gen) if shuffle else torch.arange(len(x))
    for i in range(0, len(x), size):
        j = idx[i:i + size]
        yield x[j], y[j]


@torch.no_grad()
def evaluate(model, x, y):
    model.eval()
    feats, correct = [], 0
    for xb, yb in batches(x, y, 1000, False):
        logits, f = model(xb)
        correct += (logits.argmax(1) == yb).sum().item()
        feats.append(f)
    return correct / len(x), torch.cat(feats).double().numpy()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="public/models")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--train-limit", type=int, default=0)
    a = p.parse_args(argv)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    xi, yi = data.load("train")
    xt, yt = data.load("test")
    if a.train_limit:
        xi, yi = xi[:a.train_limit], yi[:a.train_limit]
    x_train, y_train = torch.from_numpy(data.to_model_range(xi)), torch.from_numpy(yi)
    x_test, y_test = torch.from_numpy(data.to_model_range(xt)), torch.from_numpy(yt)
    model = Classifier()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = a.epochs * ((len(x_train) + a.batch - 1) // a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    t0 = time.time()
    for epoch in range(a.epochs):
        model.train()
        for xb, yb in batches(x_train, y_train, a.batch, True, gen):
            loss = nn.functional.cross_entropy(model(xb)[0], yb)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        acc, _ = evaluate(model, x_test, y_test)
        print(json.dumps({"epoch": epoch + 1, "testAccuracy": acc, "wall": round(time.time() - t0)}), flush=True)
    acc, feats = evaluate(model, x_test, y_test)
    wall = time.time() - t0

    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "classifier.onnx")
    model.eval()
    torch.onnx.export(model, (x_test[:2],), onnx_path, input_names=["x"], output_names=["logits", "features"],
                      dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}, "features": {0: "N"}}, opset_version=17)
    stats_path = os.path.join(a.out, "fid-stats.json")
    mu, sigma = feats.mean(0), np.cov(feats, rowvar=False)
    with open(stats_path, "w") as f:
        json.dump({"featureDim": FEATURES, "count": len(feats), "source": "Fashion-MNIST test split (10k)",
                   "mu": [float(v) for v in mu], "sigma": [float(v) for v in sigma.reshape(-1)]}, f)
    entry = {"file": "classifier.onnx", "sha256": export.sha256(onnx_path), "bytes": os.path.getsize(onnx_path),
             "params": sum(q.numel() for q in model.parameters()), "featureDim": FEATURES,
             "outputs": {"logits": "float32[N,10]", "features": "float32[N,128]"},
             "stats": "fid-stats.json", "statsSha256": export.sha256(stats_path),
             "testAccuracy": round(acc, 4),
             "training": {"epochs": a.epochs, "batch": a.batch, "seed": a.seed, "wallSeconds": round(wall),
                          "hardware": f"CPU ({a.threads} threads)"},
             "note": "FID-FMNIST is measured in this classifier's feature space; not comparable to Inception FID."}
    export.update_manifest(a.out, entry, key="classifier")
    print(json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
