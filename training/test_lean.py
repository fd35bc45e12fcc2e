"""The lean export: same function as models.DiT, and a graph without shape arithmetic."""
import collections
import json
import math
import os
import sys

import onnx
import pytest
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import lean  # noqa: E402
from make_fixtures import random_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Random weights, perturbed so that adaLN-Zero's gates and the output head are not zero: the test fixtures' own.
_random_dit = random_model


def _inputs(n=3):
    g = torch.Generator().manual_seed(5)
    return torch.randn((n, 1, 28, 28), generator=g), torch.tensor([999.0, 500.0, 0.0][:n]), torch.tensor([0, 7, 10][:n])


def test_split_sizes_cuts_in_order_with_few_outputs_per_split():
    for sizes in ([3], [2, 5], [4] * 7, [4] * 8, [192, 64, 64, 64, 64, 64] * 4 + [16, 64], [8] * 50):
        x = torch.arange(float(sum(sizes)))[None]
        pieces = lean.split_sizes(x, sizes)
        assert [p.shape[-1] for p in pieces] == sizes
        assert torch.equal(torch.cat(pieces, dim=-1), x)
    # 50 pieces: one Split into [49, 1], one into 7 groups, 7 into 7 pieces: 9 Splits, none over 7 outputs.
    graph = torch.jit.trace(lambda x: lean.split_sizes(x, [8] * 50), torch.zeros(2, 400)).graph
    splits = [n for n in graph.nodes() if n.kind() in ("aten::split", "aten::split_with_sizes")]
    assert len(splits) == 9


@pytest.mark.parametrize("name", ["DiT-T/4", "DiT-T/2", "DiT-S/4"])
def test_lean_model_computes_what_the_dit_computes(name):
    m = _random_dit(name, seed=3)
    x, t, y = _inputs()
    with torch.no_grad():
        want, got = m(x, t, y), lean.LeanDiT(m).eval()(x, t, y)
    assert want.abs().max() > 1e-2  # outputs that carry signal
    assert (got - want).abs().max() < 1e-5


def _export(model, tmp_path, plain=False) -> onnx.ModelProto:
    path = str(tmp_path / "m.onnx")
    export.export_onnx(model, path, plain=plain)
    return onnx.load(path)


def _constant(graph: onnx.GraphProto, name: str):
    for init in graph.initializer:
        if init.name == name:
            return numpy_helper.to_array(init)
    for node in graph.node:
        if node.op_type == "Constant" and node.output[0] == name:
            return numpy_helper.to_array(node.attribute[0].t)
    return None


def shape_arithmetic(graph: onnx.GraphProto) -> list:
    """Nodes that read a shape at run time, and reshapes whose target is not a constant with -1 for the batch."""
    bad = [n.name for n in graph.node if n.op_type in ("Shape", "Size", "ConstantOfShape", "Expand", "Range")]
    for n in graph.node:
        if n.op_type == "Reshape":
            target = _constant(graph, n.input[1])
            if target is None or target[0] != -1 or (target[1:] <= 0).any():
                bad.append(n.name)
    return bad


def test_lean_export_has_no_shape_arithmetic(tmp_path):
    m = _random_dit("DiT-T/4", seed=1)
    g = _export(m, tmp_path).graph
    assert shape_arithmetic(g) == []
    ops = collections.Counter(n.op_type for n in g.node if n.op_type != "Constant")
    assert set(ops) <= {"MatMul", "Add", "Mul", "Transpose", "Reshape", "Split", "LayerNormalization", "Softmax",
                        "ReduceSum", "FastGelu", "Gemm", "QuickGelu", "Unsqueeze", "Cos", "Sin", "Concat", "Gather"}
    assert ops["Gather"] == 1 and ops["Concat"] == 1  # the class embedding; cos|sin of the timestep
    assert all(len(n.output) <= lean.SPLIT_OUTPUTS for n in g.node if n.op_type == "Split")
    # 24 nodes per block and 24 around them, not counting Splits: one per block (q, k, v) and the
    # fewest that cut the 6 * depth + 2 adaLN pieces with 7 outputs each.
    depth, pieces = m.cfg.depth, 6 * m.cfg.depth + 2
    assert sum(ops.values()) - ops["Split"] == 24 + 24 * depth
    assert ops["Split"] == depth + math.ceil((pieces - 1) / (lean.SPLIT_OUTPUTS - 1))
    # The contract of docs/ARCHITECTURE.md: dynamic batch in and out.
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    assert [dims(i) for i in g.input] == [["N", 1, 28, 28], ["N"], ["N"]]
    assert [dims(o) for o in g.output] == [["N", 1, 28, 28]]
    # What the lean export replaces: the plain one reads the batch size from shapes.
    assert shape_arithmetic(_export(m, tmp_path, plain=True).graph) != []


def test_export_cli_writes_a_lean_model_and_its_manifest_entry(tmp_path):
    export.main(["--ckpt", os.path.join(ROOT, "training", "checkpoints", "dit-s4.pt"), "--id", "dit-s4",
                 "--role", "small", "--out-dir", str(tmp_path)])
    entry = json.load(open(tmp_path / "manifest.json"))["denoisers"][0]
    path = tmp_path / "dit-s4.onnx"
    assert entry["sha256"] == export.sha256(str(path)) and entry["bytes"] == os.path.getsize(path)
    assert entry["architecture"]["name"] == "DiT-S/4" and entry["training"]["weights"] == "EMA"
    assert shape_arithmetic(onnx.load(str(path)).graph) == []
