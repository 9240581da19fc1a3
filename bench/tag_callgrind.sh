#!/bin/bash
# Instructions that `gazette tag --threads 1` spends in `tag_line` (extraction and the
# JSON line, not start-up) over INPUT, counted by callgrind: an exact, noise-free
# figure for comparing builds on a shared machine. DICT as in bench/tag_ab.sh.
#
#   head -c 1000000 /tmp/corpus-4mb.jsonl | head -n -1 > /tmp/corpus-1mb.jsonl
#   INPUT=/tmp/corpus-1mb.jsonl bash bench/tag_callgrind.sh BIN [BIN ...]
set -euo pipefail
input=${INPUT:-bench/corpus/corpus.jsonl}
dict=${DICT:-data/dictionary}
args=(tag --threads 1 --no-default-dictionary --document-date 2025-06-01)
for f in default odbl cc-by-sa lgpl; do args+=(--dictionary "$dict/$f.jsonl"); done
for bin in "$@"; do
  log=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    --toggle-collect='gazette::tag::tag_line*' "$bin" "${args[@]}" <"$input" >/dev/null 2>"$log"
  echo "$bin $(grep -o 'Collected : [0-9]*' "$log" | head -1 | grep -o '[0-9]*') instructions"
  rm -f "$log"
done
