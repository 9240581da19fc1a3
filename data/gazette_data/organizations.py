"""International organisations (supraverden) and political parties (Party Facts)."""

from __future__ import annotations

import csv
import json
import re

from .aliases import alias_text, AliasList, make_alias
from .common import AS_OF, clean, CURATED, fold, is_qid, script_of, slug, SOURCES, SRC_PARTYFACTS, SRC_SUPRAVERDEN
from .rules import WordRules


def build_international_orgs(rules: WordRules, taken: set) -> list[dict]:
    """Treaty-based international organisations (supraverden): English name, English
    alternates, abbreviation (at least 3 letters, or listed), zh/ru names."""
    data = json.loads((SOURCES / "organizations" / "supraverden_international_organisations.json").read_text(encoding="utf-8"))
    orv = json.loads((CURATED / "org_rules.json").read_text(encoding="utf-8"))
    bad_abbr = {fold(x) for x in orv["drop_abbreviations"]}
    ok_abbr = set(orv["keep_short_abbreviations"])
    skip = set(orv["skip_international"])
    entities = []
    seen = set()
    abbr_count: dict[str, int] = {}
    for o in data:
        a = clean(o.get("Abbreviation_en") or "")
        if a:
            abbr_count[a] = abbr_count.get(a, 0) + 1
    for o in data:
        name = clean(o.get("Name_en") or o.get("key") or "")
        qid = o.get("Wikidata_code") or ""
        if not name or o.get("key") in skip or qid in skip:
            continue
        eid = qid if is_qid(qid) else f"gazette:org/{slug(name)}"
        if eid in seen:
            continue
        seen.add(eid)
        al = AliasList(name)
        if rules.all_words(name):
            al.add(make_alias(name, case_sensitive=True))
        for k in ("Name_other_en", "Name_other_2_en"):
            t = clean(o.get(k) or "")
            if t and len(t) > 4 and t[0].isupper():
                al.add(rules.alias(t))
        ab = clean(o.get("Abbreviation_en") or "")
        if ab and abbr_count.get(ab, 0) == 1 and fold(ab) not in bad_abbr and fold(ab) not in taken:
            letters = sum(ch.isalpha() for ch in ab)
            if (letters >= 3 or ab in ok_abbr) and not rules.risky(ab):
                al.add(make_alias(ab, case_sensitive=True) if ab.isupper() else ab)
        for k in ("Name_zh", "Name_ru"):
            t = clean(o.get(k) or "")
            if t and len(t) >= 4 and script_of(t) in ("han", "cyrillic"):
                al.add(t)
        entities.append({
            "id": eid, "name": name, "type": "ORGANIZATION", "subtype": "international",
            "aliases": al.result(),
            "attributes": {"as_of": AS_OF, "source": SRC_SUPRAVERDEN, "org_family": clean(o.get("Org_family") or "")} if o.get("Org_family") else {"as_of": AS_OF, "source": SRC_SUPRAVERDEN},
            "priority": 5,
        })
    return entities


def build_parties(rules: WordRules, countries: list[dict], taken: set) -> list[dict]:
    """Active (no year_last) Party Facts parties with a vote share of at least
    org_rules.party_min_share percent, QIDs from partyfacts-wikidata-ids.csv."""
    orv = json.loads((CURATED / "org_rules.json").read_text(encoding="utf-8"))
    min_share = float(orv["party_min_share"])
    bad_abbr = {fold(x) for x in orv["drop_abbreviations"]}
    skip = set(orv.get("skip_parties", []))
    iso3 = {e["attributes"].get("iso3"): e["attributes"]["country"] for e in countries if e["attributes"].get("iso3")}
    with (SOURCES / "parties" / "partyfacts-wikidata-ids.csv").open(encoding="utf-8") as f:
        wd = {}
        for r in csv.DictReader(f):
            wd.setdefault(r["partyfacts_id"], r)
    with (SOURCES / "parties" / "partyfacts-core-parties.csv").open(encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f)
            if not r["year_last"] and not r["technical"] and r["share"] and float(r["share"]) >= min_share
        ]
    rows.sort(key=lambda r: int(r["partyfacts_id"]))
    acr_count: dict[str, int] = {}
    for r in rows:
        acr_count[clean(r["name_short"])] = acr_count.get(clean(r["name_short"]), 0) + 1
    # Generic names ("Democratic Party", "Green Party") shared by parties of several
    # countries are qualified with the country ("Green Party (Sweden)"): such a name is
    # matched only for a party that organizations.tsv gives it back to.
    cname = {e["attributes"].get("iso3"): e["name"] for e in countries if e["attributes"].get("iso3")}
    name_count: dict[str, set] = {}
    for r in rows:
        w = wd.get(r["partyfacts_id"], {})
        for t in {
            clean(w.get("name") or ""),
            clean(r["name_english"].split(" / ")[0]) if r["name_english"] else "",
            clean(r["name"].split(" / ")[0]) if r["name"] else "",
            clean(w.get("name_native") or ""),
        } - {""}:
            name_count.setdefault(fold(t), set()).add(r["partyfacts_id"])
    # The same party listed twice in one country (once without a QID): keep the QID one.
    by_country_name: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        w = wd.get(r["partyfacts_id"], {})
        nm = clean(w.get("name") or "") or (clean(r["name_english"].split(" / ")[0]) if r["name_english"] else "")
        if nm:
            by_country_name.setdefault((r["country"], fold(nm)), []).append(r)
    dup_skip = set()
    for rs in by_country_name.values():
        if len(rs) > 1:
            rs = sorted(rs, key=lambda r: (not is_qid(wd.get(r["partyfacts_id"], {}).get("wikidata_id", "")), int(r["partyfacts_id"])))
            dup_skip.update(r["partyfacts_id"] for r in rs[1:])
    for pid in dup_skip:
        for ids in name_count.values():
            ids.discard(pid)
    entities = []
    seen = set()
    for r in rows:
        if r["partyfacts_id"] in skip or r["partyfacts_id"] in dup_skip:
            continue
        w = wd.get(r["partyfacts_id"], {})
        qid = w.get("wikidata_id", "")
        eid = qid if is_qid(qid) else f"gazette:party/{r['partyfacts_id']}"
        if eid in seen:
            continue
        eng = clean(r["name_english"].split(" / ")[0]) if r["name_english"] else ""
        nat = clean(r["name"].split(" / ")[0]) if r["name"] else ""
        name = clean(w.get("name") or "") or eng or nat
        if not name or len(name) < 4 or not name[0].isupper() or fold(name).startswith("other "):
            continue
        if "[no-party]" in f"{r['name']} {r['name_english']}":
            continue  # Party Facts' non-party groupings ("Liberals [no-party]", "Islamists [no-party]")
        seen.add(eid)
        if rules.risky(name):
            # "Will", "Change", "Most": a one-word party name that is an everyday word is
            # only kept in its longer forms.
            longer = [t for t in (eng, nat) if t and fold(t) != fold(name) and not rules.risky(t) and len(t.split()) > 1]
            if not longer:
                continue
            name = longer[0]
        shared = {fold(t) for t in (name, eng, nat, clean(w.get("name_native") or "")) if t and len(name_count.get(fold(t), ())) > 1}
        # "The Republicans", "Unionists": a name that is a plural of members is matched only
        # in its country-qualified form (the native name, if any, stays an alias).
        shared |= {fold(t) for t in (name, eng, nat) if t and rules.plural_member(t)}
        if fold(name) in shared:
            name = f"{name} ({cname.get(r['country'], r['country'])})"
        al = AliasList(name)
        if rules.all_words(name):
            al.add(make_alias(name, case_sensitive=True))
        for t in (eng, nat, clean(w.get("name_native") or "")):
            if t and len(t) >= 4 and t[0].isupper() and fold(t) not in shared and not rules.plural_member(t):
                al.add(rules.alias(t))
        other = clean(r["name_other"] or "")
        m = re.match(r"^[A-Za-z ]+: (.+)$", other)
        if m:
            t = clean(m.group(1).split(" / ")[0].replace("\u200e", ""))
            if t and script_of(t) not in ("latin", "none", "mixed") and len(t) >= 3:
                al.add(t)
        ab = clean(r["name_short"])
        if (
            ab and acr_count.get(ab) == 1 and float(r["share"]) >= float(orv.get("party_acronym_min_share", 0)) and sum(ch.isalpha() for ch in ab) >= 3
            and fold(ab) not in bad_abbr and fold(ab) not in taken and fold(ab) not in rules.english
            and ab == ab.upper()
        ):
            al.add(make_alias(ab, case_sensitive=True))
        attrs = {"as_of": AS_OF, "source": SRC_PARTYFACTS, "partyfacts": r["partyfacts_id"],
                 "vote_share": r["share"], "vote_share_year": r["share_year"]}
        if r["country"] in iso3:
            attrs["country"] = iso3[r["country"]]
        entities.append({"id": eid, "name": name, "type": "ORGANIZATION", "subtype": "party",
                         "aliases": al.result(), "attributes": attrs, "priority": 4})
    return entities


def absorb_duplicates(entities: list[dict]) -> tuple[list[dict], int]:
    """Generated organizations marked `_absorb` (companies, newspapers, groups) that share a
    name or alias with an organization met earlier (curated ones come first) are merged
    into it: their aliases and source tags join it, and they are dropped. Returns the
    entities and how many were absorbed."""
    index: dict[str, dict] = {}
    out: list[dict] = []
    replaced: dict[int, dict] = {}
    absorbed = 0

    def keys(e):
        # A company's name without its legal form ("Intel" of "Intel Corporation") finds
        # the curated entry even when that form is not matched on its own.
        base = [fold(e["_base"])] if e.get("_base") else []
        return [fold(e["name"])] + [fold(alias_text(a)) for a in e["aliases"]] + base

    for e in entities:
        if e.get("type") == "ORGANIZATION" and not e.get("_absorb"):
            for k in keys(e):
                index.setdefault(k, e)
    for e in entities:
        if e.get("type") != "ORGANIZATION" or not e.get("_absorb"):
            out.append(e)
            continue
        target = next((index[k] for k in keys(e) if k in index), None)
        if target is None or target is e:
            for k in keys(e)[: len(keys(e)) - (1 if e.get("_base") else 0)]:
                index.setdefault(k, e)
            out.append(e)
            continue
        t = replaced.get(id(target), target)
        al = AliasList(t["name"])
        for a in t["aliases"] + [e["name"]] + e["aliases"]:
            al.add(a)
        attrs = dict(t["attributes"])
        srcs = attrs.get("source", "").split(";")
        srcs += [s for s in e["attributes"].get("source", "").split(";") if s not in srcs]
        attrs["source"] = ";".join(s for s in srcs if s)
        for k, v in e["attributes"].items():
            attrs.setdefault(k, v)
        replaced[id(target)] = dict(t, aliases=al.result(), attributes=attrs)
        absorbed += 1
    return [replaced.get(id(e), e) for e in out], absorbed
