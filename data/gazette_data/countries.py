"""Countries and territories (world-countries + Natural Earth) and national capitals (GeoNames)."""

from __future__ import annotations

import csv
import difflib
import json
import re

from .aliases import alias_text, AliasList
from .common import AS_OF, BuildError, note, clean, CURATED, fold, IPA_OR_MODIFIER, keyed, PRIORITY_CAPITAL, PRIORITY_COUNTRY, PRIORITY_TERRITORY, script_of, slug, SOURCES, SRC_COUNTRIES, SRC_CURATED, SRC_GEONAMES, SRC_NE
from .rules import AliasRules


def build_countries(rules: AliasRules) -> list[dict]:
    wc = json.loads((SOURCES / "places" / "world-countries_5.1.0_countries.json").read_text(encoding="utf-8"))
    with (SOURCES / "places" / "naturalearth_admin0_names_wikidata.csv").open(encoding="utf-8") as f:
        ne_rows = list(csv.DictReader(f))
    ne_a2 = {r["ISO_A2"]: r for r in ne_rows if r["ISO_A2"] != "-99"}
    ne_adm = {r["ADM0_A3"]: r for r in ne_rows}
    overrides = keyed(CURATED / "country_overrides.jsonl", "country")

    entities = []
    for c in sorted(wc, key=lambda c: c["cca2"]):
        cc = c["cca2"]
        ov = overrides.get(cc, {})
        ne = ne_a2.get(cc) or ne_adm.get(c["cca3"])
        qid = ov.get("id") or (ne["WIKIDATAID"] if ne else None)
        if not qid:
            qid = f"gazette:place/{slug(c['name']['common'])}"
        name = ov.get("name") or c["name"]["common"]
        if ov.get("subtype"):
            subtype = ov["subtype"]
        else:
            subtype = "country" if c.get("independent") else "territory"
        drop = {fold(x) for x in ov.get("drop", [])}
        sources = [SRC_COUNTRIES] + ([SRC_NE] if ne else [])

        al = AliasList(name)
        # 1. hand-written aliases first: they carry the intended flags.
        for a in ov.get("aliases", []):
            al.add(a)

        def add_src(text):
            if not isinstance(text, str):
                return
            text = clean(text)
            if len(text) < 2 or fold(text) in drop:
                return
            if IPA_OR_MODIFIER.search(text):  # phonetic junk such as "ʁɛpublika"
                return
            if text.islower() and script_of(text) == "latin":  # "ilaṅkai"
                return
            if re.fullmatch(r"[A-Z]{2}", text):  # ISO codes
                return
            if ", " in text and fold(text) != fold(name):  # inverted ISO forms "Korea, Republic of"
                return
            if " or " in text:  # "Ellan Vannin or Mannin"
                return
            al.add(rules.apply(text))

        add_src(c["name"]["common"])
        add_src(c["name"]["official"])
        for a in c.get("altSpellings", []):
            add_src(a)
        for lang in sorted(c["name"].get("native", {})):
            v = c["name"]["native"][lang]
            add_src(v.get("common"))
            add_src(v.get("official"))
        for lang in ("kor", "jpn", "zho", "rus", "ara"):
            v = c.get("translations", {}).get(lang)
            if v:
                add_src(v.get("common"))
                add_src(v.get("official"))
        if ne:
            add_src(ne["FORMAL_EN"])
            for col in ("NAME_KO", "NAME_JA", "NAME_ZH", "NAME_ZHT", "NAME_RU", "NAME_AR"):
                add_src(ne[col])

        attrs = {"country": cc, "iso3": c["cca3"], "as_of": AS_OF, "source": ";".join(sources + ([SRC_CURATED] if ov else []))}
        attrs.update(ov.get("attributes", {}))
        priority = ov.get("priority", PRIORITY_COUNTRY if subtype == "country" else PRIORITY_TERRITORY)
        entities.append(
            {
                "id": qid,
                "name": name,
                "type": "PLACE",
                "subtype": subtype,
                "aliases": al.result(),
                "attributes": attrs,
                "priority": priority,
            }
        )
    return entities


def build_capitals(rules: AliasRules, countries: list[dict]) -> list[dict]:
    gc = json.loads((SOURCES / "places" / "geonames_countries.json").read_text(encoding="utf-8"))
    with (SOURCES / "places" / "geonames_cities_pop100k_or_capital.tsv").open(encoding="utf-8") as f:
        cities = list(csv.DictReader(f, delimiter="\t"))
    by_id = {r["geonameid"]: r for r in cities}
    by_cc: dict[str, list[dict]] = {}
    for r in cities:
        by_cc.setdefault(r["countrycode"], []).append(r)
    overrides = keyed(CURATED / "capital_overrides.jsonl", "country")

    # Names already used by a country/territory: a city alias equal to one is ambiguous.
    country_keys = {}
    for e in countries:
        for t in [e["name"]] + [alias_text(a) for a in e["aliases"]]:
            country_keys.setdefault(fold(t), e["attributes"]["country"])
    # Primary names of all listed cities: an alternate equal to another city's name is ambiguous.
    city_names: dict[str, set[str]] = {}
    for r in cities:
        city_names.setdefault(fold(r["name"]), set()).add(r["geonameid"])

    wanted = sorted({e["attributes"]["country"] for e in countries})
    entities = []
    for cc in wanted:
        ov = overrides.get(cc, {})
        if ov.get("skip"):
            continue
        row = None
        if ov.get("geonameid"):
            row = by_id.get(ov["geonameid"])
            if row is None:
                raise BuildError(f"capital_overrides: geonameid {ov['geonameid']} ({cc}) not in GeoNames file")
        else:
            cap = clean(gc.get(cc, {}).get("capital", ""))
            if not cap:
                continue
            cands = [r for r in by_cc.get(cc, []) if fold(r["name"]) == fold(cap)]
            if not cands:
                cands = [
                    r
                    for r in by_cc.get(cc, [])
                    if r["is_capital_guess"] == "1" and fold(cap) in {fold(x) for x in r["alternatenames"].split("|")}
                ]
            if not cands:
                guesses = [r for r in by_cc.get(cc, []) if r["is_capital_guess"] == "1"]
                if len(guesses) == 1:
                    cands = guesses
            if not cands:
                note(f"note: no GeoNames row for capital of {cc} ({cap!r}); skipped")
                continue
            cands.sort(key=lambda r: (-int(r["population"] or 0), r["geonameid"]))
            row = cands[0]
        gid = row["geonameid"]
        name = ov.get("name") or row["name"]
        if fold(name) in country_keys and not ov.get("keep_country_name_clash"):
            # City-states (Singapore, Monaco, Luxembourg, ...): the country entry covers it.
            continue
        eid = ov.get("id") or f"geonames:{gid}"
        drop = {fold(x) for x in ov.get("drop", [])}
        al = AliasList(name)
        for a in ov.get("aliases", []):
            al.add(a)
        if ov.get("name"):
            al.add(rules.apply(row["name"]))
        for alt in sorted(set(row["alternatenames"].split("|"))):
            alt = clean(alt)
            key = fold(alt)
            if not alt or key in drop or key in rules.drop:
                continue
            sc = script_of(alt)
            if sc in ("hangul", "kana", "han"):
                if len(alt) < 2:
                    continue
                if sc in ("hangul", "kana") and len(alt.replace(" ", "")) <= 2 and alt not in rules.short_city_ok:
                    continue
                al.add(rules.apply(alt))
                continue
            if sc != "latin" or not ov.get("latin_alternates", True):
                continue
            # Conservative filter for untagged Latin-script alternates.
            if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", alt):  # ASCII only: skips most foreign forms
                continue
            letters = sum(ch.isalpha() for ch in alt)
            if letters < 4 or not alt[0].isupper() or alt.isupper():
                continue
            words = re.split(r"[ \-]", alt)
            if any(w and not w[0].isupper() for w in words if w.lower() not in {"de", "la", "el", "al", "of"}):
                continue
            if key in rules.common_words:
                continue
            if key in country_keys:
                continue
            others = city_names.get(key, set()) - {gid}
            if others:
                continue
            # Untagged alternates are mostly other languages' forms and historic names, some
            # of them words or other places ("Ariel", "Lime", "Salisbury"). Keep only close
            # spelling variants of the name; real English exonyms are listed by hand.
            base = fold(row["name"])
            if (
                key[:1] != base[:1]
                or len(key) < 5
                or abs(len(key) - len(base)) > 1
                or difflib.SequenceMatcher(None, key, base).ratio() < 0.85
            ):
                continue
            al.add(rules.apply(alt))
        attrs = {
            "country": cc,
            "capital_of": cc,
            "geonames": gid,
            "population": str(int(row["population"])),
            "as_of": AS_OF,
            "source": SRC_GEONAMES + (";" + SRC_CURATED if ov else ""),
        }
        attrs.update(ov.get("attributes", {}))
        entities.append(
            {
                "id": eid,
                "name": name,
                "type": "PLACE",
                "subtype": "city",
                "aliases": al.result(),
                "attributes": attrs,
                "priority": ov.get("priority", PRIORITY_CAPITAL),
            }
        )
    return entities


def country_lookup(countries: list[dict]) -> dict[str, str]:
    """Folded country names/aliases and QIDs to ISO alpha-2."""
    out = {}
    for e in countries:
        cc = e["attributes"]["country"]
        out.setdefault(e["id"], cc)
        for t in [e["name"]] + [alias_text(a) for a in e["aliases"]]:
            out.setdefault(fold(t), cc)
    return out
