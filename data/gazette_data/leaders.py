"""Heads of state and government from the Wikidata extract: current ones, and former ones
whose office ended in 1990 or later."""

from __future__ import annotations

import csv
import json
import re

from .aliases import alias_text, AliasList, make_alias
from .common import AS_OF, BuildError, clean, CURATED, fold, is_qid, script_of, SOURCES, SRC_LEADERS_NATIVE, SRC_WIKIDATA
from .countries import country_lookup
from .rules import WordRules


HOG_WORDS = re.compile(r"prime minister|premier|chancellor|taoiseach|council of ministers|president of the government", re.I)


def surname_alias(name: str, cc: str, rules: WordRules):
    """A bare surname for a generated person: plain if distinctive (listed), else short."""
    if cc in ("CN", "TW", "KR", "KP", "HK", "MO", "VN", "HU", "KH", "MM", "TH", "LA", "ID", "MN", "BT", "BN"):
        return None  # family name first, patronymic or mononymous naming: curated by hand
    toks = name.replace(",", " ").split()
    if len(toks) < 2 or len(toks) > 4:
        return None
    if any(re.fullmatch(r"[IVX]+|Jr\.?|Sr\.?", t) for t in toks):
        return None
    if any(t.lower() in {"of", "bin", "bint", "al", "ibn", "von", "van", "de", "da", "del", "la", "le"} for t in toks[:-1]):
        return None
    last = toks[-1]
    if not last[0].isupper() or sum(ch.isalpha() for ch in last) < 4 or fold(last) in rules.not_surnames:
        return None
    # A surname that is a word or a given name ("Green", "Andrew") would fire after any
    # title ("Minister for Energy and Green ...", "Governor Andrew Cuomo").
    if fold(last) not in rules.distinctive and (
        fold(last) in rules.english or fold(last) in rules.given or fold(last) in rules.first_names
    ):
        return None
    if fold(last) in rules.distinctive:
        return make_alias(last)
    return make_alias(last, short=True)


def build_leaders(rules: WordRules, countries: list[dict]) -> list[dict]:
    """Current heads of state and government from the Wikidata extract: rows with no end
    year, the latest start per office, minus the rows leader_rules.json drops."""
    lr = json.loads((CURATED / "leader_rules.json").read_text(encoding="utf-8"))
    drop = set(lr["drop_holders"])
    drop_pos = set(lr["drop_positions"])
    labels = lr["labels"]
    extra_cc = lr["country_codes"]
    with (SOURCES / "leaders" / "wikidata_heads_of_state_government.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if not r["end_year"]]
    with (SOURCES / "leaders" / "asean_g20_eu_au_leaders_native_names.csv").open(encoding="utf-8") as f:
        native = {}
        for r in csv.DictReader(f):
            if r["wikidata_id"]:
                native.setdefault(r["wikidata_id"], r)
    look = country_lookup(countries)
    latest: dict[str, str] = {}
    for r in rows:
        if r["officeholder"] in drop or r["position"] in drop_pos:
            continue
        latest[r["position"]] = max(latest.get(r["position"], "0"), r["start_year"])
    by_holder: dict[str, list[dict]] = {}
    for r in rows:
        if r["officeholder"] in drop or r["position"] in drop_pos or r["start_year"] != latest.get(r["position"]):
            continue
        by_holder.setdefault(r["officeholder"], []).append(r)
    entities = []
    for qid in sorted(by_holder):
        rs = sorted(by_holder[qid], key=lambda r: (-int(r["start_year"]), r["positionLabel"]))
        r = rs[0]
        name = labels.get(qid) or clean(r["officeholderLabel"])
        if is_qid(name):
            raise BuildError(f"leader_rules.json: no label for {qid} ({r['positionLabel']})")
        cc = extra_cc.get(r["countryid"]) or look.get(r["countryid"]) or look.get(fold(r["country"]))
        if not cc:
            raise BuildError(f"leaders: no country code for {r['country']} ({r['countryid']})")
        office = r["positionLabel"]
        office = office[:1].upper() + office[1:]
        attrs = {"country": cc, "office": office, "office_start": r["start_year"], "as_of": AS_OF, "source": SRC_WIKIDATA}
        al = AliasList(name)
        nv = native.get(qid)
        if nv:
            attrs["source"] += ";" + SRC_LEADERS_NATIVE
            if nv["since"] and nv["since"][:4] == r["start_year"]:
                attrs["office_start"] = nv["since"]
            loc = clean(nv["name_local"])
            if loc and script_of(loc) not in ("latin", "none"):
                al.add(loc)
        sa = surname_alias(name, cc, rules)
        if sa:
            al.add(sa)
        entities.append({
            "id": qid, "name": name, "type": "LEADER",
            "subtype": "head_of_government" if HOG_WORDS.search(office) else "head_of_state",
            "aliases": al.result(), "attributes": attrs, "priority": 5,
        })
    return entities


def build_former_leaders(rules: WordRules, countries: list[dict], current_ids: set[str]) -> list[dict]:
    """Holders of the Wikidata extract whose office ended in 1990 or later and who hold no
    current office there: LEADER with `office_end` (the guidelines type a person by the
    whole career, so older news resolves)."""
    lr = json.loads((CURATED / "leader_rules.json").read_text(encoding="utf-8"))
    labels = lr["labels"]
    extra_cc = lr["country_codes"]
    drop_pos = set(lr["drop_positions"])
    with (SOURCES / "leaders" / "wikidata_heads_of_state_government.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["end_year"].isdigit() and int(r["end_year"]) >= 1990 and r["position"] not in drop_pos]
    look = country_lookup(countries)
    by_holder: dict[str, list[dict]] = {}
    for r in rows:
        if r["officeholder"] not in current_ids:
            by_holder.setdefault(r["officeholder"], []).append(r)
    entities = []
    for qid in sorted(by_holder):
        r = sorted(by_holder[qid], key=lambda r: (-int(r["end_year"]), r["positionLabel"]))[0]
        name = labels.get(qid) or clean(r["officeholderLabel"])
        cc = extra_cc.get(r["countryid"]) or look.get(r["countryid"]) or look.get(fold(r["country"]))
        if is_qid(name) or not cc:
            continue
        office = r["positionLabel"][:1].upper() + r["positionLabel"][1:]
        attrs = {"country": cc, "office": office, "office_start": r["start_year"], "office_end": r["end_year"],
                 "as_of": AS_OF, "source": SRC_WIKIDATA}
        al = AliasList(name)
        sa = surname_alias(name, cc, rules)
        if sa:
            al.add(make_alias(alias_text(sa), short=True))
        entities.append({
            "id": qid, "name": name, "type": "LEADER",
            "subtype": "head_of_government" if HOG_WORDS.search(office) else "head_of_state",
            "aliases": al.result(), "attributes": attrs, "priority": 5,
        })
    return entities
