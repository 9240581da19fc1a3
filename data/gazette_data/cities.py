"""Cities and towns of GeoNames that are not national capitals, and US counties."""

from __future__ import annotations

import csv
import difflib
import json
import re

from .aliases import alias_text, AliasList, make_alias
from .common import AS_OF, clean, CURATED, fold, keyed, MAJOR_CITY_POP, PRIORITY_CITY, PRIORITY_MAJOR_CITY, script_of, SOURCES, SRC_CURATED, SRC_GEONAMES
from .rules import native_ok, WordRules


# A city with a name of four letters keeps its bare name (in its written case) from this
# population (three letters or fewer need a million): "Goma", "Sumy", "Taiz", "Homs", "Aden", "Bonn" are news names, where a
# smaller "Metz" or "Kure" is qualified like a town.
SHORT_NAME_POP = 200_000


def build_cities(rules: WordRules, countries: list[dict], capitals: list[dict]) -> list[dict]:
    """Every GeoNames city of 100,000+ that is not a national capital."""
    with (SOURCES / "places" / "geonames_cities_pop100k_or_capital.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    cap_ids = {e["attributes"].get("geonames") for e in capitals}
    cap_keys = {fold(e["name"]) for e in capitals} | {fold(alias_text(a)) for e in capitals for a in e["aliases"]}
    country_keys = set()
    for e in countries:
        country_keys.add(fold(e["name"]))
        country_keys.update(fold(alias_text(a)) for a in e["aliases"])
    cnames = {e["attributes"]["country"]: e["name"] for e in countries}
    known = set(cnames)
    iso = json.loads((SOURCES / "places" / "pycountry_26.2.16_iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
    us_states = {x["code"][3:]: x["name"] for x in iso if x["code"].startswith("US-")}
    ov_all = keyed(CURATED / "city_overrides.jsonl", "geonameid")

    # The largest city of a name keeps the bare name; the others are qualified.
    rows = [r for r in rows if r["geonameid"] not in cap_ids and r["countrycode"] in known]
    rows.sort(key=lambda r: (-int(r["population"] or 0), r["geonameid"]))
    first_of: dict[str, str] = {}
    for r in rows:
        first_of.setdefault(fold(r["name"]), r["geonameid"])
    all_primary = {}
    for r in rows:
        all_primary.setdefault(fold(r["name"]), set()).add(r["geonameid"])
    # A Hangul/kana/Han name listed for several cities ("聖地牙哥": Santiago, San Diego)
    # stays only with the largest if it has 3 times the population of the next.
    native_pops: dict[str, list[tuple[int, str]]] = {}
    with (SOURCES / "places" / "geonames_cities_pop100k_or_capital.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            for alt in set(r["alternatenames"].split("|")):
                alt = clean(alt)
                if alt and script_of(alt) in ("hangul", "kana", "han"):
                    native_pops.setdefault(alt, []).append((int(r["population"] or 0), r["geonameid"]))
    # "Frankfurt" for "Frankfurt am Main", "Halle" for "Halle (Saale)": a name that is the
    # official one without its qualifier belongs to the largest city it shortens.
    short_owner: dict[str, tuple[int, str]] = {}
    for r in rows:
        for alt in set(r["alternatenames"].split("|")):
            alt = clean(alt)
            if alt and QUALIFIER.match(r["name"][len(alt):]) and r["name"].startswith(alt):
                pop = int(r["population"] or 0)
                if fold(alt) not in short_owner or short_owner[fold(alt)][0] < pop:
                    short_owner[fold(alt)] = (pop, r["geonameid"])
    native_owner = {}
    for alt, lst in native_pops.items():
        lst.sort(reverse=True)
        native_owner[alt] = lst[0][1] if len(lst) == 1 or lst[0][0] >= 3 * lst[1][0] else None

    entities = []
    for r in rows:
        gid, cc = r["geonameid"], r["countrycode"]
        ov = ov_all.get(gid, {})
        if ov.get("skip"):
            continue
        pop = int(r["population"] or 0)
        base = clean(ov.get("name") or r["name"])
        key = fold(base)
        qual = us_states.get(r["admin1code"]) if cc == "US" else cnames[cc]
        qualified = False
        if (
            key in cap_keys
            or key in country_keys
            or first_of[fold(r['name'])] != gid
            or (rules.risky(base) and pop < MAJOR_CITY_POP)
            or (key in rules.curated_org_names and pop < MAJOR_CITY_POP)
            or len(key.replace(" ", "")) <= 3 and pop < MAJOR_CITY_POP
            or len(key.replace(" ", "")) == 4 and pop < SHORT_NAME_POP
            or key in rules.drop
        ) and not ov.get("keep_name"):
            qualified = True
        clash = key in cap_keys or key in country_keys or first_of[fold(r["name"])] != gid
        name = f"{base}, {qual}" if qualified else base
        al = AliasList(name)
        small = pop < MAJOR_CITY_POP
        # Cities under 1,000,000 are matched in their written case (and bigger ones whose
        # name is also a word): lowercase forms are mostly words ("reading", "palermo").
        if small or rules.risky(base) or rules.all_words(base) or key in rules.word_places_ok or len(key) <= 4:
            al.add(make_alias(name, case_sensitive=True))
        for a in ov.get("aliases", []):
            al.add(a)
        drop = {fold(x) for x in ov.get("drop", [])}
        for alt in sorted(set(r["alternatenames"].split("|"))):
            alt = clean(alt)
            k = fold(alt)
            if not alt or k in drop or k in rules.drop or k == key:
                continue
            sc = script_of(alt)
            if sc in ("hangul", "kana", "han"):
                if (clash or native_owner.get(alt, gid) != gid) and not ov.get("keep_name"):
                    continue  # "London, Canada": ロンドン is the capital's
                # Boundary-free scripts: 2-character names only for big cities (or allow-listed).
                min_len = 2 if (pop >= MAJOR_CITY_POP and sc == "han") else 3
                if native_ok(alt, rules, min_len):
                    al.add(alt)
                continue
            if qualified or sc != "latin":
                continue
            if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", alt):
                continue
            if sum(ch.isalpha() for ch in alt) < 5 or not alt[0].isupper() or alt.isupper():
                continue
            words = re.split(r"[ \-]", alt)
            if any(w and not w[0].isupper() for w in words if w.lower() not in {"de", "la", "el", "al", "of"}):
                continue
            if rules.risky(alt) or rules.all_words(alt) or k in country_keys or k in cap_keys or (all_primary.get(k, set()) - {gid}):
                continue
            if short_owner.get(k, (0, None))[1] == gid:
                al.add(make_alias(alt, case_sensitive=True) if small else alt)
                continue
            if (
                k[:1] != key[:1]
                or abs(len(k) - len(key)) > 1
                or difflib.SequenceMatcher(None, k, key).ratio() < 0.85
            ):
                continue
            al.add(make_alias(alt, case_sensitive=True) if small else alt)
        attrs = {"country": cc, "geonames": gid, "population": str(pop), "as_of": AS_OF,
                 "source": SRC_GEONAMES + (";" + SRC_CURATED if ov else "")}
        entities.append({
            "id": ov.get("id") or f"geonames:{gid}",
            "name": name,
            "type": "PLACE",
            "subtype": "city",
            "aliases": al.result(),
            "attributes": attrs,
            "priority": ov.get("priority", PRIORITY_MAJOR_CITY if pop >= MAJOR_CITY_POP else PRIORITY_CITY),
        })
    return entities


QUALIFIER = re.compile(r"^ (?:\(|(?:am|an der|an|im|in der|upon|on|sur|del|de la|di) [A-Z])")

PRIORITY_TOWN = 4  # places of 15,000 to 100,000


def build_towns(rules: WordRules, countries: list[dict], taken: set[str], surnames: set[str]) -> list[dict]:
    """GeoNames places of 15,000 to 100,000 people (the 100,000+ file covers the rest),
    matched case-sensitively and without alternate names. A name that another place,
    country or entity already has, or that is a word, a given name or a surname of a
    person in the dictionary ("Jackson", "Warren"), is only matched qualified
    ("Jackson, Mississippi"; other countries' towns by country)."""
    with (SOURCES / "places" / "geonames_cities_pop100k_or_capital.tsv").open(encoding="utf-8") as f:
        big = {r["geonameid"] for r in csv.DictReader(f, delimiter="\t")}
    with (SOURCES / "places" / "geonames_cities15000_compact.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["geonameid"] not in big]
    cnames = {e["attributes"]["country"]: e["name"] for e in countries}
    iso = json.loads((SOURCES / "places" / "pycountry_26.2.16_iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
    us_states = {x["code"][3:]: x["name"] for x in iso if x["code"].startswith("US-")}
    rows = [r for r in rows if r["countrycode"] in cnames]
    rows.sort(key=lambda r: (-int(r["population"] or 0), r["geonameid"]))
    ov_all = keyed(CURATED / "city_overrides.jsonl", "geonameid")
    first_of: dict[str, str] = {}
    for r in rows:
        first_of.setdefault(fold(clean(r["name"])), r["geonameid"])
    entities = []
    used: set[str] = set()
    for r in rows:
        gid, cc = r["geonameid"], r["countrycode"]
        ov = ov_all.get(gid, {})
        base = clean(r["name"])
        key = fold(base)
        if len(key) < 3 or key in rules.drop or not base[:1].isupper() or ov.get("skip"):
            continue
        qual = us_states.get(r["admin1code"]) if cc == "US" else cnames[cc]
        if not qual:
            continue
        qualified = (
            key in taken or first_of[key] != gid or rules.risky(base) or rules.all_words(base)
            or len(key.replace(" ", "")) <= 4 or key in surnames or key in rules.word_places_ok
            or ov.get("qualify", False)
        )
        name = f"{base}, {qual}" if qualified else base
        if fold(name) in used or fold(name) in taken:
            continue
        used.add(fold(name))
        aliases = [make_alias(name, case_sensitive=True)]
        attrs = {"country": cc, "geonames": gid, "population": str(int(r["population"] or 0)), "as_of": AS_OF,
                 "source": SRC_GEONAMES}
        entities.append({"id": f"geonames:{gid}", "name": name, "type": "PLACE", "subtype": "city",
                         "aliases": aliases, "attributes": attrs, "priority": PRIORITY_TOWN, "_extra": "extra/towns.jsonl"})
    return entities


def build_us_counties(rules: WordRules, taken: set[str]) -> list[dict]:
    """US counties (GeoNames): "Cook County"; a name several states have is matched only
    with its state ("Washington County, Oregon")."""
    counties = json.loads((SOURCES / "places" / "us_counties.json").read_text(encoding="utf-8"))
    states = json.loads((SOURCES / "places" / "us_states.json").read_text(encoding="utf-8"))
    count: dict[str, int] = {}
    for c in counties:
        count[fold(c["name"])] = count.get(fold(c["name"]), 0) + 1
    entities = []
    for c in sorted(counties, key=lambda c: c["fips"]):
        state = states.get(c["state"], {}).get("name")
        name = clean(c["name"])
        if not state or not re.search(r" (County|Parish|Borough|Census Area|Municipality)$", name):
            continue
        qualified_name = f"{name}, {state}"
        shared = count[fold(name)] > 1 or fold(name) in taken
        canonical = qualified_name if shared else name
        al = AliasList(canonical)
        al.add(make_alias(canonical, case_sensitive=True))
        if not shared:
            al.add(make_alias(qualified_name, case_sensitive=True))
        attrs = {"country": "US", "division": "county", "fips": c["fips"], "us_state": c["state"], "as_of": AS_OF,
                 "source": "geonames-counties"}
        entities.append({"id": f"gazette:region/us-county-{c['fips']}", "name": canonical, "type": "PLACE",
                         "subtype": "region", "aliases": al.result(), "attributes": attrs, "priority": PRIORITY_TOWN})
    return entities
