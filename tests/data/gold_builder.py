"""Builds a gold JSON Lines set from hand annotations (a passages.py list).

Shared by tests/data/dev/build_dev.py and tests/data/test/build_test.py.
Offsets are Unicode code points (Python str indices), half-open. Every surface
form listed for a passage is annotated at each whole-word, case-sensitive
occurrence; overlapping candidates resolve to the longest span. A passage's
"skip" lists (surface, n) pairs whose n-th (0-based) occurrence is not
annotated, and its "retype" lists (surface, n, TYPE) or (surface, n, TYPE,
canonical) entries whose n-th occurrence takes that type (and canonical name)
instead of the listed ones: a name used as a place in one sentence and as an
organization in the next, or a short form that names two bodies. Building
fails if a listed surface form never occurs, if spans overlap, or if any
entity's text differs from text[start:end].
"""

import json
import os
import re
import sys
from collections import Counter

TYPES = ("LEADER", "OFFICIAL", "ORGANIZATION", "PLACE")


def occurrences(text, surface):
    """Whole-word, case-sensitive occurrences of surface in text."""
    pat = re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def annotate(doc):
    text = doc["sep"].join(doc["paragraphs"])
    skip = set(tuple(x) for x in doc.get("skip", []))
    retype = {(r[0], r[1]): r[2:] for r in doc.get("retype", [])}
    cands = []
    for surface, typ, canonical in doc["mentions"]:
        assert typ in TYPES, (doc["id"], surface, typ)
        occ = occurrences(text, surface)
        if not occ:
            raise SystemExit(f"{doc['id']}: {surface!r} not found")
        for n, (s, e) in enumerate(occ):
            if (surface, n) in skip:
                continue
            new = retype.get((surface, n), ())
            cands.append((s, e, new[0] if new else typ,
                           new[1] if len(new) > 1 else canonical))
    # longest span wins; then earliest
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort()
    ents = [
        {"start": s, "end": e, "text": text[s:e], "type": t, "canonical": can}
        for s, e, t, can in taken
    ]
    # every listed surface form must survive as at least one mention
    kept = {x["text"] for x in ents}
    for surface, _, _ in doc["mentions"]:
        if surface not in kept:
            raise SystemExit(f"{doc['id']}: {surface!r} only occurs inside longer spans")
    return text, ents


def validate(rec):
    text, ents = rec["text"], rec["entities"]
    prev_end = 0
    for e in ents:
        assert 0 <= e["start"] < e["end"] <= len(text), e
        assert text[e["start"]:e["end"]] == e["text"], e
        assert e["start"] >= prev_end, ("overlap", rec["id"], e)
        assert e["type"] in TYPES, e
        assert e["text"] == e["text"].strip(), e
        prev_end = e["end"]


def build(passages, path, max_chars):
    """Annotates `passages`, validates them and writes JSON Lines to `path`."""
    review = "--review" in sys.argv
    out = []
    ids = set()
    for doc in passages:
        assert doc["id"] not in ids, doc["id"]
        ids.add(doc["id"])
        text, ents = annotate(doc)
        n = len(text)
        if not 300 <= n <= max_chars:
            print(f"warning: {doc['id']} has {n} characters", file=sys.stderr)
        rec = {"id": doc["id"], "source": doc["source"], "region": doc["region"],
               "text": text, "entities": ents}
        validate(rec)
        out.append(rec)
        if review:
            print(f"=== {doc['id']} ({doc['region']}, {n} chars)")
            for e in ents:
                ctx = text[max(0, e["start"] - 25):e["end"] + 15].replace("\n", " ")
                print(f"  {e['start']:5d}-{e['end']:<5d} {e['type']:<12} {e['text']!r:<32} -> {e['canonical']:<30} | {ctx}")
            covered = [False] * n
            for e in ents:
                for i in range(e["start"], e["end"]):
                    covered[i] = True
            for m in re.finditer(r"\b[A-Z][\w'’.-]*", text):
                if not any(covered[m.start():m.end()]):
                    print(f"      unannotated capitalised: {m.group()!r}")
    with open(path, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    by_type = Counter(e["type"] for r in out for e in r["entities"])
    by_region = Counter(r["region"] for r in out)
    ment_region = Counter()
    for r in out:
        ment_region[r["region"]] += len(r["entities"])
    print(f"wrote {path}: {len(out)} passages, {sum(by_type.values())} mentions")
    for t in TYPES:
        print(f"  {t:<13} {by_type[t]}")
    for reg in sorted(by_region):
        print(f"  {reg:<15} {by_region[reg]} passages, {ment_region[reg]} mentions")

