"""Listed companies: the members of 20 stock indices (pytickersymbols, MIT) and listed
companies of mid cap and up (FinanceDatabase, MIT), under their names without the legal
form and with the legal-suffix variants news prints ("Toyota Motor Corp.", "Samsung
Electronics Co.", "Volkswagen AG", "BP plc")."""

from __future__ import annotations

import csv
import re

from .aliases import AliasList, make_alias
from .common import clean, fold, slug, SOURCES
from .rules import WordRules

SRC_PYTICKERSYMBOLS = "pytickersymbols"  # stock-index members, MIT
SRC_FINANCEDATABASE = "financedatabase"  # FinanceDatabase equities, MIT
PYTICKERSYMBOLS_AS_OF = "2026-03"
FINANCEDATABASE_AS_OF = "2026-08-16"

# Listing noise after the name ("Depositary receipts", "Common Stock", "SP.ADR 2 LS -,20").
LISTING_NOISE = re.compile(r"\s+(Depositary receipts?|Common Stock|Ordinary Shares?|Class [A-C]|ADR|Sponsored ADR|"
                           r"Registered Shares?|Units?|Shares|\(The\))$", re.I)
JUNK = re.compile(r"SP\.ADR|\s-,|\d+\s+LS\b|/\s*$")

# Legal forms, longest first, with the spellings news uses for each.
LEGAL_FORMS = [
    (r"Public Company Limited", ["Public Company Limited", "PCL"]),
    (r"Co\.,?\s?Ltd\.?", ["Co.", "Co., Ltd."]),
    (r"Company,? Limited", ["Co.", "Co., Ltd.", "Company Limited"]),
    (r"Kaisha,? Ltd\.?", ["Kaisha"]),
    (r"Corporation", ["Corp.", "Corporation"]),
    (r"Corp\.?", ["Corp.", "Corporation"]),
    (r"Incorporated", ["Inc."]),
    (r"Inc\.?", ["Inc."]),
    (r"Company", ["Co.", "Company"]),
    (r"Co\.", ["Co."]),
    (r"Limited", ["Ltd.", "Limited"]),
    (r"Ltd\.?", ["Ltd.", "Limited"]),
    (r"P\.?L\.?C\.?|p\.l\.c\.|plc", ["plc", "PLC"]),
    (r"& Co\.?", []),
    (r"S\.?A\.?B\.? de C\.?V\.?", ["SAB de CV"]),
    (r"S\.?p\.?A\.?", ["SpA"]),
    (r"SA/NV|N\.?V\.?|S\.?A\.?|AG|SE|ASA|A/S|AB|Oyj|Abp|GmbH|KGaA|Tbk\.?|Berhad|Bhd\.?|L\.?P\.?|LLC|"
     r"Holdings? AG", []),
]
LEGAL_RE = [(re.compile(rf"(?:,\s*|\s+)(?:{pat})$"), variants) for pat, variants in LEGAL_FORMS]
PREFIXES = re.compile(r"^(PT|P\.T\.)\s+")


def split_legal(name: str) -> tuple[str, str, list[str]]:
    """(base, legal form as written, news variants): 'Toyota Motor Corporation' ->
    ('Toyota Motor', 'Corporation', ['Corp.', 'Corporation'])."""
    name = PREFIXES.sub("", name)
    name = re.sub(r"\s*\(Persero\)", "", name)
    for rx, variants in LEGAL_RE:
        m = rx.search(name)
        if m and m.start() > 1:
            written = m.group(0).lstrip(", ").strip()
            return name[: m.start()].strip(" ,"), written, variants or [written]
    return name, "", []


def company(name: str, country: str | None, source: str, as_of: str, rules: WordRules, extra: dict | None = None) -> dict | None:
    name = clean(name)
    while LISTING_NOISE.search(name):
        name = clean(LISTING_NOISE.sub("", name))
    if not name or JUNK.search(name) or name.islower():
        return None
    base, written, variants = split_legal(name)
    base = clean(base)
    if len(fold(base)) < 2 or not re.search(r"[A-Za-z]", base) or len(fold(base)) <= 3 and fold(base) in rules.english:
        return None
    # A one-word name that is a person's name in the dictionary ("Lindsay", "Suzuki")
    # names people more often than the company.
    risky = (rules.risky(base) or len(base.replace(" ", "")) <= 3 and not base.isupper()
             or " " not in base and fold(base) in rules.person_names)
    # A bare name that is a word ("Target", "Progressive") is matched only with its legal
    # form; a bare name of one short word only if it is written in capitals ("BP", "SAP").
    canonical = name if risky and written else base
    if risky and not written:
        return None
    al = AliasList(canonical)
    if rules.all_words(canonical):
        al.add(make_alias(canonical, case_sensitive=True))
    full_forms = [f"{base} {v}" for v in variants]
    for t in [name] + full_forms:
        if t != canonical and not t.islower():
            al.add(make_alias(t, case_sensitive=True) if rules.all_words(t) else t)
    if not risky and canonical != base and not base.islower():
        al.add(base)
    attrs = {"as_of": as_of, "source": source}
    if country:
        attrs["country"] = country
    attrs.update(extra or {})
    return {"id": f"gazette:org/{slug(canonical)}", "name": canonical, "type": "ORGANIZATION", "subtype": "company",
            "aliases": al.result(), "attributes": attrs, "priority": 4, "_absorb": True, "_base": base}


def build_companies(rules: WordRules, country_of: dict[str, str]) -> list[dict]:
    """Index members first (their names are the short ones news uses), then the listed
    companies of FinanceDatabase; one entity per id."""
    entities = []
    seen = set()
    with (SOURCES / "companies" / "pytickersymbols_index_constituents.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    indices: dict[str, list[str]] = {}
    for r in rows:
        indices.setdefault(r["name"], []).append(r["index"])
    for r in rows:
        if r["name"] in seen:
            continue
        seen.add(r["name"])
        cc = country_of.get(fold(r["country"]))
        e = company(r["name"], cc, SRC_PYTICKERSYMBOLS, PYTICKERSYMBOLS_AS_OF, rules,
                    {"stock_index": ";".join(sorted(set(indices[r["name"]])))})
        if e:
            entities.append(e)
    with (SOURCES / "companies" / "financedatabase_equities_midcap_plus.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            cc = country_of.get(fold(r["country"]))
            e = company(r["name"], cc, SRC_FINANCEDATABASE, FINANCEDATABASE_AS_OF, rules,
                        {"market_cap": r["market_cap_class"]} if r["market_cap_class"] else None)
            if e:
                entities.append(e)
    out = []
    ids = set()
    for e in entities:
        if e["id"] not in ids:
            ids.add(e["id"])
            out.append(e)
    return out
