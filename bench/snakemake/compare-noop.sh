#!/usr/bin/env bash
# No-op rerun of workflows/demo.yaml (268 stage shards, ONNX stage included) over a DCASE-2026-sized data set
# (7 machines × 1,200 clips = 8,400 files), against Snakemake's no-op of the same DAG over the same files
# (bench/snakemake/make_snakefile.py: one rule per stage, jobs only touch their outputs). Both are run
# alternately, 9 times each, after a first run that fills the store / the outputs; prints every time and the
# medians. Needs `snakemake` (Debian: apt-get install snakemake).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-/tmp/asd-bench-8400}"
store="${2:-/tmp/asd-bench-8400-demo-store}"
sm="${3:-/tmp/asd-bench-8400-snakemake}"
[[ -d "$data" ]] || ./asd synth --out "$data" --machines 7 --train-source 990 --train-target 10 --test-per-cell 50 --seconds 0.25
python3 bench/snakemake/make_snakefile.py workflows/demo.yaml "$data/dev_data/raw" "$sm"
(cd "$sm" && snakemake --cores 2 -q >/dev/null 2>&1)
./asd run workflows/demo.yaml --data "$data" --store "$store" >/dev/null
./asd run workflows/demo.yaml --data "$data" --store "$store" >/dev/null
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
asd=(); snake=()
for _ in $(seq 1 9); do
  asd+=("$(ms ./asd run workflows/demo.yaml --data "$data" --store "$store")")
  snake+=("$(ms bash -c "cd '$sm' && snakemake --cores 2 -q")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 5p; }
echo "asd run (no-op):   $(printf '%s ' $(printf '%s\n' "${asd[@]}" | sort -n)) → median $(median "${asd[@]}") ms"
echo "snakemake (no-op): $(printf '%s ' $(printf '%s\n' "${snake[@]}" | sort -n)) → median $(median "${snake[@]}") ms"
python3 -c "print(f'ratio asd/snakemake: {$(median "${asd[@]}")/$(median "${snake[@]}"):.3f}')"
