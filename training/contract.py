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

Whether a set is one the page opens is `npm run check-set` (tools/checkSet/: the page's own code
and messages, on onnxruntime-node): check_folder and check_manifest call it and raise ValueError
with its message. This module keeps what only Python can do: export, GFLOPs, writing the manifest.
"""
import hashlib
import json
import os
import tempfile
import warnings

import onnx
import torch

OPSET = 17  # what the shipped models use (LayerNormalization needs 17); the page runs opsets up to 21
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


def warn_gpu_fallbacks(path: str) -> None:
    """Warns of operators the WebGPU EP may run on the CPU: advice, not a verdict (that is check-set's)."""
    other = gpu_fallbacks(onnx.load(path))
    if other:
        warnings.warn(f"{path}: operators {other} work on image tensors but are not known to run on onnxruntime's "
                      "WebGPU EP: each model call may copy those tensors to the CPU and back (slower on WebGPU, no "
                      "change on wasm). Check with `npm run kernels` or `npm run ep-compare`; if they fall back, "
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
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    _export(module, (x, t, y), path, ["x", "t", "y"], ["eps"], opset, custom_opsets)
    declare_output_shape(path, (c, h, w))
    _store(path, weights)
    warn_gpu_fallbacks(path)
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
    if out.dim() != 4 or out.shape[0] != 2:  # its channels (1 or 3) are the manifest's check
        raise ValueError(f"{path}: the decoder returns {tuple(out.shape)} for 2 latents; the contract wants (N, C', H', W')")
    oc, oh, ow = (int(v) for v in out.shape[1:])
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    _export(module, (z,), path, ["latent"], ["image"], opset, None)
    declare_output_shape(path, (oc, oh, ow))
    _store(path, weights)
    warn_gpu_fallbacks(path)
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
    """small -> medium -> large (an unknown role last: check-set names it)."""
    return sorted(denoisers, key=lambda d: (ROLES.index(d["role"]) if d.get("role") in ROLES else 3, str(d.get("id"))))


def _check_set(folder: str, *, served: bool, manifest_only: bool = False, shown: str = None) -> None:
    """check-set on `folder`: ValueError with its message when refused (`folder`/ named `shown`)."""
    import ort_node  # training/ort_node.py: how these scripts call Node
    flags = (["--served"] if served else []) + (["--manifest-only"] if manifest_only else [])
    verdict, = ort_node.check_set([folder], flags)
    if verdict["verdict"] != "opens":
        message = verdict["message"]
        raise ValueError(message.replace(folder + os.sep, shown) if shown is not None else message)


def check_folder(folder: str, require_hashes: bool = False) -> dict:
    """Checks `folder` as the page's "Open your own models" does (require_hashes: as a served set,
    every sha256 required) with check-set, and returns its manifest. Raises ValueError with the
    page's message when the page would refuse it."""
    _check_set(folder, served=require_hashes)
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def check_manifest(manifest: dict, folder: str = None, require_hashes: bool = False) -> None:
    """Raises ValueError with check-set's message where the page would refuse `manifest` written as
    `folder`/manifest.json (before it is written there): with `folder`, every file it names too
    (present, size, sha256, opened and test-run); without, the manifest alone. require_hashes:
    checked as a served set (every sha256 required, as the shipped sets have)."""
    with tempfile.TemporaryDirectory(prefix="check-set-") as tmp:
        # The folder as the page would see it: its files (linked, not copied) and this manifest.
        for name in sorted(os.listdir(folder)) if folder is not None and os.path.isdir(folder) else []:
            if name != "manifest.json":
                os.symlink(os.path.abspath(os.path.join(folder, name)), os.path.join(tmp, name))
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)  # NaN is written as NaN: the page says "not valid JSON"
        _check_set(tmp, served=require_hashes, manifest_only=folder is None, shown=os.path.join(folder or "", ""))


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
