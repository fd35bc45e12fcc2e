#!/usr/bin/env bash
# The T-Stitch GPU kit's runner (copied into every part .gpu/pK/ by npm run gpu:pack; source:
# tools/gpu/run.sh; how to run it: docs/results/gpu-kit.md). Run in the repository's root on a
# Linux x86-64 machine with an NVIDIA GPU and its Vulkan driver; needs no Node, no network.
#   bash .gpu/pK/run.sh stage            keep this call's part (staged runs: one part per call)
#   bash .gpu/pK/run.sh [measure flags]  unpack, rebuild the plain models, measure; results in $OUT
# Environment: OUT (default runs/gpu-out), GPU_KIT_VULKAN=kit|system (default: the machine's
# libvulkan.so.1 when ldconfig knows one), VK_DRIVER_FILES (default: the NVIDIA ICD), GPU_KIT_TIMEOUT.
set -uo pipefail
PART=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KITROOT=$(dirname "$PART")
REPO=$PWD
OUT=${OUT:-$REPO/runs/gpu-out}
KIT=/tmp/tstitch-gpu
STASH=/tmp/tstitch-gpu-parts
say() { echo "[gpu-kit] $*" >&2; }
mkdir -p "$OUT" "$STASH"

# 1. The parts: each call's part is copied to $STASH, which outlives calls while the machine is warm.
for f in "$KITROOT"/p*/kit.tar.[0-9]*; do
  [ -f "$f" ] && ! cmp -s "$f" "$STASH/$(basename "$f")" && cp "$f" "$STASH/"
done
missing=()
while read -r sum name; do
  [ "$name" = kit.tar ] && continue
  if [ ! -f "$STASH/$name" ]; then missing+=("$name")
  elif [ "$(sha256sum "$STASH/$name" | cut -d' ' -f1)" != "$sum" ]; then rm -f "$STASH/$name"; missing+=("$name (damaged)"); fi
done < "$PART/kit.sha256"
if [ "${1:-}" = stage ]; then
  say "parts here: $(cd "$STASH" && ls kit.tar.[0-9]* 2>/dev/null | tr '\n' ' ')"
  say "still to carry: ${missing[*]:-none}"
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "missing: ${missing[*]}. Carry them first (staged: one part per call, each within the machine's warm time)."
  exit 3
fi

# 2. Unpack into /tmp (again only when the kit changed).
want=$(awk '$2 == "kit.tar" {print $1}' "$PART/kit.sha256")
if [ "$(cat "$KIT/.kit-sha256" 2>/dev/null)" != "$want" ]; then
  rm -rf "$KIT" && mkdir -p "$KIT"
  chunks=$(awk -v d="$STASH" '$2 != "kit.tar" {print d "/" $2}' "$PART/kit.sha256")
  # shellcheck disable=SC2086
  [ "$(cat $chunks | sha256sum | cut -d' ' -f1)" = "$want" ] || { say "the joined parts do not match the kit's sha256"; exit 4; }
  if command -v xz >/dev/null; then unxz() { xz -dc; }; else unxz() { python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)'; }; fi
  # shellcheck disable=SC2086
  cat $chunks | tar -x -C "$KIT" || { say "unpacking failed"; exit 4; }
  { unxz < "$KIT/node.xz" > "$KIT/node" && chmod +x "$KIT/node" && unxz < "$KIT/onnxruntime.tar.xz" | tar -x -C "$KIT" &&
    unxz < "$KIT/rest.tar.xz" | tar -x -C "$KIT" && rm -f "$KIT"/*.xz; } || { say "unpacking failed"; exit 4; }
  echo "$want" > "$KIT/.kit-sha256"
fi
say "kit: $(tr -d '\n' < "$KIT/kit-summary.txt")"

# 3. Vulkan: the machine's loader when it has one, else Debian's libvulkan1 from the kit; the NVIDIA ICD.
mode=${GPU_KIT_VULKAN:-}
if [ -z "$mode" ]; then if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; then mode=system; else mode=kit; fi; fi
libs=""
[ "$mode" = kit ] && libs="$KIT/vulkan"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && libs="$libs${libs:+:}$d"; done
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$f" ]; then export VK_DRIVER_FILES=$f; break; fi
  done
fi
export GPU_KIT_VULKAN_LOADER="$mode ($([ "$mode" = kit ] && echo "Debian libvulkan1 from the kit" || ldconfig -p | grep -m1 'libvulkan\.so\.1 ' | sed 's/.*=> //'))"
say "vulkan loader: $GPU_KIT_VULKAN_LOADER; VK_DRIVER_FILES=${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-unset}}"

# 4. The machine, the plain (first) export rebuilt from the checkpoints, a probe, the measurement.
{
  if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1; else echo "no nvidia-smi"; fi
  echo "$(uname -srm); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"); $(ldd --version 2>&1 | head -1)"
  echo "kit: $(tr -d '\n' < "$KIT/kit-summary.txt")"
} > "$OUT/machine.txt"
"$KIT/node" "$KIT/unskeleton.mjs" "$KIT/plain" "$REPO" || { say "could not rebuild the plain models"; exit 5; }
VK_LOADER_DEBUG=driver timeout 120 "$KIT/node" "$KIT/measure.mjs" --probe --models lean=public/models > "$OUT/probe.txt" 2> "$OUT/vulkan.log"
say "probe (exit $?): $(tail -n1 "$OUT/probe.txt")"
export GPU_KIT_COMMAND="bash ${BASH_SOURCE[0]#"$REPO"/}${*:+ $*}"
set -o pipefail
timeout "${GPU_KIT_TIMEOUT:-480}" "$KIT/node" "$KIT/measure.mjs" --models "lean=public/models,plain=$KIT/plain" \
  --budget-s 360 --vulkan-log "$OUT/vulkan.log" --machine-note "$OUT/machine.txt" --out "$OUT/gpu.json" "$@" 2>&1 | tee "$OUT/run.log"
rc=$?
say "measure exit $rc; results: $(cd "$OUT" && ls | tr '\n' ' ')"
exit $rc
