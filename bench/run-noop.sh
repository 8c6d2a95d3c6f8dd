#!/usr/bin/env bash
# No-op benchmark: an 8-stage workflow (bench/noop.yaml) over a DCASE-2026-sized data set (7 machines ×
# 1,200 clips = 8,400 files). Runs once to fill the store, then times 9 no-op runs and prints the median.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-/tmp/asd-bench-8400}"
store="${2:-/tmp/asd-bench-8400-store}"
[[ -d "$data" ]] || ./asd synth --out "$data" --machines 7 --train-source 990 --train-target 10 --test-per-cell 50 --seconds 0.25
./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
times=()
for _ in $(seq 1 9); do
  start=$(date +%s%N)
  ./asd run bench/noop.yaml --data "$data" --store "$store" >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' '
echo
echo "median: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p) ms"
