#!/usr/bin/env python3
"""A/B of two or more builds' stage timers, run alternately.

Each build's `cargo bench --bench stages` binary (target/release/deps/stages-*,
copied aside before rebuilding) runs ROUNDS times (7 by default), alternating
with the others, each run timing every stage as the median of 3 passes. The
table gives, per stage, the median over the rounds of each binary's time and
its ratio to the bare Aho-Corasick scan of the same run. On a shared
machine whose speed varies from run to run, alternating runs and medians
are what make two builds comparable.

    cargo bench --bench stages --no-run   # then copy the binary it names aside
    ROUNDS=7 python3 bench/ab_stages.py /tmp/stages-old /tmp/stages-new
"""

import collections
import os
import re
import statistics
import subprocess
import sys

STAGES = ["bare", "normalize", "scan", "resolve", "extract", "scan_in", "resolve_in", "tag_line"]


def main():
    binaries = sys.argv[1:]
    if not binaries:
        sys.exit(__doc__)
    rounds = int(os.environ.get("ROUNDS", "7"))
    times = {b: collections.defaultdict(list) for b in binaries}
    for _ in range(rounds):
        for binary in binaries:
            out = subprocess.run([binary, "3"], capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                m = re.match(r"(\w+)\s+([\d.]+) ms\s+[\d.]+ MB/s\s+([\d.]+)x", line)
                if m:
                    times[binary][m.group(1)].append((float(m.group(2)), float(m.group(3))))
    print(f"median of {rounds} alternating runs (each the median of 3 passes): ms, × bare scan")
    for stage in STAGES:
        cells = []
        for binary in binaries:
            runs = times[binary][stage]
            ms = statistics.median(r[0] for r in runs)
            ratio = statistics.median(r[1] for r in runs)
            cells.append(f"{os.path.basename(binary):>16} {ms:7.1f} ms {ratio:5.2f}x")
        print(f"{stage:10}" + "  ".join(cells))


if __name__ == "__main__":
    main()
