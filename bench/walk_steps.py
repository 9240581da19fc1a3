#!/usr/bin/env python3
"""How much trie walking the first-word jumps save, counted in Python.

An approximation of the engine's walk, for the numbers in
docs/performance.md: aliases and text are lower-cased (not fully folded)
and words are `\\w+` runs. For every word start of the corpus it counts the
trie steps a byte-by-byte walk takes (past the two-byte table), and the
steps left once the first word is looked up whole; and how many word starts
begin no alias's first word at all.

    python3 bench/walk_steps.py [--gazette target/release/gazette] [--corpus bench/corpus/corpus.jsonl]
"""

import argparse
import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazette", default=os.path.join(ROOT, "target/release/gazette"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench/corpus/corpus.jsonl"))
    a = ap.parse_args()
    export = subprocess.run([a.gazette, "dict", "export"], capture_output=True, text=True,
                            check=True).stdout
    aliases = set()
    for line in export.splitlines():
        entry = json.loads(line)
        for alias in [entry["name"], *entry.get("aliases", [])]:
            if isinstance(alias, dict):
                alias = alias["text"]
            alias = " ".join(alias.lower().split())
            if alias:
                aliases.add(alias)
    prefixes = {alias[:i] for alias in aliases for i in range(1, len(alias) + 1)}
    first_words = {re.match(r"\w+|.", alias).group(0) for alias in aliases}
    starts = jumping = steps = steps_after = 0
    for line in open(a.corpus, encoding="utf-8"):
        text = json.loads(line)["text"].lower()
        for word in re.finditer(r"\w+", text):
            start = word.start()
            starts += 1
            depth = 0
            while start + depth < len(text) and text[start:start + depth + 1] in prefixes:
                depth += 1
            steps += max(0, depth - 1)
            if word.group(0) in first_words:
                jumping += 1
                steps_after += max(0, depth - len(word.group(0)))
    print(f"{len(aliases)} lower-cased aliases, {len(first_words)} first words")
    print(f"{starts} word starts; {jumping} ({jumping / starts:.0%}) begin an alias's first word")
    print(f"trie steps, byte by byte: {steps} ({steps / starts:.2f} a word start)")
    print(f"trie steps after a first-word jump: {steps_after}")


if __name__ == "__main__":
    main()
