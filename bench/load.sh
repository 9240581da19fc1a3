#!/usr/bin/env bash
# The service figures of docs/performance.md ("The service"): builds the release
# binaries and the corpus if needed, then runs bench/load.py, which starts
# `gazette serve` on 127.0.0.1:PORT and drives it with gazette-load.
#
#   bash bench/load.sh                 # client and server share the 2 cores
#   PIN=1 bash bench/load.sh           # server (and tag) on CPU 1, client on CPU 0
#
# Settings (environment): ROUNDS (3), DURATION seconds per run (5), PORT
# (50917), CLIENT_THREADS (1), DECODE (0; 1 makes gazette-load decode and
# check every response, at a cost in client CPU), TAG_REPEAT (5: copies of
# the corpus that `gazette tag` reads, so start-up is a small part), GAZETTE_BIN and
# GAZETTE_LOAD_BIN (skip the build). Results: bench/results/load.jsonl; the
# medians are printed last.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [ -z "${GAZETTE_BIN:-}" ]; then (cd "$root" && cargo build --release --bins); fi
[ -f "$here/corpus/corpus.jsonl" ] || python3 "$here/make_corpus.py"
exec python3 "$here/load.py"
