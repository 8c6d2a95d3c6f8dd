#!/usr/bin/env python3
"""Summarises a bench/dcase-scale.sh result folder: per-stage shard time (cold), output bytes, and the run totals."""
import json, os, re, sys
from collections import defaultdict

out, data, store, manifest = sys.argv[1:5]

def events(name):
    with open(os.path.join(out, name + ".json")) as f:
        return [e for e in map(json.loads, f) if e.get("event") == "stage"]

def timing(name):
    text = open(os.path.join(out, name + ".time")).read()
    get = lambda label: re.search(re.escape(label) + r": (.*)", text).group(1).strip()
    wall = get("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall)))
    return seconds, float(get("User time (seconds)")) + float(get("System time (seconds)")), int(get("Maximum resident set size (kbytes)")) / 1024

def load(name):
    return " → ".join(l.split("load average:")[1].strip() for l in open(os.path.join(out, name + ".load")))

def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

objects = os.path.join(store, "objects")
def size_of(digest):
    hexd = digest.split(":")[1]
    p = os.path.join(objects, "sha256", hexd[:2], hexd)
    return os.path.getsize(p) if os.path.exists(p) else 0

outputs = defaultdict(int)
for stage in json.load(open(manifest))["stages"]:
    for o in stage["outputs"]:
        outputs[stage["stage"]] += size_of(o["digest"])

cold = events("cold")
per_stage = defaultdict(list)
for e in cold:
    per_stage[e["stage"]].append(e)
wav = du(data)
store_bytes = du(objects)
mb = lambda b: f"{b / 1e6:,.1f}"
print("| stage | shards ran | shard time, sum (s) | slowest shard (s) | outputs (MB) |")
print("|---|---|---|---|---|")
for stage, es in per_stage.items():
    ran = [e for e in es if e["status"] == "ran"]
    print(f"| {stage} | {len(ran)}/{len(es)} | {sum(e['ms'] for e in ran) / 1000:.1f} | {max((e['ms'] for e in ran), default=0) / 1000:.1f} | {mb(outputs[stage])} |")
print()
for name in ("cold", "warm"):
    wall, cpu, rss = timing(name)
    failed = sum(1 for e in events(name) if e["status"] == "failed")
    print(f"- {name}: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MB, {failed} failed shard(s); load average {load(name)}")
print(f"- store: {mb(store_bytes)} MB of objects ({mb(sum(outputs.values()))} MB stage outputs, the rest per-clip memo values and records); "
      f"WAV: {mb(wav)} MB; store/WAV = {store_bytes / wav:.3f}")
