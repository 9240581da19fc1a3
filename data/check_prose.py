#!/usr/bin/env python3
"""Rough precision check of the embedded dictionary, data/dictionary/{default,odbl,cc-by-sa,lgpl}.jsonl
(standard library only).

An approximation of the engine: whole-word matching on alphanumeric tokens, case folded and
diacritics removed unless the alias is case-sensitive; longest match wins, then priority;
"short" aliases count only after a full mention of the same entity in the document.

    python3 data/check_prose.py tests/data/prose/licenses.txt    # hits per type + top aliases
    python3 data/check_prose.py --gold ../shared/seed/gold.jsonl  # every gold mention resolves?
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

DICT_DIR = Path(__file__).resolve().parent / "dictionary"
DICT_FILES = ("default.jsonl", "odbl.jsonl", "cc-by-sa.jsonl", "lgpl.jsonl")  # as the binary loads them


def strip(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in t if not unicodedata.combining(ch))


def toks(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", strip(text))


def auto_cs(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def load(paths=None):
    index = collections.defaultdict(list)  # folded token tuple -> [(entity, alias, cs, short)]
    ents = []
    lines = []
    for path in paths or [DICT_DIR / f for f in DICT_FILES]:
        lines += path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        e = json.loads(line)
        ents.append(e)
        rules = {}
        for a in e["aliases"]:
            if isinstance(a, dict) and a["text"] == e["name"]:
                rules = a
        items = [(e["name"], rules.get("case_sensitive", auto_cs(e["name"])), rules.get("short", False))]
        for a in e["aliases"]:
            if isinstance(a, str):
                items.append((a, auto_cs(a), False))
            elif a["text"] != e["name"]:
                items.append((a["text"], a.get("case_sensitive", auto_cs(a["text"])), a.get("short", False)))
        for text, cs, short in items:
            t = toks(text)
            if not t:
                continue
            index[tuple(x.casefold() for x in t)].append((e, tuple(t), cs, short))
    return ents, index


def tag(text: str, index, maxn=10):
    orig = toks(text)
    low = [t.casefold() for t in orig]
    out = []
    seen_full = set()
    i = 0
    while i < len(low):
        hit = None
        for n in range(min(maxn, len(low) - i), 0, -1):
            cands = index.get(tuple(low[i : i + n]))
            if not cands:
                continue
            ok = [c for c in cands if (not c[2] or tuple(orig[i : i + n]) == c[1]) and (not c[3] or c[0]["id"] in seen_full)]
            if ok:
                best = max(ok, key=lambda c: c[0]["priority"])
                hit = (i, n, best)
                break
        if hit:
            i0, n, (e, t, cs, short) = hit
            if not short:
                seen_full.add(e["id"])
            out.append((" ".join(orig[i0 : i0 + n]), e))
            i += n
        else:
            i += 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--gold")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    ents, index = load()
    for f in args.files:
        hits = tag(Path(f).read_text(encoding="utf-8"), index)
        by_type = collections.Counter(e["type"] for _, e in hits)
        print(f"{f}: {len(hits)} hits: " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
        top = collections.Counter((s, e["type"], e["name"]) for s, e in hits)
        for (s, t, n), c in top.most_common(args.top):
            print(f"  {c:5d}  {t:12s} {s!r} -> {n}")
    if args.gold:
        bad = 0
        for line in Path(args.gold).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for m in doc["entities"]:
                t = tuple(x.casefold() for x in toks(m["text"]))
                ok = [c for c in index.get(t, []) if c[0]["name"] == m["canonical"] and c[0]["type"] == m["type"]
                      and (not c[2] or tuple(toks(m["text"])) == c[1])]
                if not ok:
                    bad += 1
                    print(f"  gold not resolved: {m['text']!r} {m['type']} {m['canonical']}")
            hits = tag(doc["text"], index)
            gold = collections.Counter((m["text"], m["type"]) for m in doc["entities"])
            got = collections.Counter((s, e["type"]) for s, e in hits)
            for k, v in sorted((got - gold).items()):
                print(f"  extra in {doc['id']}: {k} x{v}")
            for k, v in sorted((gold - got).items()):
                print(f"  missed in {doc['id']}: {k} x{v}")
        print(f"gold mentions not resolvable: {bad}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
