"""The word rules of alias_rules.json: which source-derived aliases are dropped, qualified
or case-sensitive, and the alias hygiene applied to every entity after merging."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .aliases import alias_text, AliasList, make_alias
from .common import CURATED, fold, SOURCES


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
        self.curated_org_names: set[str] = set()  # set by the pipeline: names of hand-curated bodies
        self.demonyms = load_demonyms(raw)
        self.plural_members = {fold(x) for x in raw.get("plural_member_nouns", [])}
        # Given names of the people in the sources (set by the build: legislators.first_names).
        self.first_names: set[str] = set()
        # Surnames and given names of the people of the dictionary (set by the build).
        self.person_names: set[str] = set()

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


INITIALS = re.compile(r"^((?:[A-Z]\. ?){2,3})(\S.*)$")


def initials_spellings(entities: list[dict]) -> tuple[list[dict], int]:
    """A person whose name starts with two or three initials ("J. B. Pritzker",
    "A.J. Louderback") is also written with the initials closed up and with no dots at all:
    "J. B. Pritzker", "J.B. Pritzker" and "JB Pritzker" name the same person. The spellings
    the entity lacks are added as case-sensitive aliases. Returns the entities and the number
    of aliases added."""
    added = 0
    out = []
    for e in entities:
        m = INITIALS.match(e["name"]) if e["type"] in ("LEADER", "OFFICIAL") else None
        if not m:
            out.append(e)
            continue
        letters = re.findall(r"[A-Z]", m.group(1))
        rest = m.group(2)
        spellings = (". ".join(letters) + ". " + rest, ".".join(letters) + ". " + rest, "".join(letters) + " " + rest)
        al = AliasList(e["name"])
        for a in e["aliases"]:
            al.add(a)
        have = {e["name"]} | {alias_text(a) for a in e["aliases"]}
        for t in spellings:
            if t not in have:
                al.add(make_alias(t, case_sensitive=True))
                added += 1
        out.append(dict(e, aliases=al.result()))
    return out, added


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
