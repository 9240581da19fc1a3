#!/usr/bin/env bash
# Dictionary scale: build time, memory, throughput for the default dictionary
# and synthetic ones of 10k, 100k, 1M and 5M aliases (SIZES overrides).
# GAZETTE_BIN overrides the binary (default target/release/gazette, built here).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
[ -f "$here/corpus/corpus.jsonl" ] || python3 "$here/make_corpus.py"
bin="${GAZETTE_BIN:-$root/target/release/gazette}"
if [ -z "${GAZETTE_BIN:-}" ]; then (cd "$root" && cargo build --release --bin gazette); fi
mkdir -p "$here/dicts" "$here/results"
specs=(default)
for n in ${SIZES:-10000 100000 1000000 5000000}; do
  label="$n"; [ "$n" -ge 1000 ] && label="$((n/1000))k"; [ "$n" -ge 1000000 ] && label="$((n/1000000))M"
  f="$here/dicts/synth-$label.jsonl"
  [ -f "$f" ] || python3 "$here/gen_dict.py" "$n" "$f"
  specs+=("$label=$f")
done
exec python3 "$here/scale.py" --gazette "$bin" --dicts "${specs[@]}" --json-out "$here/results/scale.json" "$@"
