#!/usr/bin/env python3
"""Worst-case cost per byte: adversarial texts against ordinary news.

Usage: python3 bench/adversarial.py [path/to/gazette] [--runs N]

Writes each text (8 MB, or $ADVERSARIAL_BYTES) as one JSON Lines document, times
`gazette tag` on it (median of N runs, default 5, after one warm-up), and
prints ns per byte and the ratio to ordinary news measured in the same
run. Start-up (loading the dictionary) is measured on an empty input and
subtracted.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZE = int(os.environ.get("ADVERSARIAL_BYTES", 8_000_000))


def news():
    texts = [json.loads(line)["text"] for line in open(os.path.join(ROOT, "tests/data/dev/dev.jsonl"))]
    joined = "\n\n".join(texts)
    return (joined + "\n\n") * (SIZE // len(joined) + 1)


def fill(piece):
    return piece * (SIZE // len(piece.encode()) + 1)


CASES = {
    "ordinary news (dev set, repeated)": news,
    "one very long word": lambda: "a" * SIZE,
    "combining marks": lambda: fill("e\u0301\u0302\u0303"),
    "repeated full aliases": lambda: fill("Lee Jae Myung met Shigeru Ishiba in Tokyo. "),
    "repeated short forms": lambda: fill("Lee Jae Myung spoke. Lee Lee Lee Lee said. "),
    "titles everywhere": lambda: fill("President Foreign Minister Deputy Prime Minister General "),
    "capitalized words": lambda: fill("Alpha Beta Gamma Delta Epsilon Zeta Theta Iota "),
    "NUL and controls": lambda: fill("\u0000Tokyo\u0001\u0007\u001b[31mTrump\u0000 "),
    "bidi marks": lambda: fill("\u202eTokyo\u202c \u2067Trump\u2069 \u200fSeoul "),
    "emoji sequences": lambda: fill("👩‍👩‍👧‍👦🇰🇷 Tokyo 🏳️‍🌈Trump🧑🏽‍🚀 "),
    "mixed scripts": lambda: fill("東京Tokyo이재명은Trump Москва Leeds עברית "),
    "separators only": lambda: fill("- - ’ ” —  "),
}


def run(binary, path):
    started = time.perf_counter()
    subprocess.run([binary, "tag", "--threads", "1", path], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    argv = sys.argv[1:]
    runs = 5
    if "--runs" in argv:
        at = argv.index("--runs")
        runs = int(argv[at + 1])
        del argv[at : at + 2]
    binary = argv[0] if argv else os.path.join(ROOT, "target/release/gazette")
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.jsonl")
        with open(empty, "w") as f:
            f.write(json.dumps({"id": 0, "text": ""}) + "\n")
        run(binary, empty)
        startup = statistics.median(run(binary, empty) for _ in range(runs))
        rows = []
        for name, make in CASES.items():
            text = make()
            path = os.path.join(tmp, "case.jsonl")
            with open(path, "w") as f:
                f.write(json.dumps({"id": 1, "text": text}) + "\n")
            size = len(text.encode())
            run(binary, path)
            seconds = statistics.median(run(binary, path) for _ in range(runs)) - startup
            rows.append((name, size, max(seconds, 1e-9) * 1e9 / size))
    base = rows[0][2]
    print(f"start-up (load + build, subtracted): {startup * 1000:.0f} ms, median of {runs}")
    print(f"{'case':40} {'bytes':>9} {'ns/byte':>9} {'x news':>7}")
    for name, size, ns in rows:
        print(f"{name:40} {size:9d} {ns:9.1f} {ns / base:7.2f}")


if __name__ == "__main__":
    main()
