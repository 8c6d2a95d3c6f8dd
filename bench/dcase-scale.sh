#!/usr/bin/env bash
# DCASE-scale benchmark (issue 16): workflows/demo.yaml on a DCASE-2026-sized synthetic dev set, cold then warm.
#   bench/dcase-scale.sh [full|eighth] [ROOT]
# full: 7 machines × 1,200 clips (990 + 10 train, 200 test), 10 s, stereo, 16 kHz (8,400 clips, 5.4 GB of WAV);
# eighth: 7 × 150 clips (124 + 2 train, 24 test; two target-domain train clips, so that the leave-one-out target
# bank of knn_target keeps one), the same clips' length and format.
# Writes under ROOT (default /tmp/asd-scale): data-SIZE/ (kept between runs), store-SIZE/ (made afresh),
# result-SIZE/ with cold.json / warm.json (--json shard events), cold.time / warm.time (/usr/bin/time -v),
# *.load (uptime before and after) and summary.md (bench/dcase-scale-summary.py: per-stage shard time, outputs
# and store size, wall, CPU, peak RSS, store/WAV ratio).
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-full}"
root="${2:-/tmp/asd-scale}"
case "$size" in
  full) counts=(--train-source 990 --train-target 10 --test-per-cell 50) ;;
  eighth) counts=(--train-source 124 --train-target 2 --test-per-cell 6) ;;
  *) echo "usage: bench/dcase-scale.sh [full|eighth] [ROOT]" >&2; exit 2 ;;
esac
data="$root/data-$size" store="$root/store-$size" out="$root/result-$size"
[[ -d "$data" ]] || ./asd synth --out "$data" --machines 7 "${counts[@]}" --seconds 10 --channels 2
rm -rf "$store" "$out"
mkdir -p "$out"
./asd --help >/dev/null # builds the command line first, outside the timings
measure() {
  uptime >"$out/$1.load"
  /usr/bin/time -v -o "$out/$1.time" ./asd run workflows/demo.yaml --data "$data" --store "$store" --json >"$out/$1.json"
  uptime >>"$out/$1.load"
}
measure cold
measure warm
./asd freeze workflows/demo.yaml --name "scale-$size" --data "$data" --store "$store" --manifests "$out" >/dev/null
python3 bench/dcase-scale-summary.py "$out" "$data" "$store" "$out/scale-$size.json" | tee "$out/summary.md"
