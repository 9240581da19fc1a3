#!/usr/bin/env python3
"""Entity coverage of a Gazette dictionary on hand-annotated gold sets.

Usage:
    python3 scripts/coverage.py GOLD.jsonl [GOLD2.jsonl ...]
        [--dict EXPORT.jsonl | --gazette PATH] [--json] [--show-missing]

Coverage is the share of distinct gold entities that the dictionary knows with
the right type. A gold entity is a (canonical, type) pair of the gold files
(the same canonical name in two files is one entity). The dictionary knows it
when an entry of that type has, as its name or one of its aliases, one of the
entity's keys: the gold canonical name, the canonical name without a trailing
"(...)" disambiguation, or the longest surface form annotated for the entity
(possessive "'s" removed). Keys and dictionary names compare after NFKC,
case folding, curly-to-straight apostrophes and with diacritics removed.
Short surface forms ("Trump", "Lee") are not keys: they would find other
people's aliases.

The dictionary is read from a `gazette dict export` JSON Lines file (--dict),
or exported by running PATH dict export (--gazette, default
target/release/gazette next to this script). Entities known only under
another type are counted separately as "other type".

Exit status: 0 on success, 2 on usage, gold-file or dictionary errors.
Depends only on the Python standard library.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict

TYPES = ("LEADER", "OFFICIAL", "ORGANIZATION", "PLACE")


def die(msg, code=2):
    print(f"coverage.py: {msg}", file=sys.stderr)
    sys.exit(code)


def fold(text):
    """The comparison form of a name: NFKC, case-folded, straight apostrophes,
    no diacritics, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c))
    return " ".join(text.split())


def entity_keys(canonical, surfaces):
    keys = {fold(canonical)}
    keys.add(fold(re.sub(r"\s*\([^)]*\)$", "", canonical)))
    if surfaces:
        longest = max(surfaces, key=lambda s: (len(s), s))
        keys.add(fold(re.sub(r"['’]s$", "", longest)))
    keys.discard("")
    return keys


# ---------------------------------------------------------------------- gold
def load_gold(paths):
    """{(canonical, type): {"surfaces": set, "mentions": int, "files": set}}"""
    entities = defaultdict(lambda: {"surfaces": set(), "mentions": 0, "files": set()})
    for path in paths:
        try:
            fh = open(path, encoding="utf-8")
        except OSError as e:
            die(f"cannot read {path}: {e}")
        with fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                    for e in doc.get("entities", []):
                        typ = e["type"]
                        if typ not in TYPES:
                            continue
                        canonical = e.get("canonical") or e["text"]
                        ent = entities[(canonical, typ)]
                        ent["surfaces"].add(e["text"])
                        ent["mentions"] += 1
                        ent["files"].add(os.path.basename(path))
                except (ValueError, KeyError, TypeError) as err:
                    die(f"{path}:{lineno}: bad gold record: {err}")
    if not entities:
        die("no entities in the gold files")
    return entities


# ---------------------------------------------------------------- dictionary
def dictionary_lines(args):
    if args.dict:
        try:
            with open(args.dict, encoding="utf-8") as fh:
                yield from fh
        except OSError as e:
            die(f"cannot read {args.dict}: {e}")
        return
    binary = args.gazette or os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "gazette"))
    try:
        run = subprocess.run([binary, "dict", "export"], capture_output=True, text=True,
                             check=False)
    except OSError as e:
        die(f"cannot run {binary}: {e}")
    if run.returncode != 0:
        die(f"{binary} dict export failed: {run.stderr.strip()}")
    yield from run.stdout.splitlines()


def load_dictionary(args):
    """{folded name or alias: set of types}, and the number of entries."""
    known = defaultdict(set)
    entries = 0
    for lineno, line in enumerate(dictionary_lines(args), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            typ = str(entry.get("label") or entry.get("type") or "").upper()
            names = [entry["name"]]
            for alias in entry.get("aliases", []):
                names.append(alias if isinstance(alias, str) else alias["text"])
        except (ValueError, KeyError, TypeError) as err:
            die(f"dictionary line {lineno}: bad entry: {err}")
        entries += 1
        for name in names:
            known[fold(name)].add(typ)
    if not entries:
        die("the dictionary has no entries")
    return known, entries


# ------------------------------------------------------------------ coverage
def coverage(entities, known):
    rows = {t: {"entities": 0, "known": 0, "other_type": 0, "mentions": 0,
                "known_mentions": 0} for t in ("ALL",) + TYPES}
    missing = []
    for (canonical, typ), ent in sorted(entities.items()):
        keys = entity_keys(canonical, ent["surfaces"])
        types = set().union(*(known.get(k, set()) for k in keys))
        hit = typ in types
        for key in ("ALL", typ):
            row = rows[key]
            row["entities"] += 1
            row["mentions"] += ent["mentions"]
            if hit:
                row["known"] += 1
                row["known_mentions"] += ent["mentions"]
            elif types:
                row["other_type"] += 1
        if not hit:
            missing.append({"canonical": canonical, "type": typ,
                            "dictionary_types": sorted(types),
                            "surfaces": sorted(ent["surfaces"]),
                            "mentions": ent["mentions"], "files": sorted(ent["files"])})
    for row in rows.values():
        row["coverage"] = row["known"] / row["entities"] if row["entities"] else 0.0
    return rows, missing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", help="gold JSON Lines files")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--dict", help="a `gazette dict export` JSON Lines file")
    src.add_argument("--gazette", help="the gazette binary to export the default "
                     "dictionary from (default: target/release/gazette)")
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    ap.add_argument("--show-missing", action="store_true",
                    help="list the gold entities the dictionary does not know")
    args = ap.parse_args(argv)

    entities = load_gold(args.gold)
    known, n_entries = load_dictionary(args)
    rows, missing = coverage(entities, known)

    if args.json:
        out = {"gold_files": args.gold, "dictionary_entries": n_entries,
               "coverage": rows}
        if args.show_missing:
            out["missing"] = missing
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"Gold: {', '.join(args.gold)}; dictionary: {n_entries} entries")
    hdr = (f"{'':<13} {'entities':>8} {'known':>6} {'coverage':>8} {'other type':>10} "
           f"{'mentions':>8} {'of known':>8}")
    print(hdr)
    print("-" * len(hdr))
    for key in ("ALL",) + TYPES:
        r = rows[key]
        label = "overall" if key == "ALL" else key
        print(f"{label:<13} {r['entities']:8d} {r['known']:6d} {r['coverage']:8.3f} "
              f"{r['other_type']:10d} {r['mentions']:8d} {r['known_mentions']:8d}")
    if args.show_missing:
        print("\nNot known with the gold type:")
        for m in missing:
            other = f" (dictionary has it as {', '.join(m['dictionary_types'])})" \
                if m["dictionary_types"] else ""
            print(f"  {m['type']:<12} {m['canonical']}{other} "
                  f"[{' | '.join(m['surfaces'])}] x{m['mentions']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
