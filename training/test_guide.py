"""docs/guide-own-models.md runs as written: its ```python blocks, in order, as one script in an
empty folder with training/ on the path, write model sets that follow the contract and run."""
import json
import os
import re
import subprocess
import sys

import numpy as np
import onnx
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
import ort_node  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDE = os.path.join(ROOT, "docs", "guide-own-models.md")


def guide_blocks() -> list:
    return re.findall(r"^```python\n(.*?)^```", open(GUIDE).read(), re.S | re.M)


@pytest.fixture(scope="module")
def guide_run(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("guide")
    script = cwd / "export_unets.py"
    script.write_text("\n".join(guide_blocks()))
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "training"))
    done = subprocess.run([sys.executable, str(script)], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return cwd


def test_the_guide_has_its_example():
    blocks = guide_blocks()
    assert len(blocks) >= 5 and "class TinyUNet" in blocks[0] and "export_decoder" in blocks[-1]
    assert any('"type": "cosine"' in b and "def cosine_betas" in b for b in blocks)


def _shape(d: dict) -> tuple:
    return d["channels"], d["height"], d["width"]


# The guide's script writes its manifests with write_manifest, which checks them with check-set.
@pytest.mark.needs_node
@pytest.mark.parametrize("folder,fmt", [("my-unets", 1), ("my-latent-unets", 2)])
def test_the_guide_writes_a_set_of_the_contract(guide_run, folder, fmt):
    folder = os.path.join(guide_run, folder)
    m = json.load(open(os.path.join(folder, "manifest.json")))
    assert m["format"] == fmt and sorted(d["role"] for d in m["denoisers"]) == ["large", "small"]
    image = _shape(m["image"])
    assert image == ((3, 32, 32) if fmt == 1 else (4, 8, 8)) and m["nullClass"] == len(m["classes"]) == 10
    files = [d["file"] for d in m["denoisers"]] + ([m["decoder"]["file"]] if fmt == 2 else [])
    assert sorted(os.listdir(folder)) == sorted(files + ["manifest.json"])
    for e in m["denoisers"] + ([m["decoder"]] if fmt == 2 else []):
        assert e["sha256"] == contract.sha256(os.path.join(folder, e["file"]))
        assert e["bytes"] == os.path.getsize(os.path.join(folder, e["file"]))
    contract.check_manifest(m, folder, require_hashes=True)
    for d in m["denoisers"]:
        graph = onnx.load(os.path.join(folder, d["file"])).graph
        assert [i.name for i in graph.input] == ["x", "t", "y"] and [o.name for o in graph.output] == ["eps"]
    if fmt == 1:
        small, large = m["denoisers"]
        assert 0 < small["gflops"] < large["gflops"] and 0 < small["params"] < large["params"]
    else:
        assert m["decoder"]["latentScale"] == 0.18215 and _shape(m["decoder"]["output"]) == (3, 32, 32)


@pytest.mark.needs_node
def test_the_guide_writes_a_cosine_set_the_page_opens(guide_run):
    folder = os.path.join(guide_run, "my-cosine-unets")
    m = contract.check_folder(folder, require_hashes=True)
    assert m["schedule"] == {"type": "cosine", "T": 1000} and _shape(m["image"]) == (1, 24, 32)
    assert m["format"] == 1 and m["nullClass"] == 10


def test_the_guides_cosine_betas_are_the_pages():
    """The guide's cosine_betas against src/core/schedule.ts's formula, written out again here:
    s = 0.008, beta_i = min(1 - f(i+1)/f(i), 0.999), f(t) = cos^2(((t/T + s)/(1 + s)) pi/2)."""
    block = next(b for b in guide_blocks() if "def cosine_betas" in b)
    scope = {}
    exec(block[:block.index("BETAS =")], scope)
    T = 1000
    f = [np.cos(((t / T + 0.008) / 1.008) * np.pi / 2) ** 2 for t in range(T + 1)]
    want = np.array([min(1 - f[i + 1] / f[i], 0.999) for i in range(T)])
    got = scope["cosine_betas"](T)
    assert got.shape == (T,) and np.allclose(got, want, rtol=0, atol=1e-15)
    assert got[-1] == 0.999 and 0 < got[0] < 1e-4  # clipped at the end; small at the start
    schedule_ts = open(os.path.join(ROOT, "src", "core", "schedule.ts")).read()
    assert "COSINE_S = 0.008" in schedule_ts and "COSINE_MAX_BETA = 0.999" in schedule_ts


@pytest.mark.needs_node
def test_the_guide_models_run_in_onnxruntime(guide_run):
    jobs, want = [], []
    g = np.random.default_rng(0)
    for folder in ("my-unets", "my-cosine-unets", "my-latent-unets"):
        folder = os.path.join(guide_run, folder)
        m = json.load(open(os.path.join(folder, "manifest.json")))
        image = _shape(m["image"])
        for n in (1, 3):  # batch N is dynamic
            for d in m["denoisers"]:
                feeds = {"x": g.standard_normal((n, *image)).astype(np.float32),
                         "t": np.linspace(999, 0, n).astype(np.float32), "y": np.arange(n) % 11}
                jobs.append((os.path.join(folder, d["file"]), feeds))
                want.append(("eps", (n, *image)))
        if "decoder" in m:
            jobs.append((os.path.join(folder, m["decoder"]["file"]),
                         {"latent": g.standard_normal((2, *image)).astype(np.float32) / m["decoder"]["latentScale"]}))
            want.append(("image", (2, *_shape(m["decoder"]["output"]))))
    for out, (name, shape) in zip(ort_node.run(jobs), want):
        assert out["_outputs"] == [name] and out[name].shape == shape
        assert np.isfinite(out[name]).all() and out[name].std() > 0
