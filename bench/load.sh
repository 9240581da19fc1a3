#!/usr/bin/env bash
# Service throughput and latency with target/release/gazette-load against
# target/release/gazette serve (default dictionary) on 127.0.0.1:PORT.
#   1. peak unary and streaming throughput, 2 connections, dev-set documents
#      and the 4 MB corpus;
#   2. p99 for seed-sized documents (tests/data/seed/article.txt) at half the
#      peak unary request rate for that document (open loop, --rate);
#   3. streaming MB/s vs `gazette tag --threads 2` MB/s on the same corpus.
# Client and server share the 2 cores: the peaks are lower bounds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
port="${PORT:-50917}"
dur="${DURATION:-8}"
bin="${GAZETTE_BIN:-$root/target/release/gazette}"
load="${GAZETTE_LOAD_BIN:-$root/target/release/gazette-load}"
if [ -z "${GAZETTE_BIN:-}" ]; then (cd "$root" && cargo build --release --bins); fi
[ -f "$here/corpus/corpus.jsonl" ] || python3 "$here/make_corpus.py"
corpus="$here/corpus/corpus.jsonl"
mkdir -p "$here/results"
out="$here/results/load.jsonl"; : > "$out"

"$bin" serve --listen "127.0.0.1:$port" --log warn &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do "$bin" health --addr "127.0.0.1:$port" >/dev/null 2>&1 && break; sleep 0.2; done

run() {
  echo "+ gazette-load $*"
  res=$("$load" --addr "127.0.0.1:$port" --duration "$dur" --json "$@")
  echo "$res" | head -n -1
  echo "$res" | tail -1 >> "$out"
}

run --mode unary  --connections 2 --concurrency 8
run --mode unary  --connections 2 --concurrency 32
run --mode stream --connections 2 --concurrency 2 --window 32
run --mode stream --connections 2 --concurrency 4 --window 64
run --mode unary  --connections 2 --concurrency 16 --corpus "$corpus"
run --mode stream --connections 2 --concurrency 2 --window 64 --corpus "$corpus"
# Seed-sized documents: peak, then p99 at half the peak rate.
run --mode unary  --connections 2 --concurrency 16 --text-file "$root/tests/data/seed/article.txt"
peak=$(tail -1 "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rps"])')
half=$(python3 -c "print(round($peak/2))")
run --mode unary  --connections 2 --concurrency 64 --rate "$half" --text-file "$root/tests/data/seed/article.txt"
kill $server; wait $server 2>/dev/null || true; trap - EXIT

# gazette tag --threads 2 on the same corpus (wall minus startup, median of 3).
python3 - "$bin" "$corpus" <<'PY' | tee -a "$out"
import json, statistics, subprocess, sys, time, tempfile, os
bin, corpus = sys.argv[1], sys.argv[2]
nbytes = sum(len(json.loads(l)["text"].encode()) for l in open(corpus, encoding="utf-8") if l.strip())
def wall(path):
    ts = []
    for _ in range(3):
        with open(path, "rb") as i, open(os.devnull, "wb") as o:
            t = time.perf_counter(); subprocess.run([bin, "tag", "--threads", "2"], stdin=i, stdout=o, check=True); ts.append(time.perf_counter() - t)
    return statistics.median(ts)
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    f.write('{"id":"0","text":"Seoul"}\n')
startup = wall(f.name); total = wall(corpus)
print(json.dumps({"mode": "tag --threads 2", "startup_s": startup, "wall_s": total,
                  "mbps_wall": nbytes / total / 1e6, "mbps": nbytes / (total - startup) / 1e6}))
PY
