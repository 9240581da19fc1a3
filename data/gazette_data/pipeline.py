"""The build: every converter in order, the merge, the rules, validation, output."""

from __future__ import annotations

import argparse
import json
import sys

from .aliases import alias_text
from .cities import build_cities
from .common import BuildError, CURATED, DATA, fold, note, NOTES, OUTDIR, OUTPUT_FILES, TYPES
from .countries import build_capitals, build_countries
from .curated import load_curated, load_curated_tsv, merge
from .leaders import build_leaders
from .media import build_media
from .organizations import build_international_orgs, build_parties
from .output import check_leaders, check_shared_aliases, render_split, validate
from .rules import alias_hygiene, AliasRules, case_sensitive_words, WordRules
from .subdivisions import build_subdivisions


def build() -> tuple[dict[str, str], list[dict], list[str]]:
    """The output files (name -> text), the entities, and the build's notes and warnings."""
    NOTES.clear()
    rules = AliasRules(CURATED / "alias_rules.json")
    words = WordRules(CURATED / "alias_rules.json")
    countries = build_countries(rules)
    capitals = build_capitals(rules, countries)
    curated = load_curated() + load_curated_tsv()
    # Aliases already claimed by countries and hand-curated entities: generated
    # abbreviations (organizations, parties) never reuse them.
    taken = set()
    for e in countries + capitals + [obj for _, _, obj in curated]:
        taken.add(fold(e.get("name", "")))
        taken.update(fold(alias_text(a)) for a in e.get("aliases", []))
    generated = countries + capitals
    for part in (
        build_subdivisions(words, countries),
        build_cities(words, countries, capitals),
        build_leaders(words, countries),
        build_international_orgs(words, taken),
        build_media(words, taken),
        build_parties(words, countries, taken),
    ):
        ids = {e["id"] for e in generated}
        generated += [e for e in part if e["id"] not in ids]
    entities = merge(generated, curated)
    entities, hygiene = alias_hygiene(entities, words, json.loads((CURATED / "alias_rules.json").read_text(encoding="utf-8")))
    note("alias hygiene: dropped " + ", ".join(f"{k} {v}" for k, v in hygiene.items()))
    entities = case_sensitive_words(entities, words)
    errors = validate(entities)
    if errors:
        raise BuildError("\n".join(errors))
    return render_split(entities), entities, NOTES + check_shared_aliases(entities) + check_leaders(entities)


def main(argv=None, doc: str | None = None) -> int:
    ap = argparse.ArgumentParser(description=(doc or __doc__).splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file in data/dictionary/ is stale")
    args = ap.parse_args(argv)
    try:
        texts, entities, warnings = build()
    except BuildError as e:
        print(f"build failed:\n{e}", file=sys.stderr)
        return 2
    if not args.check:  # --check runs on every test run: only its verdict is printed
        for w in warnings:
            print(w, file=sys.stderr)
    counts: dict[str, int] = {}
    for e in entities:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    summary = ", ".join(f"{t} {counts.get(t, 0)}" for t in sorted(TYPES))
    per_file = ", ".join(f"{f} {texts[f].count(chr(10))}" for f in OUTPUT_FILES)
    if args.check:
        stale = []
        for fname in OUTPUT_FILES:
            path = OUTDIR / fname
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != texts[fname]:
                stale.append(str(path.relative_to(DATA.parent)))
        if stale:
            print(
                f"{', '.join(stale)} out of date with data/sources and data/curated; "
                "run `python3 data/build.py` and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"ok: data/dictionary is up to date ({len(entities)} entities: {summary}; {per_file})")
        return 0
    OUTDIR.mkdir(parents=True, exist_ok=True)
    for fname in OUTPUT_FILES:
        (OUTDIR / fname).write_text(texts[fname], encoding="utf-8")
    print(f"wrote data/dictionary: {len(entities)} entities ({summary}; {per_file})")
    return 0
