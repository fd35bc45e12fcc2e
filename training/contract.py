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
batch N dynamic, opset 17. A decoder is any module `image = module(latent)`, latent (N, C, H, W)
-> image (N, C', H', W') in [-1, 1]; the page feeds it x / latentScale. training/export.py writes
the project's own DiTs through export_denoiser, so the shipped files follow this contract by
construction (guide: docs/guide-own-models.md).
"""
import hashlib
import json
import os
import warnings

import onnx
import torch

OPSET = 17  # LayerNormalization needs 17; onnxruntime-web's WebGPU EP runs it
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
    other = sorted({n.op_type for n in m.graph.node} - WEB_OPS)
    if other:
        warnings.warn(f"{path}: operators {other} are not known to run on onnxruntime's WebGPU EP without "
                      "falling back to the CPU; check with `npm run kernels` or tools/ep-compare.ts")


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


def check_manifest(manifest: dict, folder: str = None, require_hashes: bool = False) -> None:
    """Raises ValueError where `manifest` breaks the contract; with `folder`, also checks each file
    it names: present, and its bytes and sha256 where given (required with require_hashes, as the
    page requires them of the shipped and served sets)."""
    def fail(what):
        raise ValueError(f"manifest: {what}")

    fmt = manifest.get("format")
    if fmt not in (1, 2):
        fail(f"format must be 1 or 2, got {fmt!r}")
    image = manifest.get("image")
    if not isinstance(image, dict) or any(not isinstance(image.get(k), int) or image[k] <= 0
                                          for k in ("channels", "height", "width")):
        fail("image must be {channels, height, width}, positive integers")
    decoder = manifest.get("decoder")
    if decoder is not None and fmt != 2:
        fail("a decoder needs format 2")
    if decoder is None and image["channels"] not in (1, 3):
        fail(f"a pixel set (no decoder) has 1 or 3 channels, got {image['channels']}")
    if decoder is not None:
        out = decoder.get("output")
        if not isinstance(decoder.get("file"), str) or not isinstance(decoder.get("latentScale"), (int, float)) \
                or isinstance(decoder.get("latentScale"), bool) or decoder["latentScale"] == 0:
            fail("decoder must have file and a non-zero latentScale")
        if not isinstance(out, dict) or out.get("channels") not in (1, 3) or any(
                not isinstance(out.get(k), int) or out[k] <= 0 for k in ("height", "width")):
            fail("decoder.output must be {channels: 1|3, height, width}")
    denoisers = manifest.get("denoisers")
    if not isinstance(denoisers, list):
        fail("denoisers must be a list")
    for role in ROLES:
        n = sum(d.get("role") == role for d in denoisers)
        if (n > 1) if role == "medium" else (n != 1):
            fail(f"expected {'at most' if role == 'medium' else 'exactly'} one {role} denoiser, found {n}")
    entries = denoisers + ([decoder] if decoder is not None else [])
    for e in entries:
        if not isinstance(e.get("file"), str) or "/" in e["file"] or "\\" in e["file"]:
            fail(f"{e.get('id', 'decoder')}: file must be a name next to manifest.json")
        if require_hashes and ("sha256" not in e or "bytes" not in e):
            fail(f"{e['file']}: sha256 and bytes are required here")
        if "sha256" in e and not (isinstance(e["sha256"], str) and len(e["sha256"]) == 64
                                  and all(ch in "0123456789abcdefABCDEF" for ch in e["sha256"])):
            fail(f"{e['file']}: sha256 must be 64 hex digits")
        if folder is None:
            continue
        path = os.path.join(folder, e["file"])
        if not os.path.isfile(path):
            fail(f"{e['file']} is missing from {folder}")
        if "bytes" in e and e["bytes"] != os.path.getsize(path):
            fail(f"{e['file']}: {os.path.getsize(path)} bytes, the manifest says {e['bytes']}")
        if "sha256" in e and e["sha256"].lower() != sha256(path):
            fail(f"{e['file']}: sha256 {sha256(path)}, the manifest says {e['sha256']}")


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
