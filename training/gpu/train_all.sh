#!/usr/bin/env bash
# One prepared run on a lent GPU box: trains every candidate denoiser at once (small models
# leave an H100/H200 mostly idle, so they share it), for MINUTES of wall time each.
# Usage (repo root): DATA=.data MINUTES=6.5 OUT=/some/dir bash training/gpu/train_all.sh
# Writes OUT/<model>.pt (EMA weights, fp16, what training/export.py reads) and OUT/logs.tgz.
set -uo pipefail
PY=${PY:-python3}
MINUTES=${MINUTES:-6.5}
RUNS=${RUNS:-/tmp/runs}
export FASHION_MNIST_DIR=${DATA:-/usr/share/datasets/fashion-mnist}
MODELS=${MODELS:-"DiT-T/4 DiT-S/4 DiT-M/4 DiT-L/4 DiT-L/2"}
mkdir -p "$RUNS" "$OUT"
nvidia-smi --query-gpu=name,memory.total --format=csv > "$RUNS/gpu.txt" 2>&1 || echo "no nvidia-smi" > "$RUNS/gpu.txt"
$PY -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" | tee -a "$RUNS/gpu.txt"
pids=()
for m in $MODELS; do
  tag=$(echo "$m" | tr -d '/' | tr 'A-Z' 'a-z')   # DiT-L/4 -> dit-l4
  $PY training/train.py --model "$m" --out "$RUNS/$tag" --minutes "$MINUTES" --batch 256 --lr 3e-4 \
      --ema 0.9999 --ckpt-minutes 1.5 --threads 2 --ema-half > "$RUNS/$tag.log" 2>&1 &
  pids+=($!)
done
collect() {  # copy what exists now, so a run cut short still returns its last checkpoint
  for d in "$RUNS"/*/; do t=$(basename "$d"); [ -f "$d/ema.pt" ] && cp "$d/ema.pt" "$OUT/$t.pt"; done
  tar czf "$OUT/logs.tgz" --exclude='*.pt' --exclude='*.tmp' -C "$RUNS" . 2>/dev/null
}
while kill -0 "${pids[@]}" 2>/dev/null; do sleep 30; collect; tail -qn1 "$RUNS"/*.log; done
wait
collect
ls -la "$OUT"; tail -qn2 "$RUNS"/*.log
