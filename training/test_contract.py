"""contract.py: the model-set contract. The shipped files come out of it bit for bit, the e2e sets
(e2e/models/) follow it or break it exactly as named, and its checks are check-set's (the page's
rules themselves are tested once, in TypeScript: tools/checkSet/)."""
import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
import export  # noqa: E402
import make_fixtures  # noqa: E402
import ort_node  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = os.path.join(ROOT, "public", "models")
LOCAL = os.path.join(ROOT, "e2e", "models")
needs_node = pytest.mark.needs_node  # conftest.py: skipped without Node, failed under CI


# About 2 s per model here (dit-l4 included), so all three are checked.
@pytest.mark.parametrize("id_,role", [("dit-s4", "small"), ("dit-m4", "medium"), ("dit-l4", "large")])
def test_export_reproduces_the_shipped_file_bit_for_bit(tmp_path, id_, role):
    ckpt = os.path.join(ROOT, "training", "checkpoints", id_ + ".pt")
    export.main(["--ckpt", ckpt, "--id", id_, "--role", role, "--out-dir", str(tmp_path), "--weights", "int8"])
    shipped = {d["id"]: d for d in json.load(open(os.path.join(SHIPPED, "manifest.json")))["denoisers"]}[id_]
    made = json.load(open(tmp_path / "manifest.json"))["denoisers"][0]
    assert contract.sha256(str(tmp_path / shipped["file"])) == shipped["sha256"]  # the same bytes
    assert made == shipped  # and the same manifest entry


class _Doubler(torch.nn.Module):
    def forward(self, x, t, y):
        return torch.cat([x, x], dim=1)


def test_export_denoiser_refuses_eps_of_another_shape(tmp_path):
    with pytest.raises(ValueError, match="eps of shape"):
        contract.export_denoiser(_Doubler(), str(tmp_path / "d.onnx"), image=(3, 4, 6), num_classes=10)


@needs_node
def test_check_manifest_is_check_set():
    """check_manifest raises check-set's message: the manifest alone, or with the folder's files;
    require_hashes checks it as a served set (every sha256 required)."""
    folder = os.path.join(LOCAL, "latent")
    m = json.load(open(os.path.join(folder, "manifest.json")))
    contract.check_manifest(m, folder, require_hashes=True)
    bad = [
        (dict(m, format=1), "^Invalid manifest \\(manifest.json\\): decoder needs format 2$"),
        (dict(m, denoisers=[dict(m["denoisers"][0], file="../x.onnx"), m["denoisers"][1]]),
         r'^Invalid manifest \(manifest.json\): denoisers\[0\]\.file "\.\./x\.onnx" must be a file name'),
        (dict(m, decoder=dict(m["decoder"], latentScale=float("nan"))), "^manifest.json is not valid JSON: "),
        (dict(m, notes="x" * 1_000_000), r"the file is \d+ bytes, more than the 1000000 a manifest may have$"),
    ]
    for manifest, message in bad:
        with pytest.raises(ValueError, match=message):
            contract.check_manifest(manifest)
    # sha256 and bytes may be left out of a set opened from disk; not out of a served set.
    loose = dict(m, denoisers=[{k: v for k, v in d.items() if k not in ("sha256", "bytes")} for d in m["denoisers"]])
    contract.check_manifest(loose, folder)
    with pytest.raises(ValueError, match=r"^Invalid manifest \(manifest.json\): denoisers\[0\]\.sha256 is missing$"):
        contract.check_manifest(loose, require_hashes=True)
    # A relative path below the folder is a name the page opens: here, one the folder does not have.
    nested = dict(m, denoisers=[dict(m["denoisers"][0], file="sub/latent-small.onnx"), m["denoisers"][1]])
    with pytest.raises(ValueError, match=r'denoisers\[0\]\.file names "sub/latent-small\.onnx", which is not among'):
        contract.check_manifest(nested, folder)
    contract.check_manifest(nested)


@needs_node  # write_manifest checks each set with check-set
def test_e2e_sets_are_what_make_fixtures_writes(tmp_path):
    """Committed and regenerated are the same bytes (the exports are deterministic), under 2 MB."""
    make_fixtures.main(["--local-sets", "--local-sets-dir", str(tmp_path)])
    made = sorted(os.path.relpath(os.path.join(d, f), tmp_path) for d, _, fs in os.walk(tmp_path) for f in fs)
    committed = sorted(os.path.relpath(os.path.join(d, f), LOCAL) for d, _, fs in os.walk(LOCAL) for f in fs
                       if f != "README.md")
    assert made == committed
    for rel in made:
        assert open(tmp_path / rel, "rb").read() == open(os.path.join(LOCAL, rel), "rb").read(), rel
    assert sum(os.path.getsize(os.path.join(LOCAL, r)) for r in committed) < 2_000_000


def _feeds(image, n=2):
    g = np.random.default_rng(0)
    return {"x": g.standard_normal((n, *image)).astype(np.float32), "t": np.array([999.0, 10.0][:n], np.float32),
            "y": np.array([3, 10][:n], np.int64)}


@needs_node
def test_e2e_good_sets_run_with_their_declared_shapes():
    jobs, want = [], []
    for name, fmt in (("latent", 2), ("rgb", 1)):
        folder = os.path.join(LOCAL, name)
        m = json.load(open(os.path.join(folder, "manifest.json")))
        assert m["format"] == fmt and sorted(d["role"] for d in m["denoisers"]) == ["large", "small"]
        contract.check_manifest(m, folder, require_hashes=True)
        image = (m["image"]["channels"], m["image"]["height"], m["image"]["width"])
        for d in m["denoisers"]:
            jobs.append((os.path.join(folder, d["file"]), _feeds(image)))
            want.append(("eps", (2, *image)))
        if "decoder" in m:
            dec = m["decoder"]
            assert dec["latentScale"] == 0.18215 and dec["output"] == {"channels": 3, "height": 32, "width": 32}
            x = np.random.default_rng(1).standard_normal((2, *image)).astype(np.float32)
            jobs.append((os.path.join(folder, dec["file"]), {"latent": x / dec["latentScale"]}))
            want.append(("image", (2, 3, 32, 32)))
    assert want[0][1] == (2, 4, 8, 8) and want[-1][1] == (2, 3, 16, 24)  # latent; rgb, not square
    for out, (name, shape) in zip(ort_node.run(jobs), want):
        assert out["_outputs"] == [name] and out[name].shape == shape and np.isfinite(out[name]).all()
        assert out[name].std() > 1e-3  # not flat: a test can see the page drew something
        if name == "image":
            assert out[name].min() >= -1 and out[name].max() <= 1
            assert out[name][0].var(axis=(1, 2)).min() > 1e-4  # every colour channel varies


@needs_node
def test_e2e_broken_sets_break_as_named():
    broken = os.path.join(LOCAL, "broken")
    with pytest.raises(json.JSONDecodeError):
        json.load(open(os.path.join(broken, "bad-json", "manifest.json")))
    for name, message in (("missing-file", "not among the files you opened"), ("wrong-sha", "does not match")):
        folder = os.path.join(broken, name)
        with pytest.raises(ValueError, match=message):
            contract.check_manifest(json.load(open(os.path.join(folder, "manifest.json"))), folder)
    folder = os.path.join(broken, "wrong-shape")
    m = json.load(open(os.path.join(folder, "manifest.json")))
    # Files and hashes fine: only the shape is wrong, found when the file is opened (as the page does).
    with pytest.raises(ValueError, match=r'rgb-small\.onnx" takes images of shape \[N, 3, 16, 24\], but the manifest\'s image is 1×28×28'):
        contract.check_manifest(m, folder, require_hashes=True)
    contract.check_manifest(m, require_hashes=True)  # the manifest alone is fine
    assert m["image"] == {"channels": 1, "height": 28, "width": 28}
    for d in m["denoisers"]:
        x = onnx.load(os.path.join(folder, d["file"])).graph.input[0]
        assert [v.dim_value for v in x.type.tensor_type.shape.dim[1:]] == [3, 16, 24]


@needs_node
def test_int8_weights_of_a_conv_denoiser_are_per_output_channel(tmp_path):
    torch.manual_seed(0)
    net = make_fixtures.TinyConvDenoiser(3, 48).eval()  # its middle conv, 48x48x3x3, is stored as int8
    paths = [str(tmp_path / f"{w}.onnx") for w in ("fp32", "int8")]
    for path, weights in zip(paths, ("fp32", "int8")):
        contract.export_denoiser(net, path, image=(3, 16, 24), num_classes=10, weights=weights)
    inits = {i.name: i for i in onnx.load(paths[1]).graph.initializer}
    scales = [onnx.numpy_helper.to_array(v) for k, v in inits.items() if k.endswith("_scale")]
    assert [s.shape for s in scales] == [(48, 1, 1, 1)]
    fp32, int8 = (r["eps"] for r in ort_node.run([(p, _feeds((3, 16, 24))) for p in paths]))
    assert 0 < np.abs(fp32 - int8).max() < 0.02 * np.abs(fp32).max()


class _GroupNormNet(torch.nn.Module):
    """A GroupNorm denoiser (its export reads shapes with Shape), optionally with a float Round."""

    def __init__(self, rounded=False):
        super().__init__()
        self.conv, self.norm, self.out = torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.GroupNorm(4, 8), torch.nn.Conv2d(8, 1, 1)
        self.embed, self.rounded = torch.nn.Embedding(11, 8), rounded

    def forward(self, x, t, y):
        h = self.norm(self.conv(x)) + self.embed(y)[:, :, None, None] + t[:, None, None, None] / 1000
        return self.out(torch.round(h) if self.rounded else h)


def test_the_webgpu_warning_fires_only_for_an_op_on_image_tensors(tmp_path):
    import warnings
    for rounded, want in ((False, []), (True, ["Round"])):
        path = str(tmp_path / f"gn-{rounded}.onnx")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            contract.export_denoiser(_GroupNormNet(rounded), path, image=(1, 8, 8), num_classes=10)
        ops = {n.op_type for n in onnx.load(path).graph.node}
        assert "Shape" in ops  # GroupNorm's export reads shapes: no reason to warn
        said = [str(w.message) for w in caught if "WebGPU" in str(w.message)]
        assert contract.gpu_fallbacks(onnx.load(path)) == want
        assert (len(said) == 1 and "['Round']" in said[0]) if want else said == []
