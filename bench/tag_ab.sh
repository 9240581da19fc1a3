#!/bin/bash
# `gazette tag --threads 1` of several builds on one dictionary, in alternating runs:
# user CPU seconds over INPUT minus those of an empty input (start-up), per run, then
# the median of each build. Every build loads the same dictionary files (DICT, the
# four files of data/dictionary/ by default), so that older builds compare with newer
# ones on the same entries.
#
#   python3 bench/make_corpus.py --mb 4 --out /tmp/corpus-4mb.jsonl
#   for i in $(seq 10); do cat /tmp/corpus-4mb.jsonl; done > /tmp/corpus-40mb.jsonl
#   INPUT=/tmp/corpus-40mb.jsonl DICT=/path/to/old/data/dictionary RUNS=5 \
#     bash bench/tag_ab.sh /path/to/gazette-old target/release/gazette
set -euo pipefail
input=${INPUT:-bench/corpus/corpus.jsonl}
dict=${DICT:-data/dictionary}
runs=${RUNS:-5}
args=(tag --threads 1 --no-default-dictionary --document-date 2025-06-01)
for f in default odbl cc-by-sa lgpl; do args+=(--dictionary "$dict/$f.jsonl"); done
user() { /usr/bin/time -f %U "$@" >/dev/null 2>"$tmp" || { cat "$tmp" >&2; exit 1; }; tail -1 "$tmp"; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
declare -A times
for run in $(seq "$runs"); do
  for bin in "$@"; do
    empty=$(user "$bin" "${args[@]}" </dev/null)
    full=$(user "$bin" "${args[@]}" <"$input")
    net=$(python3 -c "print(round($full - $empty, 3))")
    echo "run $run $bin: $net s"
    times[$bin]="${times[$bin]:-} $net"
  done
done
for bin in "$@"; do
  python3 -c "import statistics,sys; print(sys.argv[1], 'median', statistics.median(map(float, sys.argv[2:])), 's')" "$bin" ${times[$bin]}
done
