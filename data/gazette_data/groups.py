"""Armed and militant groups: the entities of the US Treasury's terrorism sanctions
programmes (OFAC SDN list, SDGT/FTO; public domain) that are groups rather than front
companies or charities, under the spellings news uses (curated/groups.json), and groups
designated after the snapshot (curated/groups.json `add`)."""

from __future__ import annotations

import csv
import json
import re

from .aliases import AliasList, make_alias
from .common import clean, CURATED, fold, slug, SOURCES, SRC_CURATED
from .rules import WordRules

SRC_OFAC = "ofac"  # OFAC SDN list, public domain
OFAC_AS_OF = "2024-05-03"

GROUP_WORDS = re.compile(
    r"\b(BRIGADES?|FRONT|ARMY|MOVEMENT|JIHAD|MUJAHIDEEN|MUJAHIDIN|MARTYRS|BATTALION|ISIS|ISIL|QA'?IDA|HIZBALLAH|"
    r"TALIBAN|LASHKAR|JAISH|JAYSH|KATA'?IB|ANSAR|GROUP|CARTEL|RESISTANCE|FORCES?|CORPS|HARAKAT|TEHRIK|NETWORK|"
    r"ISLAMIC STATE|TIGERS|PATH|PARTY|COMMAND|WILAYAT|PROVINCE)\b")
NOT_GROUP_WORDS = re.compile(
    r"\b(BANK|COMPANY|CO\.?|LTD\.?|LLC|INC\.?|TRADING|EXCHANGE|FOUNDATION|CHARIT\w*|RELIEF|SOCIETY|ASSOCIATION|"
    r"INVESTMENTS?|SHIPPING|HOLDINGS?|INSTITUTE|CENTER|CENTRE|COMMITTEE|FUND|OFFICE|AGENCY|SERVICES?|"
    r"INTERNATIONAL|ESTABLISHMENT|TRUST|ORGANIZATION|ORGANISATION|AIR|PRESS|MEDIA|NEWS|TV|RADIO)\b")
PARTICLES = {"al", "el", "i", "e", "ul", "wal", "of", "the", "and", "in", "for", "bin", "de", "du", "la", "ash", "ad"}


def title_case(ofac: str) -> str:
    """'JAISH-I-MOHAMMED' -> 'Jaish-i-Mohammed', "AL QA'IDA" -> "Al Qa'ida"."""
    out = []
    for i, part in enumerate(re.split(r"([ \-/])", ofac.lower())):
        if part in (" ", "-", "/") or not part:
            out.append(part)
        elif i > 0 and part in PARTICLES:
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


def is_group(name: str, fto: bool) -> bool:
    return fto or (GROUP_WORDS.search(name) is not None and NOT_GROUP_WORDS.search(name) is None)


def build_groups(rules: WordRules) -> list[dict]:
    cur = json.loads((CURATED / "groups.json").read_text(encoding="utf-8"))
    names = cur["names"]
    entities = []
    seen = set()
    with (SOURCES / "groups" / "ofac_sdn_terrorism_entities_20240503.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        raw = clean(r["name"])
        fto = r["is_fto"] == "True"
        c = names.get(raw, {})
        if c.get("skip") or not (c or is_group(raw, fto)):
            continue
        acronym = re.search(r"\(([A-Z]{2,6})\)", raw)
        base = clean(re.sub(r"\s*\([^)]*\)", "", raw))
        name = c.get("name") or title_case(base)
        eid = f"gazette:org/{slug(name)}"
        if eid in seen or len(fold(name)) < 4:
            continue
        seen.add(eid)
        al = AliasList(name)
        if rules.all_words(name):
            al.add(make_alias(name, case_sensitive=True))
        for a in c.get("aliases", []):
            al.add(a)
        if c:
            al.add(title_case(base))
        if acronym and len(acronym.group(1)) >= 3:
            al.add(make_alias(acronym.group(1), case_sensitive=True))
        # The a.k.a. names of the remarks: only multi-word ones that are not phrases of
        # English words ("THE YOUTH", "SOLDIERS OF GOD") and no bare acronyms.
        for aka in (r["akas_from_remarks"] or "").split("|"):
            aka = clean(aka)
            if len(aka.split()) < 2 or rules.all_words(aka) or re.search(r"\d", aka):
                continue
            al.add(title_case(aka))
        attrs = {"as_of": OFAC_AS_OF, "source": SRC_OFAC + (";" + SRC_CURATED if c else ""), "ofac": r["ofac_uid"],
                 "sanctions": r["programs"].replace("|", ";")}
        if c.get("country"):
            attrs["country"] = c["country"]
        entities.append({"id": eid, "name": name, "type": "ORGANIZATION", "subtype": "armed_group",
                         "aliases": al.result(), "attributes": attrs, "priority": 5})
    for c in cur["add"]:
        al = AliasList(c["name"])
        for a in c.get("aliases", []):
            al.add(make_alias(a, case_sensitive=True) if a.isupper() or re.fullmatch(r"[A-Z][a-z][A-Z]", a) else a)
        attrs = {"as_of": c["as_of"], "source": SRC_CURATED, "source_url": c["source_url"]}
        if c.get("country"):
            attrs["country"] = c["country"]
        entities.append({"id": f"gazette:org/{slug(c['name'])}", "name": c["name"], "type": "ORGANIZATION",
                         "subtype": "armed_group", "aliases": al.result(), "attributes": attrs, "priority": 5})
    return entities


