#!/usr/bin/env bash
# Stops the test cluster tests/slurm/start.sh started (jobs first), leaving munge and the packages installed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${ASD_SLURM_STATE:-/var/lib/asd-slurm}"
command -v scancel >/dev/null 2>&1 && scancel --user="$(id -un)" 2>/dev/null
for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do
  [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null
done
rm -f "$here/.status"
exit 0
