"""News publishers (fundus) and US newspapers (wiki-media-cred)."""

from __future__ import annotations

import csv
import html
import re

from .aliases import AliasList, make_alias
from .common import AS_OF, clean, fold, is_qid, slug, SOURCES, SRC_FUNDUS
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


SRC_WIKI_MEDIA_CRED = "wiki-media-cred"  # US newspapers with Wikidata ids (hearvox/wiki-media-cred), CC0
US_NEWSPAPERS_AS_OF = "2023-05-18"


def build_us_newspapers(rules: WordRules) -> list[dict]:
    """US newspapers from the English Wikipedia state lists, matched case-sensitively.
    Titles made only of English words ("The Defender", "Community News", "The Day") and
    titles several papers share are left out: they are phrases before they are names."""
    with (SOURCES / "media" / "us_newspapers_wikipedia_wikidata.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    titles = []
    for r in rows:
        t = clean(re.sub(r"\s*\([^)]*\)$", "", html.unescape(r["WP-title"])))
        if not t or ", " in t or len(t) < 4:
            continue
        titles.append((t, r))
    count: dict[str, int] = {}
    for t, _ in titles:
        count[fold(t)] = count.get(fold(t), 0) + 1
    entities = []
    seen = set()
    for t, r in titles:
        bare = re.sub(r"^The ", "", t)
        if count[fold(t)] > 1 or rules.all_words(bare) or rules.risky(bare):
            continue
        eid = r["qid"] if is_qid(r["qid"]) else f"gazette:org/{slug(t)}"
        if eid in seen:
            continue
        seen.add(eid)
        al = AliasList(t)
        al.add(make_alias(t, case_sensitive=True))
        if bare != t:
            al.add(make_alias(bare, case_sensitive=True))
        attrs = {"as_of": US_NEWSPAPERS_AS_OF, "source": SRC_WIKI_MEDIA_CRED, "country": "US", "us_state": clean(r["state"])}
        entities.append({"id": eid, "name": t, "type": "ORGANIZATION", "subtype": "media", "aliases": al.result(),
                         "attributes": attrs, "priority": 3, "_absorb": True})
    return entities
