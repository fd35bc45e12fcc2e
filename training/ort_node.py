"""How Python calls Node: ONNX files run through onnxruntime-node (CPU EP) for the tests (this
Python has no onnxruntime), and check-set's verdict on model sets (contract.py's checks).

    outputs = ort_node.run([(path, {"x": x, "t": t, "y": y})])   # numpy in, {name: numpy} out per file
    verdicts = ort_node.check_set(["my-unets"])                  # [{"folder", "verdict", "message"?}]

Needs `node`, node_modules/onnxruntime-node and tsx (npm ci); `missing()` says what is not here.
"""
import json
import os
import shutil
import subprocess

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORT = os.path.join(ROOT, "node_modules", "onnxruntime-node")

_SCRIPT = r"""
const ort = require(process.argv[1]);
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  const out = [];
  for (const job of JSON.parse(input)) {
    const s = await ort.InferenceSession.create(job.file, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
    const feeds = {};
    for (const [name, f] of Object.entries(job.feeds)) {
      const data = f.type === 'int64' ? BigInt64Array.from(f.data.map((v) => BigInt(v))) : Float32Array.from(f.data);
      feeds[name] = new ort.Tensor(f.type, data, f.dims);
    }
    const r = await s.run(feeds);
    const res = {};
    for (const [name, t] of Object.entries(r)) res[name] = { dims: t.dims, data: Array.from(t.data, Number) };
    out.push({ inputs: s.inputNames, outputs: s.outputNames, results: res });
  }
  process.stdout.write(JSON.stringify(out));
});
"""


TSX = os.path.join(ROOT, "node_modules", ".bin", "tsx")
CHECK_SET = os.path.join(ROOT, "tools", "checkSet", "main.ts")


def missing():
    """What of node, onnxruntime-node and tsx is not here (a sentence), or None."""
    if not shutil.which("node"):
        return "node is not on the PATH"
    if not os.path.isdir(ORT) or not os.path.exists(TSX):
        return f"{ORT} or {TSX} is missing (run npm ci in {ROOT})"
    return None


def available() -> bool:
    return missing() is None


def check_set(folders: list, flags: list = ()) -> list:
    """`npm run check-set -- --json FLAGS FOLDERS` (tsx straight away: npm adds a second and its
    warnings): one verdict per folder, {"folder", "verdict": "opens" | "refused", "message"}."""
    if missing():
        raise RuntimeError(f"check-set needs Node: {missing()}")
    folders = [os.path.abspath(f) for f in folders]  # check-set runs in the repository's root
    done = subprocess.run([TSX, CHECK_SET, "--json", *flags, "--", *folders], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode not in (0, 1) or len(lines) != len(folders):
        raise RuntimeError(f"check-set failed (exit {done.returncode}):\n{done.stderr}{done.stdout}")
    return [json.loads(line) for line in lines]


def _feed(a: np.ndarray) -> dict:
    a = np.asarray(a)
    kind = "int64" if a.dtype.kind in "iu" else "float32"
    return {"type": kind, "dims": list(a.shape), "data": a.astype(np.int64 if kind == "int64" else np.float32).ravel().tolist()}


def run(jobs: list) -> list:
    """jobs: [(onnx path, {input name: numpy array})]; returns per job {output name: float array},
    with "_inputs"/"_outputs" holding the session's input and output names in order."""
    payload = json.dumps([{"file": os.path.abspath(p), "feeds": {k: _feed(v) for k, v in feeds.items()}} for p, feeds in jobs])
    done = subprocess.run(["node", "-e", _SCRIPT, ORT], input=payload, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"onnxruntime-node failed:\n{done.stderr}")
    results = []
    for r in json.loads(done.stdout):
        out = {k: np.array(v["data"], np.float32).reshape(v["dims"]) for k, v in r["results"].items()}
        out["_inputs"], out["_outputs"] = r["inputs"], r["outputs"]
        results.append(out)
    return results
