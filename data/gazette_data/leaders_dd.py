"""Heads of government and effective rulers since 1990 from the Democracy and Dictatorship
data (Cheibub, Gandhi and Vreeland 2010, as the PyPI package lifelines ships it): one row
per leader spell, the leader in power on 31 December of each year, to 2008.

A spell of `duration` years from `start_year` began in `start_year` and ended in
`start_year + duration` (the leader was no longer in power on 31 December of that year);
a spell still running in 2008 has no known end and gives no office. The title follows the
regime: the effective head of a parliamentary or mixed democracy is its prime minister, of a
presidential one its president; of a monarchy its monarch, of a dictatorship its ruler
("Leader")."""

from __future__ import annotations

import csv
import json
import re

from .aliases import AliasList
from .common import CURATED, fold, slug, SOURCES
from .leaders import surname_alias
from .people import combine, is_person, office, person, RANK_EXECUTIVE, RANK_LEADER
from .rules import WordRules

SRC_DD = "dd"  # Democracy and Dictatorship data via lifelines 0.30.3 (MIT)
DD_FILE = "dd_democracy_dictatorship.csv"
DD_AS_OF = "2008"
FIRST_YEAR = 1990
LAST_YEAR = 2008  # the data's last year: a spell still running then has no known end

TITLES = {
    "Parliamentary Dem": ("Prime Minister", "head_of_government"),
    "Mixed Dem": ("Prime Minister", "head_of_government"),
    "Presidential Dem": ("President", "head_of_state"),
    "Monarchy": ("Monarch", "head_of_state"),
    "Civilian Dict": ("Leader", "head_of_state"),
    "Military Dict": ("Leader", "head_of_state"),
}
# Country names of the data that no country entity has: states of the time take the ISO
# code of their successor.
COUNTRY_NAMES = {
    "Antigua & Barbuda": "AG", "St. Lucia": "LC", "St. Vincent and the Grenadines": "VC",
    "St. Kitts and Nevis": "KN", "Micronesia, Federated States of": "FM", "Libyan Arab Jamahiriya": "LY",
    "Democratic Republic of the Congo (Zaire, Congo-Kinshasha)": "CD",
    "Congo (Brazzaville, Republic of Congo)": "CG", "Serbia and Montenegro": "RS", "Yugoslavia": "RS",
    "Czechoslovakia": "CZ", "U.S.S.R.": "RU",
}
# A collective or unnamed ruler ("military", "Collective presidency") is nobody to tag.
NOT_A_PERSON = re.compile(r"\b(military|council|junta|presidency|committee|government|transitional)\b| \+ |&| and ", re.I)
# Letters lost in the data's encoding ("NÃ¯Â¿Â½stor"): such a name is not written out.
MANGLED = re.compile("\ufffd|ï¿½|Ã")
# Countries where a full name carries both family names and news gives the first
# ("Jorge Fernando Quiroga Ramirez" is "Jorge Quiroga").
IBERIAN = {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GT", "HN", "MX", "NI", "PA", "PE",
           "PT", "PY", "SV", "UY", "VE", "AO", "MZ", "GQ"}
PARTICLES = {"de", "del", "la", "los", "las", "da", "do", "dos", "das", "e", "y"}


def read_spells(countries: dict[str, str]) -> list[dict]:
    """The spells that reached 1990, with `cc`, `start`, `end` (None if still running in
    2008) and the title and subtype of the regime."""
    with (SOURCES / "leaders" / DD_FILE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    renames = json.loads((CURATED / "dd_names.json").read_text(encoding="utf-8"))["renames"]
    out = []
    for r in rows:
        start, years = int(r["start_year"]), int(r["duration"])
        last = start + years - 1  # the last 31 December in power
        if last < FIRST_YEAR - 1 or r["regime"] not in TITLES:
            continue
        cc = COUNTRY_NAMES.get(r["ctryname"]) or countries.get(fold(r["ctryname"]))
        if not cc:
            continue
        title, subtype = TITLES[r["regime"]]
        name = " ".join(r["ehead"].split())
        out.append({"name": renames.get(name, name), "cc": cc, "start": str(start),
                    "end": None if last >= LAST_YEAR else str(start + years), "title": title, "subtype": subtype})
    return out


def news_name(name: str, cc: str) -> str | None:
    """The short form news uses of an Iberian full name, or None."""
    toks = name.split()
    if cc not in IBERIAN or any(t.lower() in PARTICLES for t in toks):
        return None
    if len(toks) == 4:
        return f"{toks[0]} {toks[2]}"
    return None


def _tokens(text: str) -> frozenset[str]:
    return frozenset(fold(text).replace("-", " ").replace("'", "").split())


class PersonIndex:
    """People of the dictionary by country and by the words of each name and alias: a name
    of the data is the same person as one whose name has the same words, or a subset of
    them of at least two ("Perry Christie" for "Perry Gladstone Christie")."""

    def __init__(self, entities: list[dict]):
        self.by_cc: dict[str, list[tuple[frozenset, int]]] = {}
        self.exact: dict[frozenset, set[int]] = {}
        for i, e in enumerate(entities):
            if is_person(e):
                self.add(e, i)

    def add(self, e: dict, i: int) -> None:
        cc = e["attributes"].get("country", "")
        for t in [e["name"]] + [a if isinstance(a, str) else a["text"] for a in e["aliases"]]:
            toks = _tokens(t)
            if len(toks) >= 2:
                self.by_cc.setdefault(cc, []).append((toks, i))
        self.exact.setdefault(_tokens(e["name"]), set()).add(i)

    def find(self, name: str, cc: str) -> int | None | bool:
        """The index of the person, None if nobody, False if several people may be meant."""
        toks = _tokens(name)
        if len(toks) < 2:
            return None
        # The same words as a name, under any country ("EU" for a Commissioner). An alias
        # with the same words is not enough: "George Bush" is an alias of George W. Bush.
        same = self.exact.get(toks, set())
        if len(same) == 1:
            return next(iter(same))
        hits = same or {i for c in (cc, "") for t, i in self.by_cc.get(c, []) if t <= toks or toks <= t}
        if len(hits) > 1:
            return False
        return next(iter(hits)) if hits else None


def attach_dd_leaders(entities: list[dict], rules: WordRules) -> tuple[list[dict], dict[str, int]]:
    """Adds the spells to the people: a leader already in the dictionary (same country, same
    words of the name) gets the offices; the others become LEADER entries with a gazette:
    id. A name whose letters the data lost, a collective ruler, a one-word name, a name
    that may be one of several people of the dictionary, and a leader whose only spell has
    no known end are left out. Returns the entities and
    counts."""
    from .countries import country_lookup  # the countries are entities here

    look = country_lookup([e for e in entities if e["type"] == "PLACE" and e.get("subtype") in ("country", "territory")])
    spells = read_spells(look)
    out = list(entities)
    index = PersonIndex(out)
    counts = {"spells": len(spells), "merged": 0, "added": 0, "mangled": 0, "collective": 0, "no_end": 0, "ambiguous": 0, "one_word": 0}
    groups: dict[tuple[str, str], list[dict]] = {}
    for s in spells:
        if NOT_A_PERSON.search(s["name"]) or not s["name"][:1].isupper():
            counts["collective"] += 1
            continue
        groups.setdefault((s["cc"], s["name"]), []).append(s)
    pending: dict[int, list[dict]] = {}
    new: list[tuple[str, str, list[dict], str]] = []
    for (cc, name), ss in sorted(groups.items()):
        offices = [office(s["title"], s["start"], s["end"], country=cc, rank=RANK_LEADER) for s in ss if s["end"]]
        i = index.find(name, cc)
        if i is False:
            counts["ambiguous"] += 1  # "George Bush": George H. W. or George W.
            continue
        if i is not None:
            pending.setdefault(i, []).extend(offices)
            continue
        if len(name.split()) < 2:
            counts["one_word"] += 1
            continue
        if MANGLED.search(name):
            counts["mangled"] += 1
            continue
        if not offices:
            counts["no_end"] += 1
            continue
        # Two spellings of one person in the data ("Hubert Ingraham", "Hubert Alexander
        # Ingraham") are one entry.
        same = next((n for n in new if n[0] == cc and (_tokens(n[1]) <= _tokens(name) or _tokens(name) <= _tokens(n[1]))), None)
        if same:
            same[2].extend(offices)
        else:
            new.append((cc, name, offices, ss[0]["subtype"]))
    for i, offices in pending.items():
        e = _with_structured_office(out[i])
        # A spell that overlaps an office the person is known to have held adds nothing
        # but a vaguer title and dates.
        offices = [o for o in offices if not any(_overlap(o, h) for h in e.get("_offices", []))]
        if not offices:
            continue
        attrs = dict(e["attributes"])
        sources = [s for s in attrs.get("source", "").split(";") if s]
        if SRC_DD not in sources:
            attrs["source"] = ";".join(sources + [SRC_DD])
        typ, subtype = e["type"], e.get("subtype")
        if typ != "LEADER":
            typ, subtype = "LEADER", "head_of_government" if offices[0]["title"] == "Prime Minister" else "head_of_state"
        out[i] = combine(dict(e, attributes=attrs, type=typ, subtype=subtype),
                         {"name": e["name"], "type": typ, "subtype": subtype, "aliases": [], "attributes": {},
                          "_offices": offices})
        counts["merged"] += 1
    for cc, name, offices, subtype in new:
        aliases = []
        short = news_name(name, cc)
        if short:
            aliases.append(short)
        # "Oscar Arias Sanchez": of three Iberian names, which is the family name news
        # uses is not known.
        iberian_three = cc in IBERIAN and len(name.split()) == 3
        sa = None if iberian_three else surname_alias(short or name, cc, rules)
        if sa:
            aliases.append(sa)
        # "Sheikh Khalifah ibn Hamad Al Thani" is "Khalifah bin Hamad Al Thani" in news.
        plain = re.sub(r"^(Sheikh|Emir|King|Sultan|General|Gen\.|Dr\.?) ", "", name)
        if " ibn " in plain:
            aliases.append(plain.replace(" ibn ", " bin "))
        al = AliasList(name)
        for a in aliases:
            al.add(a)
        out.append(person(f"gazette:person/{slug(name)}", name, "LEADER", subtype, offices, al.result(), SRC_DD,
                          country=cc, as_of=DD_AS_OF))
        counts["added"] += 1
    return out, counts


def _with_structured_office(e: dict) -> dict:
    """e with its hand-written or generated `office*` attributes as an office, so that
    offices added to it do not hide the office it holds."""
    attrs = e["attributes"]
    if e.get("_offices") or "office" not in attrs:
        return e
    o = office(attrs["office"], attrs.get("office_start"), attrs.get("office_end"), country=attrs.get("country"),
               rank=RANK_LEADER if e["type"] == "LEADER" else RANK_EXECUTIVE)
    return dict(e, _offices=[o])


def _overlap(a: dict, b: dict) -> bool:
    """Whether two offices' years overlap (an unknown start or end is open)."""
    a0, a1 = (a.get("start") or "0000")[:4], (a.get("end") or "9999")[:4]
    b0, b1 = (b.get("start") or "0000")[:4], (b.get("end") or "9999")[:4]
    return a0 <= b1 and b0 <= a1
