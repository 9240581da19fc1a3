"""National and state legislators: the 119th US Congress (congress-legislators, CC0), the
650 UK MPs (UK Parliament data, Open Parliament Licence v3.0), Japan's House of
Councillors (smartnews-smri, MIT) and US state legislators (Open States, CC0)."""

from __future__ import annotations

import csv
import re

from .aliases import make_alias
from .common import clean, fold, is_qid, script_of, slug, SOURCES
from .leaders import surname_alias
from .officials import CONGRESS_AS_OF, OPENSTATES_AS_OF, SRC_CONGRESS, SRC_OPENSTATES, UK_HONORIFICS, US_STATE_NAMES, uk_person_id
from .people import office, person, RANK_LEGISLATOR, RANK_LOCAL
from .rules import native_ok, WordRules

SRC_UK_PARLIAMENT = "uk-parliament"  # MP list from the UK Parliament Members API, OPL v3.0
SRC_SANGIIN = "smartnews-smri"  # House of Councillors members, MIT
UK_MPS_AS_OF = "2026-06-27"
SANGIIN_AS_OF = "2026-07-23"


def _read(family: str, name: str) -> list[dict]:
    with (SOURCES / family / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def build_us_congress(rules: WordRules) -> list[dict]:
    """Members of the 119th Congress, by Wikidata id. The name is the one news uses
    (nickname and surname: "Chuck Schumer"), the official full name an alias."""
    entities = []
    seen = set()
    for r in _read("legislators", "us_congress_current.csv"):
        qid = r["wikidata"] if is_qid(r["wikidata"]) else f"gazette:person/{slug(r['official_full'])}"
        if qid in seen:
            continue
        seen.add(qid)
        first = clean(r["nickname"] or r["first"])
        last = clean(r["last"])
        suffix = f" {r['suffix']}" if r["suffix"] else ""
        full = clean(re.sub(r'\s*"[^"]*"\s*', " ", r["official_full"]))
        name = f"{first} {last}{suffix}"
        aliases = [full, f"{clean(r['first'])} {last}{suffix}", f"{first} {last}"]
        sa = surname_alias(f"{first} {last}", "US", rules)
        if sa:
            aliases.append(sa)
        state = US_STATE_NAMES.get(r["state"], r["state"])
        if r["chamber"] == "Senate":
            title = f"United States Senator from {state}"
        elif r["district"] in ("", "0"):
            title = f"U.S. Representative for {state} at-large"
        else:
            title = f"U.S. Representative for {state}'s {_ordinal(int(r['district']))} district"
        offices = [office(title, r["term_start"], None, country="US", rank=RANK_LEGISLATOR)]
        attrs = {"bioguide": r["bioguide"], "party": clean(r["party"])}
        entities.append(person(qid, name, "OFFICIAL", "legislator", offices, aliases, SRC_CONGRESS,
                               country="US", as_of=CONGRESS_AS_OF, attributes=attrs))
    return entities


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def build_uk_mps(rules: WordRules) -> list[dict]:
    """The 650 members of the House of Commons. The id is the one the IfG converter gives
    the same person (their Parliament member id joins them)."""
    entities = []
    for r in _read("legislators", "uk_mps_current.csv"):
        written = clean(r["name"])
        name = clean(UK_HONORIFICS.sub("", written))  # "Sir Keir Starmer" -> "Keir Starmer"
        if len(name.split()) < 2:
            name = written
        aliases = [written] if written != name else []
        sa = surname_alias(name, "GB", rules)
        if sa:
            aliases.append(sa)
        offices = [office(f"Member of Parliament for {clean(r['constituency'])}", "2024-07-04", None,
                          country="GB", rank=RANK_LEGISLATOR)]
        attrs = {"uk_parliament": r["uk_parliament_member_id"], "party": clean(r["party"])}
        entities.append(person(uk_person_id(name), name, "OFFICIAL", "legislator", offices, aliases,
                               SRC_UK_PARLIAMENT, country="GB", as_of=UK_MPS_AS_OF, attributes=attrs))
    return entities


def build_japan_councillors(rules: WordRules) -> list[dict]:
    """Members of Japan's House of Councillors. The kanji name is an alias (without the
    space the roster puts between family and given name); the Latin name comes from a
    machine romanization of the kana reading, so it is only matched as a full name and
    never as a bare surname."""
    entities = []
    for r in _read("legislators", "japan_house_of_councillors_members.csv"):
        kanji = clean(r["name_ja"].replace("\u3000", " "))
        latin = clean(r["name_romaji_western_MACHINE"])
        if not latin or len(latin.split()) != 2:
            continue
        aliases = []
        joined = kanji.replace(" ", "")
        if script_of(joined) in ("han", "kana") and native_ok(joined, rules):
            aliases.append(joined)
        reg = clean((r["registered_name_ja"] or "").replace("\u3000", "")).replace(" ", "")
        if reg and reg != joined and native_ok(reg, rules):
            aliases.append(reg)
        offices = [office("Member of the House of Councillors", None, None, country="JP", rank=RANK_LEGISLATOR)]
        attrs = {"name_romanization": "machine", "profile_url": r["profile_url"]}
        entities.append(person(f"gazette:person/{slug(latin)}", latin, "OFFICIAL", "legislator", offices, aliases,
                               SRC_SANGIIN, country="JP", as_of=SANGIIN_AS_OF, attributes=attrs))
    return entities


def build_us_state_legislators(rules: WordRules) -> list[dict]:
    """Current US state legislators, matched by their full name only (case-sensitive, no
    surname, priority 2): their names are often common, so the build keeps only names no
    other legislator and no other entity of the dictionary has (`drop_weak_clashes`)."""
    rows = [r for r in _read("legislators", "us_state_legislators_openstates.csv")
            if r["current_by_dates_at_2026-08-05"] == "yes"]
    names: dict[str, int] = {}
    for r in rows:
        names[fold(clean(r["name"]))] = names.get(fold(clean(r["name"])), 0) + 1
    entities = []
    seen = set()
    for r in sorted(rows, key=lambda r: r["ocd_person_id"]):
        name = clean(r["name"])
        toks = name.split()
        if len(toks) < 2 or names[fold(name)] > 1 or any(len(t.strip(".")) < 2 for t in toks):
            continue
        if rules.all_words(name):
            continue  # "Faith Winter", "Brown Page": a phrase of words, not a name
        eid = f"gazette:person/{slug(name)}"
        if eid in seen:
            continue
        seen.add(eid)
        state = US_STATE_NAMES.get(r["state"], r["state"])
        chamber = {"upper": "State Senate", "lower": "House", "legislature": "Legislature"}.get(r["role"], "Legislature")
        title = f"Member of the {state} {chamber}" + (f", district {r['district']}" if r["district"] else "")
        offices = [office(title, r["start_date"], None, country="US", rank=RANK_LOCAL)]
        attrs = {"openstates": r["ocd_person_id"].split("/", 1)[1]}
        e = person(eid, name, "OFFICIAL", "legislator", offices, [make_alias(name, case_sensitive=True)],
                   SRC_OPENSTATES, country="US", as_of=OPENSTATES_AS_OF, attributes=attrs, priority=2)
        e["_weak"] = True
        entities.append(e)
    return entities


def first_names(min_count: int = 3) -> set[str]:
    """Folded given names that at least min_count legislators and ministers of the sources
    have ("andrew", "sarah"): a surname alias equal to one is not generated."""
    count: dict[str, int] = {}

    def add(name: str) -> None:
        toks = clean(name).split()
        if len(toks) >= 2:
            count[fold(toks[0])] = count.get(fold(toks[0]), 0) + 1

    for r in _read("legislators", "us_state_legislators_openstates.csv"):
        add(f"{r['given_name']} {r['family_name']}")
    for r in _read("legislators", "us_congress_current.csv"):
        add(f"{r['first']} {r['last']}")
    for r in _read("legislators", "uk_mps_current.csv"):
        add(r["name"])
    for r in _read("officials/ifg_uk_ministers", "person.csv"):
        add(r["name"])
    return {k for k, v in count.items() if v >= min_count}
