"""The build: every converter in order, the merge, the rules, validation, output."""

from __future__ import annotations

import argparse
import json
import sys

from .aliases import alias_text
from .cities import build_cities, build_towns, build_us_counties
from .common import BuildError, CURATED, DATA, fold, note, NOTES, OUTDIR, OUTPUT_FILES, TYPES
from .countries import build_capitals, build_countries, country_lookup
from .curated import add_curated_organizations, load_curated, load_curated_officials, load_curated_tsv, merge
from .leaders import build_former_leaders, build_leaders
from .leaders_dd import attach_dd_leaders
from .media import build_media, build_us_newspapers
from .organizations import absorb_duplicates, build_international_orgs, build_parties
from .output import check_leaders, check_shared_aliases, render_split, validate
from .rules import alias_hygiene, AliasRules, case_sensitive_words, initials_spellings, WordRules
from .subdivisions import build_subdivisions
from .companies import build_companies
from .groups import build_groups
from .legislators import build_japan_councillors, build_uk_mps, build_us_congress, build_us_state_legislators, first_names
from .officials import build_uk_ministers, build_us_executive, build_us_state_executives
from .people import combine, drop_weak_clashes, merge_people, unique_ids


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
    # A city under 1,000,000 named like a hand-curated body ("Toyota", "Morena") is only
    # matched qualified: the body is what news means.
    words.curated_org_names = {fold(obj["name"]) for _, _, obj in curated if obj.get("type") == "ORGANIZATION"}
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
    words.first_names = first_names()
    ids = {e["id"] for e in generated}
    current_leaders = {e["id"] for e in generated if e["type"] == "LEADER"}
    generated += [e for e in build_former_leaders(words, countries, current_leaders) if e["id"] not in ids]
    # People of the open data: merged by name and country first (an MP who is a minister),
    # so that each person has one id before the curated files patch them by id.
    people, _ = merge_people(
        build_uk_ministers(words) + build_us_executive(words) + build_us_state_executives(words)
        + build_us_congress(words) + build_uk_mps(words) + build_japan_councillors(words)
        + build_us_state_legislators(words)
    )
    generated = unique_ids(generated + people, set())
    words.person_names = words.first_names | {
        fold(e["name"].split()[-1]) for e in generated + [o for _, _, o in curated]
        if e.get("type") in ("LEADER", "OFFICIAL") and len(e.get("name", "").split()) > 1}
    country_of = country_lookup(countries)
    for part in (build_groups(words), build_companies(words, country_of), build_us_newspapers(words)):
        ids = {e["id"] for e in generated}
        generated += [e for e in part if e["id"] not in ids]
    # Towns and counties last: a name any other entity has is only matched qualified.
    claimed = set(taken)
    for e in generated:
        claimed.add(fold(e["name"]))
        claimed.update(fold(alias_text(a)) for a in e["aliases"])
    surnames = {fold(e["name"].split()[-1]) for e in generated + [o for _, _, o in curated]
                if e.get("type") in ("LEADER", "OFFICIAL") and len(e.get("name", "").split()) > 1}
    for part in (build_towns(words, countries, claimed, surnames), build_us_counties(words, claimed)):
        ids = {e["id"] for e in generated}
        generated += [e for e in part if e["id"] not in ids]
    entities = add_curated_organizations(merge(generated, curated), words)
    officials = load_curated_officials(words)
    by_id = {e["id"]: i for i, e in enumerate(entities)}
    for o in officials:
        if o["id"] in by_id:
            entities[by_id[o["id"]]] = combine(entities[by_id[o["id"]]], o)
        else:
            by_id[o["id"]] = len(entities)
            entities.append(o)
    entities, merged = merge_people(entities)
    entities, dd = attach_dd_leaders(entities, words)
    note("Democracy and Dictatorship leader spells: " + ", ".join(f"{k} {v}" for k, v in dd.items()))
    entities = unique_ids(entities, set())
    entities, absorbed = absorb_duplicates(entities)
    entities, weak = drop_weak_clashes(entities)
    note(f"people merged by name and country: {merged}; organizations merged into an earlier one: {absorbed}; "
         f"state legislators dropped for a name another entity has: {weak}; curated officials read: {len(officials)}")
    entities, hygiene = alias_hygiene(entities, words, json.loads((CURATED / "alias_rules.json").read_text(encoding="utf-8")))
    note("alias hygiene: dropped " + ", ".join(f"{k} {v}" for k, v in hygiene.items()))
    entities, initials = initials_spellings(entities)
    note(f"spellings of initials added: {initials}")
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
    for e in entities:  # every file is embedded
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
        print(f"ok: data/dictionary is up to date ({sum(counts.values())} embedded entities: {summary}; {per_file})")
        return 0
    for fname in OUTPUT_FILES:
        (OUTDIR / fname).parent.mkdir(parents=True, exist_ok=True)
        (OUTDIR / fname).write_text(texts[fname], encoding="utf-8")
    print(f"wrote data/dictionary: {sum(counts.values())} embedded entities ({summary}; {per_file})")
    return 0
