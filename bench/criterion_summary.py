#!/usr/bin/env python3
"""Prints the medians of the last `cargo bench --bench engine` run
(target/criterion/*/*/new/estimates.json) and the ratios to the bare
Aho-Corasick scan measured in the same run."""
import glob, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
crit = os.path.join(ROOT, "target/criterion")
mb = float(os.environ.get("GAZETTE_BENCH_MB", "4"))


def corpus_bytes():
    # Same rule as benches/common/mod.rs and bench/make_corpus.py.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from make_corpus import documents

    docs = documents()
    total = 0
    while True:
        for d in docs:
            total += len(d.encode())
            if total >= mb * 1e6:
                return total


def median_ns(group, name):
    with open(os.path.join(crit, group, name, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"]


nbytes = corpus_bytes()
base = median_ns("throughput", "baseline_bare_scan")
base_mbps = nbytes / base * 1e3
print(f"corpus {nbytes} bytes; medians of the last criterion run")
print("| benchmark | median | MB/s | × bare scan |")
print("| --- | ---: | ---: | ---: |")
for path in sorted(glob.glob(os.path.join(crit, "throughput", "*", "new", "estimates.json"))):
    name = path.split(os.sep)[-3]
    ns = median_ns("throughput", name)
    mbps = nbytes / ns * 1e3
    print(f"| {name} | {ns/1e6:.2f} ms | {mbps:.1f} | {mbps/base_mbps:.2f}× |")
for path in sorted(glob.glob(os.path.join(crit, "build", "*", "new", "estimates.json"))):
    name = path.split(os.sep)[-3]
    print(f"| build/{name} | {median_ns('build', name)/1e6:.1f} ms | | |")
