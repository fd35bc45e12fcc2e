"""Store an exported denoiser's weights as int8, symmetric, per output channel (bytes on a first visit).

    /usr/bin/python3 training/storage.py --in public/models/dit-l4.onnx --out runs/int8mix/dit-l4.onnx

Why: the page downloads every weight on a first visit. DiT-L/4's 5.5 M fp32 weights are 21.9 MB
(12.7 MB gzip); fp16 storage still leaves it near 11 MB gzip. As int8 they are about a quarter.

What: every float32 initializer with >= MIN_ELEMENTS (1024) elements and at least 2 dimensions is
stored smaller: with >= INT8_MIN_ELEMENTS (16384) as `<name>_q` (int8) and `<name>_scale` (float32,
shaped to broadcast), and two nodes `Cast(<name>_q, to=FLOAT)`, `Mul(., <name>_scale)` produce
`<name>` again; a smaller one as `<name>_h` (float16) and one `Cast(to=FLOAT)`. The rest of the
graph is unchanged; biases, norms and tensors under 1024 elements stay float32. onnxruntime's
constant folding (graph optimization level 'all', as every session here uses) computes those
nodes once when the session is created, so the graph that runs per call is the one of the float32
file (same node counts: `npm run kernels`). DequantizeLinear would also do, but onnxruntime does
not fold it unless a session option asks for it: it would run on every call.

Why float16 below 16384 elements: those are the patch embedding, the output head, the positional
embedding, the class table (and DiT-S/4's small per-head and timestep weights): under 1% of
DiT-L/4's weights, but as int8 the first and last layers alone moved eps as much as all the
others together (training/storage_check.py), and with everything int8 the FID at r = 0.4 moved
by 3.6% (docs/results/weights-int8.md). `--int8-min-elements 1024` stores every one as int8.

Per output channel: one scale per output of the layer, the maximum taken over the contraction
axis only. MatMul's B input (K, N) or (H, K, N): over K, scale (1, N) or (H, 1, N); Gemm's B with
transB=1 (N, K): over K, scale (N, 1); with transB=0 like MatMul; Conv's W (O, I, kH, kW) (other
models' denoisers, contract.py): over all but O, scale (O, 1, 1, 1). Anything else (the positional
embedding read by Add, the class table read by Gather; a ConvTranspose): one scale per column of the last axis
(the feature channel), over all other axes. A tensor read by nodes that disagree gets that
last-axis rule too.

Error: scale s = max|w| / 127 over the channel (1 for an all-zero channel), q = round-half-to-even
(w / s), stored q * s: every weight moves by at most s / 2, i.e. by at most 1/254 of its channel's
largest magnitude. float16: the nearest half, at most 2^-11 relative.
"""
import argparse
import gzip
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_ELEMENTS = 1024
INT8_MIN_ELEMENTS = 16384  # smaller stored tensors are float16 (see the module docstring)
QMAX = 127


def _reduce_axes(shape: tuple, consumers: list) -> tuple:
    """Axes the scale's maximum runs over, from how the tensor is read (see the module docstring)."""
    nd = len(shape)
    choices = set()
    for node, index in consumers:
        if node.op_type == "MatMul" and index == 1:
            choices.add((nd - 2,))
        elif node.op_type == "Conv" and index == 1 and nd >= 3:
            choices.add(tuple(range(1, nd)))  # (O, I/g, k...): one scale per output channel
        elif node.op_type == "Gemm" and index == 1 and nd == 2:
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            choices.add((1,) if trans_b else (0,))
        else:
            choices.add(None)
    if len(choices) == 1 and None not in choices:
        return choices.pop()
    return tuple(range(nd - 1))  # per column of the last axis


def quantize(w: np.ndarray, axes: tuple) -> tuple:
    """(q int8, scale float32 with the reduced axes kept as 1): w ~ q * scale, |w - q * scale| <= scale / 2."""
    w = w.astype(np.float32)
    peak = np.abs(w).max(axis=axes, keepdims=True)
    scale = np.where(peak > 0, peak / np.float32(QMAX), np.float32(1)).astype(np.float32)
    q = np.clip(np.rint(w / scale), -QMAX, QMAX).astype(np.int8)  # np.rint: round half to even
    return q, scale


def dequantize(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """What onnxruntime computes from the stored tensors: float32(q) * scale in float32."""
    return q.astype(np.float32) * scale


def to_int8(model: onnx.ModelProto, min_elements: int = MIN_ELEMENTS,
            int8_min_elements: int = INT8_MIN_ELEMENTS) -> onnx.ModelProto:
    """A copy of `model` with its large float32 initializers stored as int8, the smaller of those as
    float16 (module docstring); int8_min_elements=min_elements stores them all as int8."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    g = model.graph
    consumers = {}
    for node in g.node:
        for i, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node, i))
    taken = {i.name for i in g.initializer} | {v for n in g.node for v in list(n.input) + list(n.output)}
    graph_inputs = {i.name for i in g.input}
    keep, added, nodes = [], [], []
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if (init.data_type != onnx.TensorProto.FLOAT or w.ndim < 2 or w.size < min_elements
                or init.name in graph_inputs or init.name not in consumers):
            keep.append(init)
            continue
        names = {k: init.name + k for k in ("_q", "_scale", "_qf", "_h")}
        if set(names.values()) & taken:
            raise ValueError(f"{init.name}: a tensor named {init.name}_q, _scale, _qf or _h already exists")
        out = dict(name=init.name + "_dequant", outputs=[init.name])
        if w.size < int8_min_elements:
            added.append(numpy_helper.from_array(w.astype(np.float16), names["_h"]))
            nodes.append(helper.make_node("Cast", [names["_h"]], out["outputs"], name=out["name"], to=onnx.TensorProto.FLOAT))
            continue
        q, scale = quantize(w, _reduce_axes(w.shape, consumers[init.name]))
        added += [numpy_helper.from_array(q, names["_q"]), numpy_helper.from_array(scale, names["_scale"])]
        nodes += [helper.make_node("Cast", [names["_q"]], [names["_qf"]], name=names["_qf"], to=onnx.TensorProto.FLOAT),
                  helper.make_node("Mul", [names["_qf"], names["_scale"]], out["outputs"], name=out["name"])]
    del g.initializer[:]
    g.initializer.extend(keep + added)
    rest = list(g.node)
    del g.node[:]
    g.node.extend(nodes + rest)  # before their readers: the graph stays in topological order
    onnx.checker.check_model(model)
    return model


def dequantized_weights(model: onnx.ModelProto) -> dict:
    """{original name: the float32 array onnxruntime computes from what is stored} for every tensor
    `to_int8` stored as int8 or float16."""
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    out = {}
    for node in model.graph.node:
        name = node.output[0]
        if node.name != name + "_dequant":
            continue
        if node.op_type == "Mul":
            out[name] = dequantize(inits[name + "_q"], inits[name + "_scale"])
        elif node.op_type == "Cast":
            out[name] = inits[name + "_h"].astype(np.float32)
    return out


def sizes(path: str) -> tuple:
    """(bytes, bytes after gzip -9) of a file: what a server sends with and without compression."""
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data, compresslevel=9))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--in", dest="src", required=True, help="ONNX file with float32 weights (training/export.py)")
    p.add_argument("--out", required=True, help="where to write the int8-weight file")
    p.add_argument("--min-elements", type=int, default=MIN_ELEMENTS, help="smaller tensors stay float32")
    p.add_argument("--int8-min-elements", type=int, default=INT8_MIN_ELEMENTS,
                   help="smaller stored tensors are float16 (equal to --min-elements: every one int8)")
    a = p.parse_args(argv)
    model = onnx.load(a.src)
    if os.path.dirname(a.out):
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
    onnx.save(to_int8(model, a.min_elements, a.int8_min_elements), a.out)
    (rb, rg), (qb, qg) = sizes(a.src), sizes(a.out)
    print(f"{a.src}: {rb} bytes ({rg} gzip -9) -> {a.out}: {qb} bytes ({qg} gzip -9)")


if __name__ == "__main__":
    main()
