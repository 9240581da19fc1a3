#!/usr/bin/env python3
"""The most frequent matched aliases of the default dictionary on a sample of news, for
review: runs `gazette tag` over JSON Lines documents ({"id", "text"}) and prints one line
per (alias, type, entity), most frequent first, with the count and one context.

    python3 data/tools/frequent_aliases.py --bin target/release/gazette \
        tests/data/dev/dev.jsonl tests/data/dev/beats.jsonl tests/data/test/test.jsonl \
        tests/data/test/beats.jsonl --top 200
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--bin", default="target/release/gazette")
    ap.add_argument("--top", type=int, default=200)
    args = ap.parse_args()
    texts = {}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        for path in args.files:
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f):
                    doc = json.loads(line)
                    key = f"{path}#{doc.get('id', n)}"
                    texts[key] = doc["text"]
                    tmp.write(json.dumps({"id": key, "text": doc["text"]}, ensure_ascii=False) + "\n")
    out = subprocess.run([args.bin, "tag", "--threads", "1", tmp.name], capture_output=True, text=True, check=True).stdout
    counts: collections.Counter = collections.Counter()
    example = {}
    docs = 0
    for line in out.splitlines():
        doc = json.loads(line)
        docs += 1
        text = texts[doc["id"]]
        for m in doc["mentions"]:
            key = (m["matched_alias"], m["type"], m["canonical_name"])
            counts[key] += 1
            if key not in example:
                a, b = max(0, m["start"] - 40), min(len(text), m["end"] + 40)
                example[key] = text[a:b].replace("\n", " ")
    print(f"# {docs} documents, {sum(counts.values())} mentions, {len(counts)} distinct (alias, type, entity)")
    print("# count\talias\ttype\tentity\tcontext")
    for (alias, typ, name), c in counts.most_common(args.top):
        print(f"{c}\t{alias}\t{typ}\t{name}\t{example[(alias, typ, name)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
