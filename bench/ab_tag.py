#!/usr/bin/env python3
"""A/B of two or more `gazette` binaries on `gazette tag`, run alternately.

Each binary tags INPUT (default bench/corpus/corpus.jsonl) ROUNDS times (5 by
default) with THREADS worker threads (1 by default), alternating with the
others; the table gives the median wall time, including start-up, and each
binary's speed relative to the first.

    ROUNDS=5 THREADS=1 INPUT=big.jsonl python3 bench/ab_tag.py old/gazette target/release/gazette
"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    binaries = sys.argv[1:]
    if not binaries:
        sys.exit(__doc__)
    rounds = int(os.environ.get("ROUNDS", "5"))
    threads = os.environ.get("THREADS", "1")
    path = os.environ.get("INPUT", os.path.join(ROOT, "bench/corpus/corpus.jsonl"))
    size = os.path.getsize(path)
    walls = {b: [] for b in binaries}
    for _ in range(rounds):
        for binary in binaries:
            with open(path, "rb") as stdin, open(os.devnull, "wb") as stdout:
                start = time.perf_counter()
                subprocess.run([binary, "tag", "--threads", threads], stdin=stdin,
                               stdout=stdout, check=True)
                walls[binary].append(time.perf_counter() - start)
    first = statistics.median(walls[binaries[0]])
    print(f"{path}: {size / 1e6:.1f} MB of JSON Lines, --threads {threads}, "
          f"median of {rounds} alternating runs")
    for binary in binaries:
        wall = statistics.median(walls[binary])
        print(f"{binary:40} {wall:.3f} s  {size / wall / 1e6:6.1f} MB/s  {first / wall:.2f}x  "
              f"{[round(w, 3) for w in walls[binary]]}")


if __name__ == "__main__":
    main()
