#!/usr/bin/env python3
"""The service figures of docs/performance.md ("The service"): run by bench/load.sh.

Starts `gazette serve` (default dictionary) on 127.0.0.1:PORT and drives it
with `gazette-load`. The machine is shared and its speed varies from run to
run, so the two targets are
measured in ROUNDS rounds, each one back to back, and reported as medians
over the rounds (with the per-round values beside them):

  1. peak unary requests/s for the seed article (tests/data/seed/article.txt,
     2 connections x 16 workers, closed loop), then p99 at half of *that
     round's* peak (open loop, --rate, 2 connections x 64 workers);
  2. streaming MB/s on the corpus (2 connections x 2 streams, window 64),
     then `gazette tag` MB/s on the same corpus five times over (TAG_REPEAT;
     wall minus start-up, median of 3), and their ratio.

Then one pass of the throughput table (dev set and corpus, unary and
stream). Results go to bench/results/load.jsonl, one JSON object a line.

gazette-load reads responses without decoding them, so that on shared
cores it takes as little CPU from the server as it can (errors and non-OK
statuses still count). DECODE=1 passes --decode: every response is decoded
with prost and checked against its request's document_id, as a real client
would; the figures are then lower on shared cores.

PIN=1 pins the server to CPU 1 and the client to CPU 0 (taskset), and runs
`gazette tag --threads 1` on CPU 1: the server and tag then both have one
core, and the client no longer takes CPU from the server (other users of
the machine still can). Without PIN, client and server share both cores
and tag runs with --threads 2, the server's runtime having 2 workers.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from make_corpus import write_repeated

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GAZETTE_BIN", os.path.join(ROOT, "target/release/gazette"))
LOAD = os.environ.get("GAZETTE_LOAD_BIN", os.path.join(ROOT, "target/release/gazette-load"))
PORT = os.environ.get("PORT", "50917")
DURATION = os.environ.get("DURATION", "5")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
PIN = os.environ.get("PIN", "0") == "1"
# gazette-load's runtime threads: one leaves more of the shared cores to
# the server.
CLIENT_THREADS = os.environ.get("CLIENT_THREADS", "1")
DECODE = ["--decode"] if os.environ.get("DECODE", "0") == "1" else []
SEED = os.path.join(ROOT, "tests/data/seed/article.txt")
CORPUS = os.path.join(ROOT, "bench/corpus/corpus.jsonl")
OUT = os.path.join(ROOT, "bench/results/load.jsonl")

SERVER_CPU = ["taskset", "-c", "1"] if PIN else []
CLIENT_CPU = ["taskset", "-c", "0"] if PIN else []
TAG_THREADS = "1" if PIN else "2"


def log(record):
    with open(OUT, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def load(*args):
    """Runs gazette-load; prints its report, returns its JSON line."""
    cmd = CLIENT_CPU + [LOAD, "--addr", f"127.0.0.1:{PORT}", "--duration", DURATION,
                        "--threads", CLIENT_THREADS, "--json", *DECODE, *args]
    print("+ gazette-load " + " ".join(cmd[cmd.index("--duration"):]), flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()
    for line in out[:-1]:
        print("  " + line, flush=True)
    result = json.loads(out[-1])
    log(result)
    return result


def tag_mbps():
    """`gazette tag` MB/s on the corpus repeated TAG_REPEAT times (5): wall
    time minus start-up (a one-line input), each the median of 3 runs. On
    the 4 MB corpus alone the start-up is half the wall time, and its noise
    made the MB/s swing by 2x between rounds."""
    repeat = int(os.environ.get("TAG_REPEAT", "5"))
    nbytes = repeat * sum(len(json.loads(line)["text"].encode())
                          for line in open(CORPUS, encoding="utf-8") if line.strip())

    def wall(path):
        times = []
        for _ in range(3):
            with open(path, "rb") as i, open(os.devnull, "wb") as o:
                t = time.perf_counter()
                subprocess.run(SERVER_CPU + [BIN, "tag", "--threads", TAG_THREADS],
                               stdin=i, stdout=o, check=True)
                times.append(time.perf_counter() - t)
        return statistics.median(times)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write('{"id":"0","text":"Seoul"}\n')
    fd, big = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    write_repeated(CORPUS, big, repeat)
    try:
        startup = wall(f.name)
        total = wall(big)
    finally:
        os.unlink(f.name)
        os.unlink(big)
    record = {"mode": f"tag --threads {TAG_THREADS}", "pinned": PIN, "startup_s": startup,
              "wall_s": total, "mbps": nbytes / (total - startup) / 1e6}
    print(f"+ gazette tag --threads {TAG_THREADS}: {record['mbps']:.2f} MB/s "
          f"(wall {total:.3f} s, start-up {startup:.3f} s)", flush=True)
    log(record)
    return record["mbps"]


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    open(OUT, "w").close()
    server = subprocess.Popen(SERVER_CPU + [BIN, "serve", "--listen", f"127.0.0.1:{PORT}",
                                            "--log", "warn"])
    try:
        for _ in range(100):
            if subprocess.run([BIN, "health", "--addr", f"127.0.0.1:{PORT}"],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        else:
            sys.exit("the server did not become healthy")
        print(f"pinned: {'server and tag on CPU 1, client on CPU 0' if PIN else 'no'}; "
              f"client threads {CLIENT_THREADS}; responses {'decoded' if DECODE else 'not decoded'}; "
              f"{ROUNDS} rounds of {DURATION} s", flush=True)
        rounds = []
        for r in range(ROUNDS):
            print(f"--- round {r + 1}", flush=True)
            peak = load("--mode", "unary", "--connections", "2", "--concurrency", "16",
                        "--text-file", SEED)
            half = round(peak["rps"] / 2)
            at_half = load("--mode", "unary", "--connections", "2", "--concurrency", "64",
                           "--rate", str(half), "--text-file", SEED)
            stream = load("--mode", "stream", "--connections", "2", "--concurrency", "2",
                          "--window", "64", "--corpus", CORPUS)
            tag = tag_mbps()
            rounds.append({"peak_rps": peak["rps"], "half_rate": half,
                           "p50_at_half_ms": at_half["p50_ms"],
                           "p99_at_half_ms": at_half["p99_ms"],
                           "p999_at_half_ms": at_half["p999_ms"],
                           "lag_p99_ms": at_half["lag_p99_ms"],
                           "stream_mbps": stream["mbps"], "tag_mbps": tag,
                           "ratio": stream["mbps"] / tag})

        print("--- throughput table (one pass)", flush=True)
        load("--mode", "unary", "--connections", "2", "--concurrency", "8")
        load("--mode", "unary", "--connections", "2", "--concurrency", "32")
        load("--mode", "stream", "--connections", "2", "--concurrency", "2", "--window", "32")
        load("--mode", "stream", "--connections", "1", "--concurrency", "1", "--window", "64",
             "--corpus", CORPUS)
        load("--mode", "unary", "--connections", "2", "--concurrency", "16", "--corpus", CORPUS)
    finally:
        server.terminate()
        server.wait()

    print(f"--- medians over {ROUNDS} rounds (per-round values in brackets)")
    summary = {"summary": True, "pinned": PIN, "decode": bool(DECODE), "rounds": ROUNDS,
               "duration_s": float(DURATION)}
    for key, fmt in [("peak_rps", "{:.0f}"), ("half_rate", "{:.0f}"),
                     ("p50_at_half_ms", "{:.2f}"), ("p99_at_half_ms", "{:.2f}"),
                     ("p999_at_half_ms", "{:.2f}"), ("lag_p99_ms", "{:.2f}"),
                     ("stream_mbps", "{:.2f}"), ("tag_mbps", "{:.2f}"), ("ratio", "{:.2f}")]:
        values = [r[key] for r in rounds]
        summary[key] = statistics.median(values)
        print(f"{key:16} {fmt.format(summary[key]):>8}   ["
              + ", ".join(fmt.format(v) for v in values) + "]")
    log(summary)


if __name__ == "__main__":
    main()
