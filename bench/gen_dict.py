#!/usr/bin/env python3
"""Generates a synthetic Gazette dictionary (JSON Lines) with about N aliases.

Usage: python3 bench/gen_dict.py N OUT.jsonl [--seed 1]

Each entry is an ORGANIZATION with a multi-word pseudo-name built from
pronounceable pseudo-words (consonant-vowel syllables) and real English
name words ("National", "Council", ...), so that walks from real words in
news text ("national", "new", "united") go some way into the automaton, as
they would with a real large gazetteer:

  {"id": "S12", "name": "National Velko Rumazi Council",
   "type": "ORGANIZATION",
   "aliases": ["Velko Rumazi Council", "Velko-Rumazi", "Council of Velko Rumazi", "NVR Council"]}

N counts the name and the aliases as written (5 per entry); the engine adds
generated hyphen/space variants on top (reported by `gazette dict check`).
"""
import argparse, json, random

CONS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
PREFIX = ["National", "Democratic", "People's", "United", "Royal", "Federal", "Central",
          "New", "Free", "Northern", "Southern", "Eastern", "Western", "Great", "First"]
KIND = ["Institute", "Party", "Council", "Group", "Bank", "Ministry", "Agency", "Foundation",
        "Union", "Front", "Movement", "Authority", "Company", "Corporation", "Association",
        "Commission", "University", "Times", "News", "Press", "Alliance", "League", "Forum"]


def word(r):
    n = r.choice((2, 2, 3, 3, 4))
    s = "".join(r.choice(CONS) + r.choice(VOWELS) for _ in range(n))
    if r.random() < 0.3:
        s += r.choice(CONS)
    return s.capitalize()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    seen = set()
    written = 0
    i = 0
    with open(a.out, "w", encoding="utf-8") as f:
        while written < a.n:
            w1, w2 = word(r), word(r)
            core = f"{w1} {w2}"
            if core in seen:
                continue
            seen.add(core)
            kind = r.choice(KIND)
            prefix = r.choice(PREFIX)
            name = f"{prefix} {core} {kind}"
            aliases = [f"{core} {kind}", f"{w1}-{w2}", f"{kind} of {core}",
                       f"{prefix[0]}{w1[0]}{w2[0]} {kind}"]
            take = min(len(aliases), a.n - written - 1)
            e = {"id": f"S{i}", "name": name, "type": "ORGANIZATION", "aliases": aliases[:take]}
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
            written += 1 + take
            i += 1
    print(f"{a.out}: {i} entries, {written} names+aliases")


if __name__ == "__main__":
    main()
