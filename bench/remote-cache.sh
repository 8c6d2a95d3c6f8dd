#!/usr/bin/env bash
# Team cache: a second member's cold `asd run workflows/demo.yaml` with a warm remote cache against a cold local
# run, on the demo's data set (asd demo's shape: 7 machines, stereo, 3 s clips). The remote is the loopback nginx
# WebDAV server of the tests (tests/remote-cache/start.sh). Per round, each run on a fresh store:
#   local   cold run, no remote cache
#   upload  cold run with --remote-cache into a fresh namespace (member 1: computes and uploads)
#   fetch   cold run with --remote-cache on that namespace (member 2: downloads, executes nothing)
# Prints wall, user and system seconds per run (GNU time) and the medians; rounds: $1 (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
data=${2:-/tmp/asd-bench-demo-data}
./asd --version >/dev/null # builds the Release command line if needed
[[ -d $data ]] || dotnet .asd-build/asd.dll synth --out "$data" --seed 2026 --machines 7 --train-source 40 --train-target 5 \
  --test-per-cell 10 --seconds 3 --channels 2 >/dev/null
base=$(tests/remote-cache/start.sh | cut -d' ' -f1)
log=$(mktemp)
run() { # label store [options...]
  local label=$1 store=$2; shift 2
  /usr/bin/time -f "$label wall %e user %U sys %S" dotnet .asd-build/asd.dll run workflows/demo.yaml --data "$data" --store "$store" \
    --jobs 2 "$@" >/tmp/remote-cache-bench.out 2>/tmp/remote-cache-bench.err || { cat /tmp/remote-cache-bench.out /tmp/remote-cache-bench.err; exit 1; }
  grep "^$label" /tmp/remote-cache-bench.err | tee -a "$log"
  grep '^remote cache' /tmp/remote-cache-bench.out || true
}
for round in $(seq 1 "$rounds"); do
  ns="${base}bench-$(date +%s%N)/"
  for kind in local upload fetch; do
    store=$(mktemp -d)
    case $kind in
      local) run "round $round local" "$store" ;;
      *) run "round $round $kind" "$store" --remote-cache "$ns" ;;
    esac
    [[ $kind == fetch ]] && grep -qE '^(ran 0,|nothing to do)' /tmp/remote-cache-bench.out && echo "  (fetch executed nothing)"
    rm -rf "$store"
  done
done
for kind in local upload fetch; do
  median=$(grep " $kind wall" "$log" | awk '{ print $5 }' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  echo "median $kind wall ${median}s"
done
local_median=$(grep " local wall" "$log" | awk '{ print $5 }' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
fetch_median=$(grep " fetch wall" "$log" | awk '{ print $5 }' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
awk -v f="$fetch_median" -v l="$local_median" 'BEGIN { printf "fetch / local = %.1f %%\n", 100 * f / l }'
rm -f "$log"
