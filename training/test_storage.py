"""storage.py: int8 per-channel weight storage of an exported denoiser."""
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import storage  # noqa: E402
from make_fixtures import random_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_quantize_rounds_half_to_even_and_keeps_zero_channels():
    w = np.array([[0.5, 1.5, 2.5, -2.5, 127.0], [0, 0, 0, 0, 0]], np.float32).T  # (5, 2): channels are columns
    q, s = storage.quantize(w, (0,))
    assert s.shape == (1, 2) and s[0, 0] == 1 and s[0, 1] == 1  # 127 / 127; an all-zero channel gets 1
    assert q[:, 0].tolist() == [0, 2, 2, -2, 127] and not q[:, 1].any()
    assert q.dtype == np.int8


def _exported(tmp_path, name="DiT-T/4", seed=4) -> str:
    path = str(tmp_path / "fp32.onnx")
    export.export_onnx(random_model(name, seed=seed), path)
    return path


def _initializers(model) -> dict:
    return {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}


def test_int8_file_stores_large_weights_per_output_channel(tmp_path):
    src = onnx.load(_exported(tmp_path))
    out = storage.to_int8(src, int8_min_elements=storage.MIN_ELEMENTS)  # every stored tensor int8
    before, after = _initializers(src), _initializers(out)
    big = {k for k, w in before.items() if w.dtype == np.float32 and w.ndim >= 2 and w.size >= storage.MIN_ELEMENTS}
    assert big and len(big) < len(before)  # some tensors are small and stay as they were
    for k, w in before.items():
        if k not in big:
            assert np.array_equal(after[k], w) and after[k].dtype == w.dtype
            continue
        assert k not in after and after[k + "_q"].dtype == np.int8 and after[k + "_scale"].dtype == np.float32
    consumer = {i: n for n in src.graph.node for i in n.input}
    dequantized = storage.dequantized_weights(out)
    assert set(dequantized) == big
    for k in big:
        w, q, s = before[k], after[k + "_q"].astype(np.float32), after[k + "_scale"]
        node = consumer[k]
        # The channel axis from the reader: MatMul's B (.., K, N) -> one scale per (.., n); Gemm transB=1 -> per row.
        if node.op_type == "MatMul":
            axes = (w.ndim - 2,)
        elif node.op_type == "Gemm" and any(a.name == "transB" and a.i == 1 for a in node.attribute):
            axes = (1,)
        else:
            axes = tuple(range(w.ndim - 1))
        want_s = np.abs(w).max(axis=axes, keepdims=True) / np.float32(127)
        assert s.shape == want_s.shape and np.array_equal(s, want_s)
        # Stored: round(w / s) * s, exactly.
        assert np.array_equal(q, np.rint(w / s)) and np.array_equal(dequantized[k], q * s)
        # The error: at most 1/254 of the channel's largest weight.
        err = np.abs(dequantized[k] - w).max(axis=axes, keepdims=True)
        assert (err <= np.abs(w).max(axis=axes, keepdims=True) / 254 * (1 + 1e-6)).all()
    kinds = {(consumer[k].op_type, after[k + "_scale"].ndim) for k in big}
    assert {("MatMul", 3), ("MatMul", 2), ("Gemm", 2), ("Add", 2)} <= kinds  # Add: the positional embedding
    # The rest of the graph is the one before: two nodes in front of it per stored tensor.
    assert [n.SerializeToString() for n in out.graph.node[2 * len(big):]] == [n.SerializeToString() for n in src.graph.node]
    assert [n.op_type for n in out.graph.node[:2 * len(big)]] == ["Cast", "Mul"] * len(big)


def test_smaller_stored_tensors_are_float16(tmp_path):
    src = onnx.load(_exported(tmp_path, "DiT-S/4"))
    out = storage.to_int8(src)
    before, after = _initializers(src), _initializers(out)
    stored = storage.dequantized_weights(out)
    half = {k for k in stored if before[k].size < storage.INT8_MIN_ELEMENTS}
    assert half and half != set(stored)  # DiT-S/4 has both kinds
    for k, w in stored.items():
        if k in half:  # float16: the nearest half, relative error at most 2^-11 (2^-25 absolute below its normal range)
            assert after[k + "_h"].dtype == np.float16 and k + "_q" not in after
            assert np.array_equal(w, before[k].astype(np.float16).astype(np.float32))
            assert (np.abs(w - before[k]) <= np.maximum(np.abs(before[k]) * 2.0 ** -11, 2.0 ** -25)).all()
        else:
            assert after[k + "_q"].dtype == np.int8 and k + "_h" not in after
    n = 2 * (len(stored) - len(half)) + len(half)
    assert [x.SerializeToString() for x in out.graph.node[n:]] == [x.SerializeToString() for x in src.graph.node]


def test_cli_writes_about_a_third_of_the_bytes_or_less(tmp_path):
    src = _exported(tmp_path, "DiT-S/4")  # DiT-L/4 shrinks more: its float16 and float32 tensors are a smaller share
    dst = str(tmp_path / "int8.onnx")
    storage.main(["--in", src, "--out", dst])
    assert os.path.getsize(dst) < 0.36 * os.path.getsize(src)


ORT = os.path.join(ROOT, "node_modules", "onnxruntime-node")
RUN = """
const ort = require(process.argv[1]);
(async () => {
  const out = [];
  for (const file of process.argv.slice(2)) {
    const s = await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
    const n = 3, x = new Float32Array(n * 784).map((_, i) => Math.sin(i * 0.37));
    const r = await s.run({ x: new ort.Tensor('float32', x, [n, 1, 28, 28]),
      t: new ort.Tensor('float32', Float32Array.from([999, 500, 0]), [n]),
      y: new ort.Tensor('int64', BigInt64Array.from([0n, 7n, 10n]), [n]) });
    out.push(Array.from(r.eps.data));
  }
  console.log(JSON.stringify(out));
})();
"""


@pytest.mark.needs_node  # conftest.py: skipped without Node, failed under CI
def test_onnxruntime_runs_the_int8_file_as_the_fp32_graph_with_dequantized_weights(tmp_path):
    src = onnx.load(_exported(tmp_path, "DiT-S/4"))
    out = storage.to_int8(src)  # int8 and float16 tensors
    substituted = onnx.ModelProto.FromString(src.SerializeToString())
    deq = storage.dequantized_weights(out)
    for init in substituted.graph.initializer:
        if init.name in deq:
            init.CopyFrom(numpy_helper.from_array(deq[init.name], init.name))
    paths = [str(tmp_path / "int8.onnx"), str(tmp_path / "substituted.onnx"), str(tmp_path / "fp32.onnx")]
    onnx.save(out, paths[0])
    onnx.save(substituted, paths[1])
    got, want, fp32 = (np.array(v) for v in json.loads(
        subprocess.run(["node", "-e", RUN, ORT] + paths, check=True, capture_output=True, text=True).stdout))
    assert np.abs(want).max() > 1e-2  # outputs that carry signal
    assert np.array_equal(got, want)  # folded at load: the same weights, the same kernels, the same bits
    assert 0 < np.abs(fp32 - got).max() < 0.05 * np.abs(fp32).max()  # and the int8 weights do change the output a little


def test_export_cli_int8_records_the_file_it_wrote(tmp_path):
    export.main(["--ckpt", os.path.join(ROOT, "training", "checkpoints", "dit-s4.pt"), "--id", "dit-s4",
                 "--role", "small", "--out-dir", str(tmp_path), "--weights", "int8"])
    entry = json.load(open(tmp_path / "manifest.json"))["denoisers"][0]
    path = str(tmp_path / "dit-s4.onnx")
    assert entry["sha256"] == export.sha256(path) and entry["bytes"] == os.path.getsize(path)
    assert entry["training"]["weights"] == "EMA (int8 per channel)"
    assert storage.dequantized_weights(onnx.load(path))  # the stored form, not the float32 export
