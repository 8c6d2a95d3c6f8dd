#!/usr/bin/env bash
# Slurm executor overhead: workflows/demo.yaml through the local Slurm (tests/slurm/start.sh) against the local
# executor, cold runs in fresh stores, interleaved, 3 rounds; then the per-job costs: a trivial Slurm job's round
# trip (sbatch until its first command has run) and the start of `asd exec-shard` (the .NET process a job runs).
# Prints one line per run and the medians. Needs root for start.sh (it installs slurm-wlm and munge if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
tests/slurm/start.sh
./asd --version >/dev/null # builds the Release command line if needed
asd=(dotnet .asd-build/asd.dll)
data=${1:-/tmp/v-data}
rounds=${ROUNDS:-3}
[[ -d $data ]] || "${asd[@]}" synth --out "$data" --machines 2 --seconds 10 --train-source 40 --train-target 4 --test-per-cell 8 --seed 3 >/dev/null
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A walls
for round in $(seq "$rounds"); do
  for executor in local slurm; do
    store=$(mktemp -d)
    extra=(); [[ $executor == local ]] && extra=(--jobs "$(nproc)") # slurm: jobs in flight from asd.yaml/defaults (64)
    /usr/bin/time -f "%e" -o /tmp/slurm-bench.time "${asd[@]}" run workflows/demo.yaml --data "$data" --store "$store" --executor "$executor" "${extra[@]}" >/tmp/slurm-bench.out 2>&1 \
      || { cat /tmp/slurm-bench.out; exit 1; }
    wall=$(cat /tmp/slurm-bench.time)
    walls[$executor]+="$wall "
    echo "round $round $executor wall $wall s ($(tail -1 /tmp/slurm-bench.out))"
    rm -rf "$store"
  done
done
local_median=$(tr ' ' '\n' <<<"${walls[local]}" | grep . | median)
slurm_median=$(tr ' ' '\n' <<<"${walls[slurm]}" | grep . | median)
echo "demo.yaml cold: local median $local_median s, slurm median $slurm_median s, ratio $(awk "BEGIN { printf \"%.2f\", $slurm_median / $local_median }")"

marker=$(mktemp -u)
trips=()
for i in $(seq 10); do
  rm -f "$marker"
  start=$(date +%s.%N)
  sbatch -o /dev/null --wrap "touch $marker" >/dev/null
  while [[ ! -e $marker ]]; do sleep 0.01; done
  trips+=("$(awk "BEGIN { print $(date +%s.%N) - $start }")")
  sleep 0.5
done
echo "trivial job round trip (sbatch until its command ran), 10 jobs: median $(printf '%s\n' "${trips[@]}" | median) s (min $(printf '%s\n' "${trips[@]}" | sort -n | head -1), max $(printf '%s\n' "${trips[@]}" | sort -n | tail -1))"
starts=()
for i in $(seq 5); do
  /usr/bin/time -f "%e" -o /tmp/slurm-bench.time "${asd[@]}" exec-shard --help >/dev/null
  starts+=("$(cat /tmp/slurm-bench.time)")
done
echo "asd exec-shard process start (--help), 5 runs: median $(printf '%s\n' "${starts[@]}" | median) s"
rm -f "$marker" /tmp/slurm-bench.time /tmp/slurm-bench.out
