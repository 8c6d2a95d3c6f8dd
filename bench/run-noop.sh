#!/usr/bin/env bash
# No-op benchmark: an 8-stage workflow (bench/noop.yaml) over a DCASE-2026-sized data set (7 machines ×
# 1,200 clips = 8,400 files). Runs once to fill the store, then times 9 no-op runs as a user types them
# (answered from the run stamp) and 9 with ASD_FULL_CHECK=1 (index, workflow loader, every cache key), and
# prints both medians.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-/tmp/asd-bench-8400}"
store="${2:-/tmp/asd-bench-8400-store}"
[[ -d "$data" ]] || ./asd synth --out "$data" --machines 7 --train-source 990 --train-target 10 --test-per-cell 50 --seconds 0.25
./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
measure() {
  local times=()
  for _ in $(seq 1 9); do
    start=$(date +%s%N)
    env "$@" ./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  printf '%s ' $(printf '%s\n' "${times[@]}" | sort -n)
  echo "→ median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p) ms"
}
echo -n "no-op run (run stamp):          "; measure ASD_FULL_CHECK=0
echo -n "no-op run (ASD_FULL_CHECK=1):   "; measure ASD_FULL_CHECK=1
