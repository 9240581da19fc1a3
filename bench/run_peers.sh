#!/usr/bin/env bash
# Gazette vs flashtext, pyahocorasick, ahocorasick_rs and spaCy on the same
# aliases and corpus. Usage: bash bench/run_peers.sh [peers.py options]
#   e.g. bash bench/run_peers.sh --dict bench/dicts/synth-100k.jsonl --json-out bench/results/peers-100k.json
# GAZETTE_BIN overrides the binary (default target/release/gazette, built here).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bash "$here/setup_venv.sh"
[ -f "$here/corpus/corpus.jsonl" ] || python3 "$here/make_corpus.py"
bin="${GAZETTE_BIN:-$root/target/release/gazette}"
if [ -z "${GAZETTE_BIN:-}" ]; then (cd "$root" && cargo build --release --bin gazette); fi
exec "$here/.venv/bin/python" "$here/peers.py" --gazette "$bin" "$@"
