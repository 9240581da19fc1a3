"""News publishers (fundus)."""

from __future__ import annotations

import csv
import re

from .aliases import make_alias
from .common import AS_OF, clean, fold, slug, SOURCES, SRC_FUNDUS
from .rules import WordRules


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
