"""The model-set contract (docs/ARCHITECTURE.md, "Model sets"): export any denoiser or decoder into
it, and write the manifest the page reads.

    import contract
    small = contract.export_denoiser(net_s, "out/unet-s.onnx", image=(4, 8, 8), num_classes=10)
    large = contract.export_denoiser(net_l, "out/unet-l.onnx", image=(4, 8, 8), num_classes=10)
    dec = contract.export_decoder(vae_decoder, "out/decoder.onnx", latent=(4, 8, 8), latent_scale=0.18215)
    contract.write_manifest("out", title="My pair", image=(4, 8, 8), classes=[...],
                            denoisers=[dict(id="s", role="small", **small), dict(id="l", role="large", **large)],
                            decoder=dec)

A denoiser is any torch module `eps = module(x, t, y)`: x float32 (N, C, H, W) (pixels in [-1, 1],
or the latent), t float32 (N,) (timestep index 0..T-1), y int64 (N,) (class id; the null class,
`num_classes` by default, means unconditional). Its ONNX file has inputs x, t, y and output eps,
batch N dynamic, opset 17 by default (up to 21 runs). A decoder is any module `image = module(latent)`, latent (N, C, H, W)
-> image (N, C', H', W') in [-1, 1]; the page feeds it x / latentScale. training/export.py writes
the project's own DiTs through export_denoiser, so the shipped files follow this contract by
construction (guide: docs/guide-own-models.md).
"""
import hashlib
import json
import os
import re
import warnings

import onnx
import torch

OPSET = 17  # what the shipped models use (LayerNormalization needs 17); any opset up to MAX_OPSET runs
ROLES = ("small", "medium", "large")
# Operators the page's three onnxruntime EPs (CPU, wasm, WebGPU) all run without a CPU fallback
# for the models seen so far; a decoder or denoiser using others gets a warning, not an error.
WEB_OPS = {
    "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Neg", "Abs", "Erf", "Tanh", "Sigmoid", "Relu",
    "LeakyRelu", "Sin", "Cos", "Softmax", "MatMul", "Gemm", "Conv", "ConvTranspose", "Resize", "Reshape",
    "Transpose", "Concat", "Split", "Slice", "Gather", "Unsqueeze", "Squeeze", "Cast", "Clip", "Identity",
    "ReduceMean", "ReduceSum", "LayerNormalization", "InstanceNormalization", "BatchNormalization", "Expand",
    "Where", "Flatten", "AveragePool", "MaxPool", "GlobalAveragePool", "Constant", "FastGelu", "QuickGelu",
    "Gelu", "GroupNorm",
}
# What a set opened without a schedule of its own gets: the project's (training/diffusion.py).
SCHEDULE = {"type": "linear", "T": 1000, "betaStart": 0.0001, "betaEnd": 0.02}
DEFAULTS = {"sampler": "ddim", "steps": 50, "guidance": 2.0, "eta": 0}


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_entry(path: str) -> dict:
    """The manifest fields that pin a file: its name (next to manifest.json), sha256 and byte count."""
    return {"file": os.path.basename(path), "sha256": sha256(path), "bytes": os.path.getsize(path)}


def declare_output_shape(path: str, shape: tuple) -> None:
    """The file's first output declared (N, *shape): torch cannot infer shapes through some ops (the
    com.microsoft ones), so it may name every dimension; its guesses inside the graph are dropped too."""
    m = onnx.load(path)
    dims = m.graph.output[0].type.tensor_type.shape.dim
    for dim, size in zip(dims[1:], shape):
        dim.Clear()
        dim.dim_value = size
    del m.graph.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, path)


def _dims(value_info) -> list:
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in value_info.type.tensor_type.shape.dim]


def _elem(value_info) -> int:
    return value_info.type.tensor_type.elem_type


# Operators that read only a tensor's shape: onnxruntime runs them on the CPU on purpose, on any EP,
# without copying the tensor (the shape is known on the CPU). Any op whose inputs are all integer or
# bool tensors (shape arithmetic: Range, ConstantOfShape, Equal on int64...) is left to the CPU too,
# at no cost to speak of. What matters is an unknown op that takes float tensors (activations).
SHAPE_OPS = {"Shape", "Size"}
_FLOATS = {onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.DOUBLE, onnx.TensorProto.BFLOAT16}


def gpu_fallbacks(m) -> list:
    """Operators of `m` outside WEB_OPS that take a float tensor (or one of unknown type), sorted:
    those the WebGPU EP may run on the CPU with a copy of the activations each call."""
    try:
        inferred = onnx.shape_inference.infer_shapes(m)
    except Exception:  # noqa: BLE001 (custom ops without inference)
        inferred = m
    g = inferred.graph
    types = {v.name: v.type.tensor_type.elem_type for v in [*g.value_info, *g.input, *g.output]}
    types.update({i.name: i.data_type for i in g.initializer})
    for n in g.node:
        if n.op_type == "Constant":
            types.update({o: n.attribute[0].t.data_type for o in n.output if n.attribute and n.attribute[0].name == "value"})
    found = set()
    for n in g.node:
        if n.op_type in WEB_OPS or n.op_type in SHAPE_OPS:
            continue
        if any(i and types.get(i, 0) in _FLOATS | {0} for i in n.input):
            found.add(n.op_type)
    return sorted(found)


def check_signature(path: str, inputs: dict, outputs: dict) -> None:
    """Raises ValueError unless the file's inputs and outputs are exactly `{name: (elem type, [dims])}`,
    a str dim standing for a dynamic one (any name)."""
    m = onnx.load(path)
    for kind, want, got in (("inputs", inputs, m.graph.input), ("outputs", outputs, m.graph.output)):
        got = {v.name: (_elem(v), _dims(v)) for v in got}
        if list(got) != list(want):
            raise ValueError(f"{path}: {kind} are {list(got)}, the contract wants {list(want)}")
        for name, (elem, dims) in want.items():
            g_elem, g_dims = got[name]
            ok = g_elem == elem and len(g_dims) == len(dims) and all(
                isinstance(w, str) and isinstance(g, str) or w == g for w, g in zip(dims, g_dims))
            if not ok:
                raise ValueError(f"{path}: {name} is {onnx.TensorProto.DataType.Name(g_elem)}{g_dims}, the contract "
                                 f"wants {onnx.TensorProto.DataType.Name(elem)}{dims}")
    other = gpu_fallbacks(m)
    if other:
        warnings.warn(f"{path}: operators {other} work on image tensors but are not known to run on onnxruntime's "
                      "WebGPU EP: each model call may copy those tensors to the CPU and back (slower on WebGPU, no "
                      "change on wasm). Check with `npm run kernels` or tools/ep-compare.ts; if they fall back, "
                      "rewrite that part of the model with the usual ops")


def _export(module, args, path, input_names, output_names, opset, custom_opsets) -> None:
    axes = {name: {0: "N"} for name in input_names + output_names}
    torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names, dynamic_axes=axes,
                      opset_version=opset, do_constant_folding=True, custom_opsets=custom_opsets or {})


def _store(path: str, weights: str) -> None:
    if weights == "int8":
        import storage  # training/storage.py: int8 per output channel, float16 below 16384 elements
        onnx.save(storage.to_int8(onnx.load(path)), path)
    elif weights != "fp32":
        raise ValueError(f'weights must be "fp32" or "int8", got {weights!r}')


def export_denoiser(module: torch.nn.Module, path: str, *, image: tuple, num_classes: int, opset: int = OPSET,
                    weights: str = "fp32", custom_opsets: dict = None, null_class: int = None) -> dict:
    """Writes `module` (eps = module(x, t, y)) as a denoiser of the contract and returns its manifest
    fields {file, sha256, bytes}: inputs x float32[N,C,H,W], t float32[N], y int64[N], output eps
    float32[N,C,H,W], batch N dynamic. image = (C, H, W). The trace runs a batch of two: t 999 and 10,
    y 1 and the null class (num_classes unless null_class says otherwise). weights="int8" stores the
    weight tensors small (training/storage.py); custom_opsets e.g. {"com.microsoft": 1}."""
    c, h, w = image
    module = module.float().eval()
    null = num_classes if null_class is None else null_class
    x, t, y = torch.randn(2, c, h, w), torch.tensor([999.0, 10.0]), torch.tensor([1, null])
    with torch.no_grad():
        eps = module(x, t, y)
    if tuple(eps.shape) != (2, c, h, w):
        raise ValueError(f"{path}: the module returns eps of shape {tuple(eps.shape)} for x of shape {(2, c, h, w)}")
    dirname = os.path.dirname(path)
    if dirname:
        os.makedirs(dirname, exist_ok=True)
    _export(module, (x, t, y), path, ["x", "t", "y"], ["eps"], opset, custom_opsets)
    declare_output_shape(path, (c, h, w))
    _store(path, weights)
    f, i64 = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    check_signature(path, {"x": (f, ["N", c, h, w]), "t": (f, ["N"]), "y": (i64, ["N"])}, {"eps": (f, ["N", c, h, w])})
    return file_entry(path)


def export_decoder(module: torch.nn.Module, path: str, *, latent: tuple, latent_scale: float = 1.0,
                   opset: int = OPSET, weights: str = "fp32") -> dict:
    """Writes `module` (image = module(latent)) as the set's decoder and returns its manifest entry
    {file, sha256, bytes, latentScale, output: {channels, height, width}}: input latent
    float32[N,C,H,W] (latent = (C, H, W), the manifest's image), output image float32[N,C',H',W'],
    batch N dynamic. The page decodes x / latent_scale (Stable Diffusion's VAE: 0.18215)."""
    c, h, w = latent
    module = module.float().eval()
    z = torch.randn(2, c, h, w)
    with torch.no_grad():
        out = module(z)
    if out.dim() != 4 or out.shape[0] != 2 or out.shape[1] not in (1, 3):
        raise ValueError(f"{path}: the decoder returns {tuple(out.shape)}; the contract wants (N, 1 or 3, H', W')")
    oc, oh, ow = (int(v) for v in out.shape[1:])
    dirname = os.path.dirname(path)
    if dirname:
        os.makedirs(dirname, exist_ok=True)
    _export(module, (z,), path, ["latent"], ["image"], opset, None)
    declare_output_shape(path, (oc, oh, ow))
    _store(path, weights)
    f = onnx.TensorProto.FLOAT
    check_signature(path, {"latent": (f, ["N", c, h, w])}, {"image": (f, ["N", oc, oh, ow])})
    return {**file_entry(path), "latentScale": latent_scale, "output": {"channels": oc, "height": oh, "width": ow}}


@torch.no_grad()
def count_gflops(module: torch.nn.Module, *args) -> float:
    """GFLOPs of one forward pass per image (2 x multiply-adds of every nn.Linear, nn.Conv*d and
    nn.ConvTranspose*d), measured by running `module(*args)` (any batch; per image); matmuls written
    as plain tensor operations (attention scores) are not seen: add them yourself. The manifest's
    gflops is optional, but the page's FLOP ideal and same-cost comparison need it."""
    macs = []

    def hook(m, inputs, out):
        if isinstance(m, torch.nn.Linear):
            macs.append(out.numel() * m.in_features)
        elif m.transposed:  # weight (I, O/g, k...): each input value meets O/g * k weights
            macs.append(inputs[0].numel() * m.weight[0].numel())
        else:  # weight (O, I/g, k...): each output value meets I/g * k weights
            macs.append(out.numel() * m.weight[0].numel())

    handles = [m.register_forward_hook(hook) for m in module.modules()
               if isinstance(m, (torch.nn.Linear, torch.nn.modules.conv._ConvNd))]
    try:
        module.eval()(*args)
    finally:
        for h in handles:
            h.remove()
    n = args[0].shape[0]
    return 2 * sum(macs) / n / 1e9


def _sort(denoisers: list) -> list:
    return sorted(denoisers, key=lambda d: (ROLES.index(d["role"]), d["id"]))


# The page's manifest schema as JSON Schema (src/models/manifestSchema.ts, written by `npm run
# schema`): the same bounds and types the page checks, so both give the same verdict.
SCHEMA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.schema.json")
_validator = None


def _schema_validator():
    global _validator
    if _validator is None:
        try:
            import jsonschema
        except ImportError as e:
            raise ImportError("check_manifest needs jsonschema (Debian: apt install python3-jsonschema; "
                              "pip install jsonschema)") from e
        with open(SCHEMA_FILE) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        _validator = jsonschema.Draft202012Validator(schema)
    return _validator


def _limits() -> dict:
    return _schema_validator().schema["x-limits"]


def _path(parts) -> str:
    """("denoisers", 1, "sha256") as "denoisers[1].sha256", as the page names a field."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def _brief(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (list, tuple)):
        return "an array"
    if isinstance(v, dict):
        return "an object"
    s = json.dumps(v) if isinstance(v, str) else repr(v)
    return s if len(s) <= 40 else s[:40] + "..."


_KINDS = {"integer": "an integer", "number": "a number", "string": "a string", "object": "an object", "array": "an array",
          "boolean": "true or false", "null": "null"}
_PATTERNS = {"file": 'must be a file name next to manifest.json or a relative path below it (no "..", URL, absolute path, '
                     '"\\", "%", "?" or "#")',
             "sha256": "must be a 64-hex sha256 when given"}


def _schema_problem(error):
    """(field path, message) of one jsonschema error, worded as the page words zod's issues."""
    path, kind, bound, value = list(error.absolute_path), error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = next(k for k in bound if k not in value)
        return _path(path + [missing]), "is missing"
    if kind == "type":
        return _path(path), f"must be {_KINDS.get(bound, bound)}, got {_brief(value)}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        rel = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "greater than", "exclusiveMaximum": "less than"}[kind]
        return _path(path), f"must be {rel} {bound}, got {_brief(value)}"
    if kind in ("minLength", "maxLength"):
        if kind == "minLength" and bound == 1:
            return _path(path), "must not be empty"
        return _path(path), f"must be at {'least' if kind == 'minLength' else 'most'} {bound} characters long"
    if kind in ("minItems", "maxItems"):
        return _path(path), (f"must have at {'least' if kind == 'minItems' else 'most'} {bound} "
                             f"{'entry' if bound == 1 else 'entries'}, got {len(value)}")
    if kind in ("enum", "const"):
        values = bound if kind == "enum" else [bound]
        return _path(path), f"must be {' or '.join(json.dumps(v) for v in values)}, got {_brief(value)}"
    if kind == "pattern":
        return _path(path), _PATTERNS.get(path[-1] if path else "", f"must match {bound}")
    if kind == "maxProperties":
        return _path(path), f"must have at most {bound} fields"
    if kind == "anyOf":
        flat = path[0] == "classifier" and len(path) == 2  # a classifier field may be a flat object
        return _path(path), "must be a string, number, boolean, null or a flat object" if flat else \
            "must be a string, number, boolean or null"
    return _path(path), error.message  # a keyword the schema does not use today


def cross_field_problem(m: dict):
    """The rules JSON Schema cannot state, in this order: (field path, message) or None. Twin:
    crossFieldProblem in src/models/manifestSchema.ts (same rules, same order, same paths): change both."""
    limits = _limits()
    for role in ROLES:
        n = sum(d["role"] == role for d in m["denoisers"])
        if (n > 1) if role == "medium" else (n != 1):
            return "denoisers", f"must have {'at most' if role == 'medium' else 'exactly'} one \"{role}\" denoiser, found {n}"
    decoder = m.get("decoder")
    if decoder is not None and m["format"] != 2:
        return "decoder", "needs format 2"
    if decoder is None and m["image"]["channels"] not in (1, 3):
        return "image.channels", f"must be 1 or 3 for a set without a decoder, got {m['image']['channels']}"
    for path, s in (("image", m["image"]), ("decoder.output", decoder and decoder["output"])):
        if s and s["channels"] * s["height"] * s["width"] > limits["imageValues"]:
            n = s["channels"] * s["height"] * s["width"]
            return path, (f"holds {s['channels']}x{s['height']}x{s['width']} = {n} values, more than the page's limit "
                          f"of {limits['imageValues']}")
    if m["nullClass"] > len(m["classes"]):
        return "nullClass", f"must be at most classes.length ({len(m['classes'])}), got {m['nullClass']}"
    if m["schedule"]["T"] < m["defaults"]["steps"]:
        return "schedule.T", f"must be at least defaults.steps ({m['defaults']['steps']}), got {m['schedule']['T']}"
    start = m["schedule"].get("betaStart", limits["betaStart"])
    end = m["schedule"].get("betaEnd", limits["betaEnd"])
    if not start < end:
        return "schedule.betaStart", (f"must be less than schedule.betaEnd ({end}; DDPM's {limits['betaStart']} and "
                                      f"{limits['betaEnd']} where left out), got {start}")
    return None


# What the page checks when it opens each ONNX file (src/models/session.ts: signatureMismatch,
# typeMismatch, imageShapeMismatch; src/models/decoder.ts; the first test run's null class), in
# the same words. Element types by onnxruntime-web's names.
MAX_OPSET = 21  # the newest opset the page's onnxruntime build is tested with (plainOrtError's advice)
DENOISER_IO = ({"x": ("float32", 4), "t": ("float32", 1), "y": ("int64", 1)}, {"eps": ("float32", 4)})
DECODER_IO = ({"latent": ("float32", 4)}, {"image": ("float32", 4)})
_ORT_TYPES = {"FLOAT": "float32", "FLOAT16": "float16", "BFLOAT16": "bfloat16", "DOUBLE": "float64", "INT64": "int64",
              "INT32": "int32", "INT16": "int16", "INT8": "int8", "UINT8": "uint8", "BOOL": "bool", "STRING": "string"}
# Nodes that pass class ids through unchanged on their way from y to the embedding's Gather.
_PASS_THROUGH = {"Cast", "Identity", "Reshape", "Unsqueeze", "Squeeze", "Flatten"}


def _ort_type(elem: int) -> str:
    name = onnx.TensorProto.DataType.Name(elem)
    return _ORT_TYPES.get(name, name.lower())


def _type_advice(name: str, want: str, found: str) -> str:
    """session.ts's typeAdvice."""
    if found in ("float16", "bfloat16"):
        return "export the model in float32 (model.float() before torch.onnx.export; no .half())"
    if name == "t" and found != "float32":
        return ("the timestep goes in as a float32 tensor: cast it inside the model (t.long() for an embedding lookup) "
                "and export with a float t")
    if name == "y":
        return "the class ids go in as int64 (torch.long)"
    return f"export {name} as {want}"


def _signature_problem(what: str, typed: str, m, inputs: dict, outputs: dict):
    """signatureMismatch then typeMismatch of session.ts: names, then element type, rank, dynamic batch."""
    init = {i.name for i in m.graph.initializer}
    ins = [v for v in m.graph.input if v.name not in init]
    outs = list(m.graph.output)
    names_in, names_out = [v.name for v in ins], [v.name for v in outs]
    if not (all(n in names_in for n in inputs) and all(n in names_out for n in outputs)):
        return (f"{what} has inputs [{', '.join(names_in)}] and outputs [{', '.join(names_out)}]; expected "
                f"input{'s' if len(inputs) > 1 else ''} {', '.join(inputs)} and output{'s' if len(outputs) > 1 else ''} "
                f"{', '.join(outputs)} (docs/ARCHITECTURE.md).")
    for kind, specs, values in (("input", inputs, ins), ("output", outputs, outs)):
        for name, (want, rank) in specs.items():
            v = next(v for v in values if v.name == name)
            if not v.type.HasField("tensor_type"):
                return f"{typed}: {kind} {name} is not a tensor; the contract is {want}"
            found = _ort_type(_elem(v))
            if found != want:
                return f"{typed}: {kind} {name} is {found}, the contract is {want}: {_type_advice(name, want, found)}."
            dims = _dims(v) if v.type.tensor_type.HasField("shape") else []
            if dims and len(dims) != rank:
                return (f"{typed}: {kind} {name} has {len(dims)} dimensions [{', '.join(map(str, dims))}], the contract "
                        f"{rank} (the first one the batch).")
            if dims and isinstance(dims[0], int) and v.type.tensor_type.shape.dim[0].HasField("dim_value"):
                return (f"{typed}: {kind} {name} has a fixed batch of {dims[0]}, but the page calls the model with any "
                        f"number of images (twice the batch with guidance): export with a dynamic first dimension "
                        f'(torch.onnx.export(..., dynamic_axes={{"{name}": {{0: "batch"}}, ...}})).')
    return None


def _shape_problem(values, name: str, want: tuple, verb: str, field: str):
    """imageShapeMismatch of session.ts: the declared C, H, W against the manifest's (free dimensions pass)."""
    v = next((v for v in values if v.name == name), None)
    if v is None or not v.type.tensor_type.HasField("shape"):
        return None
    dims = _dims(v)
    named = [d.HasField("dim_value") for d in v.type.tensor_type.shape.dim]
    if not dims:
        return None
    if len(dims) == 4 and all(not k or d == w for d, k, w in zip(dims[1:], named[1:], want)):
        return None
    return (f"{verb} images of shape [{', '.join(map(str, dims))}], but the manifest's {field} is "
            f"{'×'.join(map(str, want))} (channels, height, width; the first dimension is the batch)")


def _embedding_rows(m) -> int:
    """Rows of the smallest table a Gather looks y up in (y through casts and reshapes), or None."""
    consts = {i.name: list(i.dims) for i in m.graph.initializer}
    for n in m.graph.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            consts[n.output[0]] = list(n.attribute[0].t.dims)
    from_y, rows = {"y"}, []
    for n in m.graph.node:  # nodes are in topological order
        if n.op_type in _PASS_THROUGH and n.input and n.input[0] in from_y:
            from_y.update(n.output)
        elif n.op_type == "Gather" and len(n.input) == 2 and n.input[1] in from_y and n.input[0] in consts:
            dims = consts[n.input[0]]
            axis = next((a.i for a in n.attribute if a.name == "axis"), 0)
            if dims and axis == 0:
                rows.append(dims[0])
    return min(rows) if rows else None


def check_model_file(path: str, *, field: str, manifest: dict, denoiser: dict = None):
    """The problem the page finds when it opens `path` (the manifest's `field`: the `denoiser`
    entry, or without one the decoder), as the page words it, or None: its size under the cap (before it
    is read), an ONNX model, its opset, its inputs and outputs (names, element types, rank, a
    dynamic batch), the image shapes it declares, and for a denoiser a class embedding with a row
    for nullClass (the page's first test run asks each model for nullClass)."""
    file = os.path.basename(path)
    cap = _limits()["modelBytes"]
    size = os.path.getsize(path)
    if size > cap:
        return (f'"{file}" (manifest.json\'s {field}.file) has {size} bytes, more than the {cap} bytes ({cap >> 20} MiB) '
                f"a model file may have on this page (onnxruntime-web's wasm memory holds the model and its session). "
                f'Export a smaller model, or store its weights as int8 (contract.export_denoiser(..., weights="int8")).')
    try:
        m = onnx.load(path)
    except Exception as e:  # noqa: BLE001 (protobuf's DecodeError, or whatever the bytes give)
        return f'"{file}" ({field}.file) is not an ONNX model: {type(e).__name__}: {e}'
    if not m.graph.node and not m.graph.input:
        return f'"{file}" ({field}.file) is not an ONNX model: it holds no graph'
    opset = max((o.version for o in m.opset_import if o.domain in ("", "ai.onnx")), default=0)
    if opset > MAX_OPSET:
        return (f'"{file}" ({field}.file) uses ONNX opset {opset}; this onnxruntime runs ONNX opsets up to {MAX_OPSET}: '
                f"export with opset_version between 17 and {MAX_OPSET}")
    image = (manifest["image"]["channels"], manifest["image"]["height"], manifest["image"]["width"])
    if denoiser is not None:
        d = denoiser
        problem = _signature_problem(f'Model "{d["id"]}" (file "{file}")', f'Model file "{file}" (model "{d["id"]}")',
                                     m, *DENOISER_IO)
        if problem:
            return problem
        shape = _shape_problem(m.graph.input, "x", image, "takes", "image")
        if shape:
            return f'Model file "{file}" {shape}.'
        rows = _embedding_rows(m)
        null = manifest["nullClass"]
        if rows is not None and null >= rows:
            return (f'Model file "{file}" (model "{d["id"]}"): its class embedding has {rows} rows, but the test run asks '
                    f"each model for class {null}, the manifest's nullClass (the unconditional class of guidance): a model "
                    f"trained without label dropout has no row for it. Give the embedding a null row (one more than the "
                    f"classes), or set nullClass to a real class id (then guidance mixes two conditional predictions).")
        return None
    what = f'Decoder file "{file}"'
    problem = _signature_problem(what, what, m, *DECODER_IO)
    if problem:
        return problem
    shape = _shape_problem(m.graph.input, "latent", image, "takes", "image")
    if shape:
        return f"{what} {shape}."
    out = manifest["decoder"]["output"]
    shape = _shape_problem(m.graph.output, "image", (out["channels"], out["height"], out["width"]), "gives", "decoder.output")
    return f"{what} {shape}." if shape else None


def _depth_exceeds(text: str, limit: int) -> bool:
    """manifestText.ts's depthExceeds: nesting of objects and arrays, strings skipped."""
    depth, in_string, i = 0, False, 0
    for m in re.finditer(r'\\.|["\[\]{}]', text):
        c = m.group()
        if in_string:
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > limit:
                return True
        elif c in "]}":
            depth -= 1
    return False


def check_folder(folder: str, require_hashes: bool = False) -> dict:
    """Checks `folder` the way the page's "Open your own models" does and returns its manifest:
    manifest.json's size (before reading it) and nesting (before parsing it), then check_manifest
    with every file it names opened. Raises ValueError with the page's verdict."""
    path = os.path.join(folder, "manifest.json")
    if not os.path.isfile(path):
        raise ValueError(f"{folder} has no manifest.json")
    limits = _limits()
    size = os.path.getsize(path)
    if size > limits["manifestBytes"]:
        raise ValueError(f"Invalid manifest (manifest.json): the file is {size} bytes, more than the "
                         f"{limits['manifestBytes']} a manifest may have")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if re.match(r"\s*[\[{]", text) and _depth_exceeds(text, limits["depth"]):
        raise ValueError(f"Invalid manifest (manifest.json): nested more than {limits['depth']} levels deep")
    try:
        manifest = json.loads(text)
    except ValueError as e:
        raise ValueError(f"manifest.json is not valid JSON: {e}") from e
    if not isinstance(manifest, dict):
        raise ValueError("Invalid manifest (manifest.json): not a JSON object")
    check_manifest(manifest, folder, require_hashes=require_hashes)
    return manifest


def check_manifest(manifest: dict, folder: str = None, require_hashes: bool = False) -> None:
    """Raises ValueError where `manifest` breaks the contract, with the same verdict as the page
    (a set opened from disk): the JSON Schema of manifest.schema.json, then cross_field_problem,
    then what the page checks on the file's text (its size, and JSON without NaN or Infinity).
    With `folder`, also checks each file it names: present, under the page's size cap, its bytes
    and sha256 where given (required with require_hashes, as the page requires sha256 of the
    shipped and served sets), and opened as the page opens it (check_model_file: opset, inputs and
    outputs, types, batch, shapes, a row for nullClass). check_folder reads a folder's
    manifest.json the way the page does (size and nesting before parsing) and calls this."""
    def fail(what):
        raise ValueError(f"manifest: {what}")

    # The first error in the schema's own order: a 2,000,000-entry array meets maxItems before its items.
    error = next(_schema_validator().iter_errors(manifest), None)
    problem = _schema_problem(error) if error is not None else cross_field_problem(manifest)
    if problem is not None:
        path, message = problem
        fail(f"{path} {message}" if path else message)
    try:
        size = len(json.dumps(manifest, indent=2, allow_nan=False).encode())
    except (ValueError, RecursionError) as e:
        fail(f"not valid JSON ({e})")
    if size > _limits()["manifestBytes"]:
        fail(f"manifest.json would be {size} bytes, more than the {_limits()['manifestBytes']} a manifest may have")
    decoder = manifest.get("decoder")
    entries = [(f"denoisers[{i}]", d) for i, d in enumerate(manifest["denoisers"])]
    entries += [("decoder", decoder)] if decoder is not None else []
    for field, e in entries:
        for key in ("sha256", "bytes"):
            if require_hashes and key not in e:
                fail(f"{field}.{key} is missing (sha256 and bytes are required here)")
        if folder is None:
            continue
        path = os.path.join(folder, e["file"])
        if not os.path.isfile(path):
            fail(f"{e['file']} is missing from {folder}")
        if "bytes" in e and e["bytes"] != os.path.getsize(path):
            fail(f"{e['file']}: {os.path.getsize(path)} bytes, the manifest says {e['bytes']}")
        if os.path.getsize(path) > _limits()["modelBytes"]:
            fail(check_model_file(path, field=field, manifest=manifest))  # by its size, before it is read
        if "sha256" in e and e["sha256"].lower() != sha256(path):
            fail(f"{e['file']}: sha256 {sha256(path)}, the manifest says {e['sha256']}")
    if folder is None:
        return
    # Each file opened, as the page's worker opens it (then test-runs it with nullClass).
    for field, e in entries:
        denoiser = e if field.startswith("denoisers") else None
        problem = check_model_file(os.path.join(folder, e["file"]), field=field, manifest=manifest, denoiser=denoiser)
        if problem:
            fail(problem)


def _write(folder: str, manifest: dict) -> None:
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def write_manifest(folder: str, *, title: str, image: tuple, classes: list, denoisers: list, decoder: dict = None,
                   null_class: int = None, schedule: dict = None, defaults: dict = None, check: bool = True) -> dict:
    """Writes `folder`/manifest.json for the files exported there and returns it: format 2 with a
    decoder (a latent set), 1 without (a pixel set). image = (C, H, W): the denoisers' x and eps;
    classes: the class names (null_class defaults to len(classes)); denoisers: entries with at least
    id, role and export_denoiser's fields (params, gflops, architecture, training are optional);
    schedule and defaults: training/diffusion.py's linear schedule and DDIM 50 steps, guidance 2."""
    c, h, w = image
    manifest = {
        "format": 2 if decoder is not None else 1,
        "title": title,
        "image": {"channels": c, "height": h, "width": w},
        "classes": list(classes),
        "nullClass": len(classes) if null_class is None else null_class,
        "schedule": dict(schedule or SCHEDULE),
        "prediction": "epsilon",
        "defaults": dict(defaults or DEFAULTS),
        "denoisers": _sort(list(denoisers)),
    }
    if decoder is not None:
        manifest["decoder"] = decoder
    if check:
        check_manifest(manifest, folder)
    os.makedirs(folder, exist_ok=True)
    _write(folder, manifest)
    return manifest


def update_manifest(folder: str, entry: dict, key: str = "denoisers", base: dict = None) -> dict:
    """Adds `entry` to `folder`/manifest.json (made from `base` when missing) and returns it: a
    denoiser replaces the one with the same id (the list kept small -> medium -> large); any other
    key (e.g. "decoder", "classifier") is set, and a decoder makes the set format 2."""
    path = os.path.join(folder, "manifest.json")
    if os.path.exists(path):
        manifest = json.load(open(path))
    elif base is not None:
        manifest = json.loads(json.dumps(base))
    else:
        raise FileNotFoundError(f"{path} does not exist and no base manifest was given (write_manifest makes one)")
    if key == "denoisers":
        manifest["denoisers"] = _sort([d for d in manifest["denoisers"] if d["id"] != entry["id"]] + [entry])
    else:
        manifest[key] = entry
        if key == "decoder":
            manifest["format"] = 2
    os.makedirs(folder, exist_ok=True)
    _write(folder, manifest)
    return manifest
