"""First-level subdivisions (ISO 3166-2 via pycountry / iso-codes)."""

from __future__ import annotations

import csv
import json
import re

from .aliases import AliasList, make_alias
from .common import AS_OF, clean, CURATED, fold, keyed, PRIORITY_REGION, script_of, SOURCES, SRC_CURATED, SRC_ISO
from .rules import native_ok, WordRules


SUBDIVISION_SUFFIXES = [
    # (country, regex on the ISO English name, replacement): extra English-style aliases
    ("CN", r"^(.+?) (Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Weiwu'er Zizhiqu|Uygur Zizhiqu|Zangzu Zizhiqu|Monggol Zizhiqu|SAR)$", r"\1"),
    ("KR", r"^(.+?)-(do|gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi)$", r"\1"),
    ("KR", r"^(.+?)-do$", r"\1 Province"),
    ("UA", r"^(.+?) oblast$", r"\1 Oblast"),
    ("RU", r"^(.+?)skaya oblast'?$", r"\1sk Oblast"),
    ("JP", r"^(.+)$", r"\1 Prefecture"),
]


# ISO subdivision types whose name news appends ("Kano State", "Punjab Province").
NEWS_FORMS = {"State", "Province", "Region", "Governorate", "Prefecture", "Oblast"}


def build_subdivisions(rules: WordRules, countries: list[dict]) -> list[dict]:
    """First-level ISO 3166-2 subdivisions (no parent in pycountry's iso3166-2.json), with
    English + ja/ko/zh names from iso3166_names_multilang.tsv."""
    iso = json.loads((SOURCES / "places" / "pycountry_26.2.16_iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
    top = {x["code"]: x for x in iso if "parent" not in x}
    names: dict[str, dict[str, list[str]]] = {}
    with (SOURCES / "places" / "iso3166_names_multilang.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["standard"] == "3166-2" and r["code"] in top and r["field"] == "name":
                names.setdefault(r["code"], {}).setdefault(r["lang"], []).append(r["name"])
    known = {e["attributes"]["country"] for e in countries}
    cnames = {e["attributes"]["country"]: e["name"] for e in countries}
    extra = keyed(CURATED / "subdivision_overrides.jsonl", "code")
    gc = json.loads((SOURCES / "places" / "geonames_countries.json").read_text(encoding="utf-8"))
    cpop = {k: int(v.get("population") or 0) for k, v in gc.items()}

    def owner(holders: dict[str, str]) -> str | None:
        """Of the subdivisions sharing a name (code -> country), the one whose country has
        at least 3 times the population of the next keeps it ("Punjab" is India's); else none."""
        ranked = sorted(holders, key=lambda c: (-cpop.get(holders[c], 0), c))
        if len(ranked) == 1:
            return ranked[0]
        a, b = cpop.get(holders[ranked[0]], 0), cpop.get(holders[ranked[1]], 0)
        return ranked[0] if a >= 3 * b else None

    def base_name(code: str) -> str:
        ov = extra.get(code, {})
        en = clean(top[code]["name"])
        en = re.sub(r"\s*\[.*\]$", "", en)
        m = re.match(r"^([^,]+), (.+)$", en)
        if m:
            en = f"{m.group(2)} {m.group(1)}"
        return ov.get("name") or en

    name_holders: dict[str, dict[str, str]] = {}
    native_holders: dict[str, dict[str, str]] = {}
    for code in top:
        cc = code.split("-")[0]
        if cc not in known or extra.get(code, {}).get("skip"):
            continue
        name_holders.setdefault(fold(base_name(code)), {})[code] = cc
        for lang in ("ja", "ko", "zh_CN", "zh_TW"):
            for t in names.get(code, {}).get(lang, []):
                native_holders.setdefault(clean(re.sub(r"\s*[\[(].*$", "", t)), {})[code] = cc
    name_owner = {k: owner(v) for k, v in name_holders.items()}
    native_owner = {k: owner(v) for k, v in native_holders.items()}

    entities = []
    for code in sorted(top):
        cc = code.split("-")[0]
        if cc not in known:
            continue
        ov = extra.get(code, {})
        if ov.get("skip"):
            continue
        en = clean(top[code]["name"])
        alts = []
        m = re.match(r"^(.*?)\s*\[(.*)\]$", en)
        if m:
            en = m.group(1).strip()
            inner = re.sub(r"\s+[A-Z]{2}-[A-Z0-9]+$", "", m.group(2)).strip()
            alts.append(inner)
        m = re.match(r"^([^,]+), (.+)$", en)
        if m:  # inverted ISO form: "Madrid, Comunidad de" -> "Comunidad de Madrid"
            en = f"{m.group(2)} {m.group(1)}"
            alts.append(m.group(1))
        for scc, pat, rep in SUBDIVISION_SUFFIXES:
            if scc == cc and re.match(pat, en):
                alts.append(re.sub(pat, rep, en))
        name = ov.get("name") or en
        qualified = False
        if (
            rules.risky(name)
            or len(fold(name).replace(" ", "")) <= 3
            or name_owner.get(fold(name), code) != code
            or re.match(r"(Saint|Sankt|St\.?|Sainte)[ \-]", name)
        ) and not ov.get("keep_name"):
            # An everyday word or given name as a region name ("Centre", "Victoria"):
            # only the country-qualified form is matched.
            qualified = True
            name = f"{name}, {cnames[cc]}"
        al = AliasList(name)
        # Region names are matched in their written case: in English text they are always
        # capitalized, and lowercase forms are words of other languages ("marche", "fars").
        al.add(make_alias(name, case_sensitive=True))
        for a in ov.get("aliases", []):
            al.add(a)
        if ov.get("name") and not qualified and en[:1].isupper():
            al.add(rules.alias(en))
        for a in alts:
            if a and a[0].isupper() and len(fold(a)) > 3 and fold(a) not in rules.drop and fold(a) not in {fold(x) for x in ov.get("drop", [])}:
                if rules.alias(a) is not None:
                    al.add(make_alias(a, case_sensitive=True))
        # The forms news uses with the unit's type: "Kano State", "Sindh Province".
        division = top[code]["type"]
        if division in NEWS_FORMS:
            base = re.sub(r",.*$", "", name)
            if not base.endswith(" " + division) and not rules.risky(base) and len(fold(base)) > 3:
                al.add(make_alias(f"{base} {division}", case_sensitive=True))
        for lang in ("ja", "ko", "zh_CN", "zh_TW"):
            for t in names.get(code, {}).get(lang, []):
                t = clean(re.sub(r"\s*[\[(].*$", "", t))
                if (
                    script_of(t) in ("hangul", "kana", "han") and native_ok(t, rules) and fold(t) not in rules.drop
                    and native_owner.get(t, code) == code
                ):
                    al.add(t)
        entities.append({
            "id": ov.get("id") or f"gazette:region/{code.lower()}",
            "name": name,
            "type": "PLACE",
            "subtype": "region",
            "aliases": al.result(),
            "attributes": {"country": cc, "iso3166_2": code, "division": top[code]["type"], "as_of": AS_OF,
                           "source": SRC_ISO + (";" + SRC_CURATED if ov else "")},
            "priority": ov.get("priority", PRIORITY_REGION),
        })
    return entities
