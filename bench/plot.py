#!/usr/bin/env python3
"""docs/throughput.png: throughput against dictionary size, from
bench/results/peers-*.json (bench/run_peers.sh --json-out) and
bench/results/scale.json (bench/scale.sh). Run with bench/.venv/bin/python."""
import glob, json, math, os
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
series = {}
for path in glob.glob(os.path.join(ROOT, "bench/results/peers-*.json")):
    d = json.load(open(path))
    for r in d["rows"]:
        name = r["name"]
        if "wall)" in name or "criterion" in name or "--threads all" in name:
            continue
        name = name.split(" (first")[0].replace(" (wall-startup)", "")
        series.setdefault(name, []).append((d["aliases"], r["mbps"]))
scale = os.path.join(ROOT, "bench/results/scale.json")
if os.path.exists(scale):
    for r in json.load(open(scale))["rows"]:
        if not math.isnan(r.get("mbps_t1", float("nan"))):
            series.setdefault("gazette tag --threads 1 (scale.sh)", []).append((r["aliases"], r["mbps_t1"]))
fig, ax = plt.subplots(figsize=(8, 5))
for name, pts in sorted(series.items()):
    pts.sort()
    style = "-o" if name.startswith("gazette") else "--s"
    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label=name)
ax.set_xscale("log"); ax.set_yscale("log")
ax.set_xlabel("dictionary size (names + aliases)")
ax.set_ylabel("MB/s of text (median of runs, 1 thread)")
ax.set_title("Gazette vs Python taggers: throughput against dictionary size")
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
out = os.path.join(ROOT, "docs/throughput.png")
fig.savefig(out, dpi=120)
print(out)
