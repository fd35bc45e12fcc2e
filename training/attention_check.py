"""One-node ONNX models of onnxruntime's fused attention at this project's sizes (DiT-S/4: 49
tokens, 64 wide, 4 heads; DiT-L/4: 192 wide) and a few token counts, to compare its WebGPU kernel
with its CPU kernel (why lean.py keeps attention in MatMul/Softmax ops):

    /usr/bin/python3 training/attention_check.py runs/attention-check
    npx tsx tools/research/ep-compare.ts runs/attention-check/*.onnx
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MS = "com.microsoft"


def model(name: str, tokens: int, width: int, heads: int) -> onnx.ModelProto:
    seq = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", tokens, width])  # noqa: E731
    out = helper.make_tensor_value_info("out", TensorProto.FLOAT, ["N", tokens, width])
    if name == "mha":  # q, k, v given
        node = helper.make_node("MultiHeadAttention", ["q", "k", "v"], ["out"], domain=MS, num_heads=heads)
        graph = helper.make_graph([node], name, [seq("q"), seq("k"), seq("v")], [out])
    else:  # the QKV projection inside
        rng = np.random.default_rng(0)
        w = numpy_helper.from_array((rng.standard_normal((width, 3 * width)) / width ** 0.5).astype(np.float32), "w")
        b = numpy_helper.from_array((rng.standard_normal(3 * width) * 0.1).astype(np.float32), "b")
        node = helper.make_node("Attention", ["x", "w", "b"], ["out"], domain=MS, num_heads=heads)
        graph = helper.make_graph([node], name, [seq("x")], [out], [w, b])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)])


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for name in ("mha", "attention"):
        for tokens in (16, 32, 49):
            for width in (64, 192):
                onnx.save(model(name, tokens, width, 4), os.path.join(out_dir, f"{name}-L{tokens}-D{width}.onnx"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/attention-check")
