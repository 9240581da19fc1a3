#!/usr/bin/env bash
# Creates bench/.venv from PyPI with the peers and matplotlib (idempotent).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q --upgrade pip >/dev/null
"$here/.venv/bin/pip" install -q flashtext pyahocorasick ahocorasick_rs spacy matplotlib
