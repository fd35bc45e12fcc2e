"""Run ONNX files through onnxruntime-node (CPU EP) from Python tests: this Python has no onnxruntime.

    outputs = ort_node.run([(path, {"x": x, "t": t, "y": y})])   # numpy in, {name: numpy} out per file

Needs `node` and node_modules/onnxruntime-node (npm ci); `available()` says whether both are here.
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


def available() -> bool:
    return bool(shutil.which("node")) and os.path.isdir(ORT)


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
