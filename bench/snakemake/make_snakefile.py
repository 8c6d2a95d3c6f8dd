#!/usr/bin/env python3
"""Writes a Snakefile with the same DAG as an asd workflow (one rule per stage; per-(machine, section) stages
are wildcard rules, evaluate/package are whole-set rules), over the same clip files, so `snakemake`'s no-op
can be timed against `asd run`'s on identical inputs. Jobs only `touch` their output: this measures the
no-op (what a rerun spends deciding that nothing changed), not the work.

usage: make_snakefile.py WORKFLOW.yaml DATA_DIR OUT_DIR
"""
import sys, os, yaml

WHOLE_SET = {"evaluate", "package"}

workflow, data, out = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
stages = yaml.safe_load(open(workflow))["stages"]
shards = sorted(d for d in os.listdir(data) if os.path.isdir(os.path.join(data, d)) and not d.startswith("."))
os.makedirs(out, exist_ok=True)

lines = [
    f'DATA = "{data}"',
    f"SHARDS = {shards!r}",
    "import glob",
    "def clips(w):",
    "    return sorted(glob.glob(f'{DATA}/{w.shard}/train/*.wav') + glob.glob(f'{DATA}/{w.shard}/test/*.wav'))",
    "",
]
final = []
for name, stage in stages.items():
    whole = stage["uses"] in WHOLE_SET
    needs = stage.get("needs", [])
    inputs = []
    for need in needs:
        if stages[need]["uses"] in WHOLE_SET:
            inputs.append(f'"out/{need}/all.done"')
        elif whole:
            inputs.append(f'expand("out/{need}/{{shard}}.done", shard=SHARDS)')
        else:
            inputs.append(f'"out/{need}/{{shard}}.done"')
    if not needs:
        inputs.append("clips")
    target = "out/%s/all.done" % name if whole else "out/%s/{shard}.done" % name
    lines += [f"rule {name}:", f"    input: {', '.join(inputs)}", f'    output: "{target}"', '    shell: "touch {output}"', ""]
    final.append(f'"out/{name}/all.done"' if whole else f'expand("out/{name}/{{shard}}.done", shard=SHARDS)')
lines = lines[:6] + ["rule all:", f"    input: {', '.join(final)}", ""] + lines[6:]
open(os.path.join(out, "Snakefile"), "w").write("\n".join(lines))
