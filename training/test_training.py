"""Tests of the training pipeline: real data files, a tiny run that learns, export contract."""
import json
import os
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import diffusion  # noqa: E402
import export  # noqa: E402
import models  # noqa: E402
import train  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_loader_reads_the_real_files():
    x, y = data.load("train")
    assert x.shape == (60000, 28, 28) and x.dtype == np.uint8
    assert y.shape == (60000,) and set(np.unique(y)) == set(range(10))
    xt, yt = data.load("test")
    assert xt.shape == (10000, 28, 28) and np.bincount(yt).tolist() == [1000] * 10
    r = data.to_model_range(x[:10])
    assert r.shape == (10, 1, 28, 28) and r.min() >= -1 and r.max() <= 1


def test_missing_dataset_names_the_package(tmp_path):
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        data.load("train", root=str(tmp_path))


def test_truncated_idx_file_is_reported(tmp_path):
    import gzip
    import struct
    with gzip.open(tmp_path / "t10k-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">HBBIII", 0, 8, 3, 5, 28, 28) + b"\0" * 100)
    with gzip.open(tmp_path / "t10k-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">HBBI", 0, 8, 1, 5) + b"\0" * 5)
    with pytest.raises(ValueError, match="truncated"):
        data.load("test", root=str(tmp_path))


def _fixed_loss(model, x0, y, ab):
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        return float(sum(diffusion.loss_eps(model, x0, y, ab, g) for _ in range(8)) / 8)


def test_a_tiny_training_run_reduces_the_loss(tmp_path):
    images, labels = data.load("train")
    x0 = torch.from_numpy(data.to_model_range(images[:256]))
    y = torch.from_numpy(labels[:256])
    ab = torch.tensor(diffusion.alpha_bars(), dtype=torch.float32)
    torch.set_num_threads(1)  # tests share 2 cores with other jobs; OpenMP spinning on both is 10x slower
    torch.manual_seed(0)
    before = _fixed_loss(models.build("DiT-T/4").eval(), x0, y, ab)
    args = train.parse_args(["--model", "DiT-T/4", "--out", str(tmp_path), "--images", str(64 * 150),
                             "--batch", "64", "--lr", "2e-3", "--warmup", "20", "--ema", "0.9",
                             "--train-limit", "2048", "--amp", "off", "--minutes", "10", "--threads", "1"])
    state = train.train(args)
    assert state["images_seen"] >= 64 * 150
    name, model, training = export.load_checkpoint(str(tmp_path / "ema.pt"))
    after = _fixed_loss(model.eval(), x0, y, ab)
    assert after < 0.7 * before, (before, after)
    # Resume continues from the checkpoint instead of starting over.
    args.images = 64 * 160
    assert train.train(args)["step"] == 160


def test_gflops_counter_and_registry():
    small, large = models.build("DiT-S/4"), models.build("DiT-L/4")
    assert models.count_gflops(large) / models.count_gflops(small) >= 8  # T-Stitch pair rule of this project
    # Patch embedding + 8 blocks dominate: check one block by hand for DiT-L/4 (d=192, L=49).
    d, L = 192, 49
    block = L * (4 * d * d + 2 * d * 4 * d) + 2 * L * L * d + 6 * d * d
    assert models.count_gflops(large) == pytest.approx(2 * (8 * block) / 1e9, rel=0.02)
    with pytest.raises(KeyError, match="known"):
        models.build("DiT-XXL/1")


def test_model_shapes_and_null_class():
    m = models.build("DiT-T/2").eval()
    x = torch.randn(3, 1, 28, 28)
    out = m(x, torch.tensor([999.0, 1.0, 0.0]), torch.tensor([0, 9, 10]))
    assert out.shape == x.shape


def test_shipped_manifest_follows_the_contract():
    manifest = json.load(open(os.path.join(ROOT, "public", "models", "manifest.json")))
    roles = [d["role"] for d in manifest["denoisers"]]
    assert roles.count("small") == roles.count("large") == 1 and roles.count("medium") <= 1  # docs/ARCHITECTURE.md
    assert manifest["nullClass"] == len(manifest["classes"]) == 10
    assert manifest["schedule"] == diffusion.SCHEDULE
    for d in manifest["denoisers"]:
        path = os.path.join(ROOT, "public", "models", d["file"])
        assert export.sha256(path) == d["sha256"], f"{d['file']}: sha256 in manifest is stale"
        assert d["gflops"] > 0 and d["params"] > 0
    small = next(d for d in manifest["denoisers"] if d["role"] == "small")
    large = next(d for d in manifest["denoisers"] if d["role"] == "large")
    assert large["gflops"] / small["gflops"] >= 8
    if "classifier" in manifest:
        c = manifest["classifier"]
        assert export.sha256(os.path.join(ROOT, "public", "models", c["file"])) == c["sha256"]
        assert c["testAccuracy"] >= 0.92
    total = sum(os.path.getsize(os.path.join(ROOT, "public", "models", f))
                for f in os.listdir(os.path.join(ROOT, "public", "models")))
    assert total <= 60e6, "shipped models must stay within ~60 MB for classroom networks"
