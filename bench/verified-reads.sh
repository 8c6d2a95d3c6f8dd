#!/usr/bin/env bash
# What verified reads cost: cold, warm no-op and warm --force runs of workflows/demo.yaml over a small synthetic set,
# with verification on and off (ASD_UNVERIFIED_READS=1, a switch for this measurement only), interleaved, 3 rounds.
# Prints wall, user and system seconds per run (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
./asd --version >/dev/null # builds the Release command line if needed
data=${1:-/tmp/v-data}
[[ -d $data ]] || dotnet .asd-build/asd.dll synth --out "$data" --machines 2 --seconds 10 --train-source 40 --train-target 4 --test-per-cell 8 --seed 3
for round in 1 2 3; do
  for mode in on off; do
    if [[ $mode == off ]]; then export ASD_UNVERIFIED_READS=1; else unset ASD_UNVERIFIED_READS; fi
    store=$(mktemp -d)
    for kind in cold noop force; do
      extra=(); [[ $kind == force ]] && extra=(--force)
      /usr/bin/time -f "round $round $mode $kind wall %e user %U sys %S" \
        dotnet .asd-build/asd.dll run workflows/demo.yaml --data "$data" --store "$store" --jobs 2 "${extra[@]}" >/dev/null 2>/tmp/verified-reads.err \
        || { cat /tmp/verified-reads.err; exit 1; }
      grep '^round' /tmp/verified-reads.err
    done
    rm -rf "$store"
  done
done
