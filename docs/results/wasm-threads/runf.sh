#!/bin/bash
# Waits for a quiet machine (1-minute load under 1.5), then runs one browser bench.
cd /work/main
name=$1; shift
while :; do l=$(cut -d' ' -f1 /proc/loadavg); if awk "BEGIN{exit !($l < 1.5)}"; then break; fi; echo "load $l, waiting"; sleep 20; done
echo "start $(date -Is) load $(cat /proc/loadavg)"
npm run bench -- --backend browser "$@" --out runs/threads/$name.json
echo "end $(date -Is) load $(cat /proc/loadavg)"
