#!/usr/bin/env bash
# Slurm rerun after one clip is added (docs/benchmarks.md, "Slurm: rerun after one added clip"): workflows/demo.yaml
# cold, then one new train clip in the first machine, then the timed rerun; "base" is a build without per-clip memo
# hits in jobs, "new" this tree, "local" this tree with the local executor. Prepare once:
#   asd synth --out $W/data --machines 2 --seconds 10 --train-source 40 --train-target 4 --test-per-cell 8 --seed 3
#   git archive <base commit> | tar -x -C $W/base && (cd $W/base && ./asd --version)
# Job CPU is summed from /usr/bin/time around each job's asd (slurm.command); shard ms are from the --json events.
set -euo pipefail
W=${W:-/tmp/slurm-memo}  # holds data/ (asd synth, as in bench/slurm.sh) and base/ (main, built with ./asd)
rounds=${1:-3}
add_clip() { python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
machine = sorted(os.listdir(os.path.join(root, "dev_data", "raw")))[0]
train = os.path.join(root, "dev_data", "raw", machine, "train")
src = sorted(f for f in os.listdir(train) if f.endswith(".wav"))[0]
data = bytearray(open(os.path.join(train, src), "rb").read()); data[-1] ^= 1
open(os.path.join(train, re.sub(r"_normal_\d{4}", "_normal_9999", src, count=1)), "wb").write(data)
PY
}
stages="decode logmel_near logmel_far logmel_resid frames_near onnx_wide logmel_plain" # demo.yaml's decode and embed stages
for round in $(seq "$rounds"); do
  for v in base new local; do
    dir=$(cd "$(dirname "$0")/.." && pwd); [[ $v == base ]] && dir=$W/base
    asd=(dotnet "$dir/.asd-build/asd.dll")
    d=$W/d-$v; s=$W/s-$v; rm -rf "$d" "$s"; cp -r "$W/data" "$d"
    printf 'slurm:\n  command: [/usr/bin/time, -a, -o, %s, -f, "%%e %%U %%S", dotnet, %s]\n' "$W/jobcpu-$v" "$dir/.asd-build/asd.dll" > "$W/asd-$v.yaml"
    ex=(--executor slurm --config "$W/asd-$v.yaml"); [[ $v == local ]] && ex=(--executor local --jobs 2)
    (cd "$dir" && "${asd[@]}" run workflows/demo.yaml --data "$d" --store "$s" "${ex[@]}" > "$W/cold-$v.out" 2>&1)
    add_clip "$d"; sleep 2.5 # past the racy window
    : > "$W/jobcpu-$v"
    (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$W/rerun-$v.time" "${asd[@]}" run workflows/demo.yaml --data "$d" --store "$s" "${ex[@]}" --json > "$W/rerun-$v.json" 2>&1)
    ran=$(grep -c '"status":"ran"' "$W/rerun-$v.json" || true)
    jobs=$(awk '{ n++; u += $2; s += $3 } END { printf "%d jobs, job CPU %.1f s", n, u + s }' "$W/jobcpu-$v")
    read -r wall user sys rss < "$W/rerun-$v.time"
    shards=$(python3 -c "import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; e=[x for x in e if x.get('event')=='stage' and x['status']=='ran' and x['stage'] in sys.argv[2].split()]; print(len(e), 'decode/embed shards', sum(x['ms'] for x in e), 'ms')" "$W/rerun-$v.json" "$stages")
    echo "round $round $v: $shards; rerun wall $wall s, coordinator CPU $(awk "BEGIN{print $user+$sys}") s, RSS $((rss/1024)) MB, ran $ran shards, $jobs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
