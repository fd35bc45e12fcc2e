"""The broken and hostile model sets of training/fixtures/hostile-sets.json (issue 21), one folder
each, written into a folder you name (a temp folder: they are never committed):

    /usr/bin/python3 training/make_hostile_sets.py /tmp/hostile      # every case
    /usr/bin/python3 training/make_hostile_sets.py /tmp/hostile fp16 # some

`npm run check-set` gives each its verdict (training/test_hostile_sets.py) and the page opens each
through its file input (e2e/own/hostileSets.spec.ts): both must give the case's. The models are
built with the onnx package alone (no torch, so the script takes a second): a tiny denoiser
eps = x / 2 + E[y] + t / 1000 whose class embedding E has a null row (11 rows for 10 classes), and
a decoder image = latent. The 1.5 GB model is a sparse file: it costs no disk.
"""
import copy
import json
import os
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_FILE = os.path.join(HERE, "fixtures", "hostile-sets.json")
IMAGE = (1, 8, 8)
CLASSES = [f"class {i}" for i in range(10)]
BASE = {
    "format": 1,
    "title": "Hostile case",
    "image": {"channels": IMAGE[0], "height": IMAGE[1], "width": IMAGE[2]},
    "classes": CLASSES,
    "nullClass": len(CLASSES),
    "schedule": {"type": "linear", "T": 1000, "betaStart": 0.0001, "betaEnd": 0.02},
    "prediction": "epsilon",
    "defaults": {"sampler": "ddim", "steps": 50, "guidance": 2.0, "eta": 0},
    "denoisers": [
        {"id": "s", "role": "small", "file": "s.onnx", "params": 11, "gflops": 0.000001},
        {"id": "l", "role": "large", "file": "l.onnx", "params": 11, "gflops": 0.000001},
    ],
}
DECODER = {"file": "d.onnx", "latentScale": 1.0, "output": {"channels": 1, "height": 8, "width": 8}}
HUGE_BYTES = 1_610_612_736  # 1.5 GiB


def cases() -> list:
    with open(CASES_FILE) as f:
        return json.load(f)["cases"]


def _model(graph, opset: int) -> onnx.ModelProto:
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_hostile_sets")
    m.ir_version = 8  # what onnxruntime-web 1.2x reads
    return m


def denoiser(kind: str = "good") -> onnx.ModelProto:
    """The tiny denoiser, or one of the export mistakes: fp16 (x and eps float16), int-t (t int64),
    static-batch (every batch dimension 1), no-null-row (E has 10 rows for nullClass 10), opset-99."""
    c, h, w = IMAGE
    batch = 1 if kind == "static-batch" else "N"
    x_type = TensorProto.FLOAT16 if kind == "fp16" else TensorProto.FLOAT
    t_type = TensorProto.INT64 if kind == "int-t" else TensorProto.FLOAT
    rows = len(CLASSES) + (0 if kind == "no-null-row" else 1)
    emb = numpy_helper.from_array(np.linspace(-0.1, 0.1, rows, dtype=np.float32).reshape(rows, 1), "E")
    consts = [
        numpy_helper.from_array(np.array([-1, 1, 1, 1], dtype=np.int64), "shape4"),
        numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half"),
        numpy_helper.from_array(np.array(0.001, dtype=np.float32), "milli"),
    ]
    nodes = []
    x = "x"
    if x_type != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", ["x"], ["x32"], to=TensorProto.FLOAT))
        x = "x32"
    t = "t"
    if t_type != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", ["t"], ["t32"], to=TensorProto.FLOAT))
        t = "t32"
    nodes += [
        helper.make_node("Mul", [x, "half"], ["xh"]),
        helper.make_node("Gather", ["E", "y"], ["ey"]),
        helper.make_node("Reshape", ["ey", "shape4"], ["ey4"]),
        helper.make_node("Mul", [t, "milli"], ["tm"]),
        helper.make_node("Reshape", ["tm", "shape4"], ["tm4"]),
        helper.make_node("Add", ["xh", "ey4"], ["a"]),
        helper.make_node("Add", ["a", "tm4"], ["eps32" if x_type != TensorProto.FLOAT else "eps"]),
    ]
    if x_type != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", ["eps32"], ["eps"], to=x_type))
    graph = helper.make_graph(
        nodes, "denoiser",
        [helper.make_tensor_value_info("x", x_type, [batch, c, h, w]),
         helper.make_tensor_value_info("t", t_type, [batch]),
         helper.make_tensor_value_info("y", TensorProto.INT64, [batch])],
        [helper.make_tensor_value_info("eps", x_type, [batch, c, h, w])],
        [emb, *consts])
    m = _model(graph, 99 if kind == "opset-99" else 17)
    if kind != "opset-99":
        onnx.checker.check_model(m)
    return m


def decoder(scale: int = 1) -> onnx.ModelProto:
    """image = latent (1x8x8), or tiled `scale` times in height and width."""
    c, h, w = IMAGE
    reps = numpy_helper.from_array(np.array([1, 1, scale, scale], dtype=np.int64), "reps")
    graph = helper.make_graph(
        [helper.make_node("Tile", ["latent", "reps"], ["image"])], "decoder",
        [helper.make_tensor_value_info("latent", TensorProto.FLOAT, ["N", c, h, w])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", c, h * scale, w * scale])],
        [reps])
    m = _model(graph, 17)
    onnx.checker.check_model(m)
    return m


def _set(obj, path: str, value) -> None:
    """Sets "denoisers[0].file" or "schedule.T" in `obj`."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
    for p in parts[:-1]:
        obj = obj[p]
    obj[parts[-1]] = value


def _nested(depth: int, leaf: str = '"x"') -> str:
    return "[" * depth + leaf + "]" * depth


def write_case(folder: str, case: dict) -> str:
    """Writes the case's set into folder/<id>/ and returns that folder."""
    out = os.path.join(folder, case["id"])
    os.makedirs(out, exist_ok=True)
    m = copy.deepcopy(BASE)
    if case.get("decoder"):
        m["format"] = 2
        m["decoder"] = copy.deepcopy(DECODER)
    files = {"s.onnx": denoiser(), "l.onnx": denoiser()}
    if case.get("decoder"):
        files["d.onnx"] = decoder()
    kind = case.get("onnx")
    raw = {}  # file name -> bytes, or None for the sparse huge file
    if kind:
        name = case["file"]
        if kind.startswith("decoder-"):
            m["decoder"]["file"] = name
            files[name] = decoder(2)
        else:
            m["denoisers"][0]["file"] = name
            if kind == "random":
                raw[name] = np.random.default_rng(21).integers(0, 256, 4096, dtype=np.uint8).tobytes()
            elif kind == "huge":
                raw[name] = None
            else:
                files[name] = denoiser(kind)
    for path, value in case.get("set", {}).items():
        _set(m, path, value)
    make = case.get("make")
    text = None
    if make == "deep-title":
        text = json.dumps(m, indent=2).replace('"title": "Hostile case"', '"title": ' + _nested(100_000), 1)
    elif make == "classes-2m":
        m["classes"] = [f"class name {i:09d}" for i in range(2_000_000)]  # about 56 MB of JSON
        text = json.dumps(m, indent=2)
    elif make == "unknown-deep":
        text = json.dumps(m, indent=2)[:-2] + ',\n  "extra": ' + _nested(1_000_000) + "\n}"
    elif make == "denoisers-50":
        m["denoisers"] = [dict(m["denoisers"][i % 2], id=f"d{i}") for i in range(50)]
    elif make is not None:
        raise ValueError(f"{case['id']}: unknown make {make!r}")
    with open(os.path.join(out, "manifest.json"), "w") as f:
        f.write(text if text is not None else json.dumps(m, indent=2) + "\n")
    for name, model in files.items():
        onnx.save(model, os.path.join(out, name))
    for name, data in raw.items():
        path = os.path.join(out, name)
        if data is None:
            with open(path, "wb") as f:
                f.truncate(HUGE_BYTES)  # sparse: no disk blocks
        else:
            with open(path, "wb") as f:
                f.write(data)
    return out


def main(argv: list) -> None:
    if not argv:
        sys.exit(__doc__)
    folder, only = argv[0], set(argv[1:])
    for case in cases():
        if not only or case["id"] in only:
            write_case(folder, case)
    print(f"wrote {len(only) or len(cases())} sets to {folder}")


if __name__ == "__main__":
    main(sys.argv[1:])
