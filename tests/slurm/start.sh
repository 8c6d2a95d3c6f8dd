#!/usr/bin/env bash
# Starts a single-node Slurm (slurmctld + slurmd on this host, munge for auth) for the Slurm executor's tests.
# Idempotent: a running, responsive cluster is left alone. Installs Debian's slurm-wlm and munge when missing
# (root only). Exits 0 with the cluster up, or non-zero with one line on stderr saying why it could not start;
# the Slurm tests then skip with that reason (tests/slurm/status says it to them).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${ASD_SLURM_STATE:-/var/lib/asd-slurm}"     # spool, logs and the status file
status_file="$here/.status"                          # read by the tests: "up" or the reason it is not
fail() { echo "$1" > "$status_file"; echo "tests/slurm/start.sh: $1" >&2; exit 1; }

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || fail "slurm-wlm/munge not installed and not root to install them (apt-get install -y slurm-wlm munge)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge; }; } >/dev/null 2>&1 \
    || fail "apt-get install -y slurm-wlm munge failed (no package mirror reachable?)"
fi
[[ $(id -u) -eq 0 ]] || fail "starting slurmctld/slurmd needs root (run tests/slurm/start.sh as root)"

mkdir -p "$state"/{ctld,d,log} /etc/slurm /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
[[ -s /etc/munge/munge.key ]] || { mungekey --create --force >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; }
chown munge:munge /etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged --force 2>/dev/null || munged --force 2>/dev/null || fail "munged did not start"
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

node="$(hostname -s)"
# The node declares 4 job slots per core (config_overrides): the tests' and benchmark's jobs are short and mostly
# wait on Slurm and process start-up, so they overlap well; a real cluster sizes nodes by their cores.
cpus="$(( $(nproc) * 4 ))"
mem="$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)"
conf="/etc/slurm/slurm.conf"
new="$(mktemp)"
cat > "$new" <<CONF
# Written by asd's tests/slurm/start.sh: one node on this host, for tests and benchmarks.
ClusterName=asdtest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=300
KillWait=2
InactiveLimit=0
SlurmdTimeout=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
if ! cmp -s "$new" "$conf"; then
  mv "$new" "$conf"
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do   # a changed configuration: restart what runs
    [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  for _ in $(seq 50); do pgrep -x -r R,S,D slurmctld >/dev/null || pgrep -x -r R,S,D slurmd >/dev/null || break; sleep 0.1; done
else
  rm -f "$new"
  if sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then chmod 644 "$conf"; echo up > "$status_file"; exit 0; fi
fi
chmod 644 "$conf"

pgrep -x -r R,S,D slurmctld >/dev/null || slurmctld -c >>"$state/log/start.log" 2>&1 || fail "slurmctld did not start (see $state/log/slurmctld.log)"
pgrep -x -r R,S,D slurmd >/dev/null || slurmd >>"$state/log/start.log" 2>&1 || fail "slurmd did not start (see $state/log/slurmd.log)"
for _ in $(seq 100); do
  if sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then echo up > "$status_file"; exit 0; fi
  sleep 0.2
done
fail "the node did not become idle within 20 s (sinfo: $(sinfo -h -o '%T %E' 2>&1 | head -1); see $state/log/)"
