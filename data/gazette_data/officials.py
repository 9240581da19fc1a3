"""Executive office holders from open data: every UK minister since 1979 (Institute for
Government Ministers Database), US presidents and vice presidents (congress-legislators
executive.yaml), US governors, lieutenant governors, attorneys general, secretaries of
state and big-city mayors (Open States)."""

from __future__ import annotations

import csv
import json
import re

from .aliases import make_alias
from .common import AS_OF, clean, CURATED, is_qid, note, slug, SOURCES
from .leaders import surname_alias
from .people import office, person, RANK_EXECUTIVE, RANK_LEADER, RANK_LOCAL
from .rules import WordRules

SRC_IFG = "ifg"  # Institute for Government Ministers Database, CC BY 4.0
SRC_CONGRESS = "congress-legislators"  # unitedstates/congress-legislators, CC0
SRC_OPENSTATES = "openstates"  # openstates/people, CC0

IFG_AS_OF = "2026-06-19"
OPENSTATES_AS_OF = "2026-08-05"
CONGRESS_AS_OF = "2026-06-15"

UK_HONORIFICS = re.compile(r"^(Lord|Baroness|Lady|Sir|Dame|Dr|The Rt Hon|Rt Hon|Viscount|Earl|Countess|Duke|Marquess)\b\.? ?")

US_STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "VI": "U.S. Virgin Islands",
}


# IfG post names that are only a rank ("Minister of State" at 46 departments).
UK_GENERIC_POSTS = {"Parliamentary Under-Secretary of State", "Minister of State", "Parliamentary Secretary",
                    "Secretary of State", "Minister without Portfolio"}


def _ifg_rows(name: str) -> list[dict]:
    with (SOURCES / "officials" / "ifg_uk_ministers" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def uk_person_id(name: str) -> str:
    return f"gazette:person/{slug(name)}"


def _dated(appointments: list[dict], name: str) -> list[dict]:
    """The appointments of one person; an end date before its start (a typo of the year in
    a few rows) becomes the start of the person's next appointment, or none, with a warning."""
    out = []
    for a in appointments:
        if a["end_date"] and a["start_date"] and a["end_date"] < a["start_date"]:
            later = sorted(b["start_date"] for b in appointments if b["start_date"] > a["start_date"])
            end = later[0] if later else ""
            note(f"warning: IfG appointment of {name} ({a['start_date']}) ends {a['end_date']}, before it starts; "
                 f"end taken as {end or 'unknown'}")
            a = dict(a, end_date=end)
        out.append(a)
    return out


def build_uk_ministers(rules: WordRules) -> list[dict]:
    """Every UK minister since 1979 with every post and its dates. A person who was ever
    Prime Minister is a LEADER. Names of other periods ("Lord Mandelson") are aliases; the
    canonical name is the latest one without a title of nobility."""
    people: dict[str, list[dict]] = {}
    for r in _ifg_rows("person.csv"):
        people.setdefault(r["id"], []).append(r)
    posts = {r["id"]: r for r in _ifg_rows("post.csv")}
    orgs = {r["id"]: r for r in _ifg_rows("organisation.csv")}
    appointments: dict[str, list[dict]] = {}
    for r in _ifg_rows("appointment.csv"):
        appointments.setdefault(r["person_id"], []).append(r)
    entities = []
    for pid in sorted(people, key=lambda p: (sorted(r["name"] for r in people[p])[0], p)):
        names = people[pid]
        plain = [r for r in names if not UK_HONORIFICS.match(r["name"])]
        chosen = sorted(plain or names, key=lambda r: (r["end_date"] != "", r["end_date"] or "", r["name"]))
        name = clean(chosen[0]["name"])
        offices = []
        ever_pm = False
        for a in _dated(appointments.get(pid, []), name):
            post = posts.get(a["post_id"])
            if post is None:
                continue
            title = clean(post["name"])
            org = orgs.get(post["organisation_id"], {}).get("name", "")
            if title == "Prime Minister":
                ever_pm = True
            rank = RANK_LEADER if title == "Prime Minister" else RANK_EXECUTIVE
            # An office names a country or an organization, not both: a UK post names the
            # country, and a rank that names no portfolio takes its department into the title.
            if org and title in UK_GENERIC_POSTS:
                title = f"{title} ({clean(org)})"
            offices.append(office(title, a["start_date"], a["end_date"], country="GB", rank=rank))
        if not offices:
            continue
        aliases = [clean(r["name"]) for r in names if clean(r["name"]) != name]
        sa = surname_alias(UK_HONORIFICS.sub("", name), "GB", rules)
        if sa:
            aliases.append(sa)
        attrs = {}
        mnis = {r["id_parliament"].split(".")[0] for r in names if r["id_parliament"]}
        if len(mnis) == 1:
            attrs["uk_parliament"] = mnis.pop()
        typ = "LEADER" if ever_pm else "OFFICIAL"
        entities.append(person(uk_person_id(name), name, typ, "head_of_government" if ever_pm else "minister",
                               offices, aliases, SRC_IFG, country="GB", as_of=IFG_AS_OF, attributes=attrs))
    return entities


def build_us_executive(rules: WordRules) -> list[dict]:
    """US presidents (LEADER) and vice presidents (OFFICIAL unless they became president),
    one entity per person with every term."""
    with (SOURCES / "officials" / "us_executive_presidents_vps.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["bioguide"] or r["name"], []).append(r)
    entities = []
    for key in sorted(by):
        rs = by[key]
        name = clean(rs[-1]["name"])
        qid = next((r["wikidata"] for r in rs if is_qid(r["wikidata"])), "")
        president = any(r["role"] == "President" for r in rs)
        offices = []
        for r in rs:
            title = "President of the United States" if r["role"] == "President" else "Vice President of the United States"
            end = r["term_end"] if r["term_end"] and r["term_end"] <= AS_OF else None
            offices.append(office(title, r["term_start"], end, country="US",
                                  rank=RANK_LEADER if r["role"] == "President" else RANK_EXECUTIVE))
        sa = surname_alias(name, "US", rules)
        entities.append(person(qid or f"gazette:person/{slug(name)}", name, "LEADER" if president else "OFFICIAL",
                               "head_of_state" if president else "official", offices, [sa] if sa else [],
                               SRC_CONGRESS, country="US", as_of=CONGRESS_AS_OF,
                               attributes={"bioguide": rs[0]["bioguide"]} if rs[0]["bioguide"] else None))
    return entities


OPENSTATES_ROLES = {
    "governor": ("Governor of {state}", "governor"),
    "lt_governor": ("Lieutenant Governor of {state}", "official"),
    "attorney general": ("Attorney General of {state}", "official"),
    "secretary of state": ("Secretary of State of {state}", "official"),
    "mayor": ("Mayor of {city}", "mayor"),
}


def build_us_state_executives(rules: WordRules) -> list[dict]:
    """Governors, lieutenant governors, attorneys general, secretaries of state and mayors.
    A row whose recorded term has ended is a former office. curated/us_state_patches.json
    lists the rows whose end date the source records wrongly, and successors, each with
    the address it was taken from."""
    patches = json.loads((CURATED / "us_state_patches.json").read_text(encoding="utf-8"))
    still_in_office = {p["name"]: p for p in patches["still_in_office"]}
    with (SOURCES / "officials" / "us_state_executives_and_mayors_openstates.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["role"] in OPENSTATES_ROLES and r["ocd_person_id"].startswith("ocd-person/")]
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["ocd_person_id"], []).append(r)
    entities = []
    for pid in sorted(by):
        rs = by[pid]
        name = clean(rs[0]["name"])
        if len(name.split()) < 2:
            continue
        offices = []
        for r in rs:
            template, _ = OPENSTATES_ROLES[r["role"]]
            state = US_STATE_NAMES.get(r["state"], r["state"])
            city = clean(r["municipality"]) or state
            title = template.format(state=state, city=f"{city}, {state}" if r["role"] == "mayor" else city)
            ended = r["current_by_dates_at_2026-08-05"] != "yes" and name not in still_in_office
            offices.append(office(title, r["start_date"], r["end_date"] if ended else None, country="US",
                                  rank=RANK_EXECUTIVE if r["role"] != "mayor" else RANK_LOCAL))
        subtype = OPENSTATES_ROLES[rs[0]["role"]][1]
        aliases = []
        # Governors' surnames are news forms ("Newsom", "Hochul"), after a full mention;
        # those of mayors and other state officials would fire after any title ("Chairman
        # Huang ...").
        sa = surname_alias(name, "US", rules) if any(r["role"] == "governor" for r in rs) else None
        if sa:
            aliases.append(make_alias(alias_of(sa), short=True))
        attrs = {"openstates": pid.split("/", 1)[1]}
        if name in still_in_office:
            attrs["source_url"] = still_in_office[name]["source_url"]
        entities.append(person(f"gazette:person/{slug(name)}", name, "OFFICIAL", subtype, offices, aliases,
                               SRC_OPENSTATES, country="US", as_of=OPENSTATES_AS_OF, attributes=attrs, priority=4))
    for p in patches["successors"]:
        offices = [office(p["office"], p["start"], None, country="US", rank=RANK_EXECUTIVE)]
        sa = surname_alias(p["name"], "US", rules)
        entities.append(person(f"gazette:person/{slug(p['name'])}", p["name"], "OFFICIAL", p.get("subtype", "governor"),
                               offices, p.get("aliases", []) + ([make_alias(alias_of(sa), short=True)] if sa else []),
                               "gazette", country="US", as_of=p["as_of"], attributes={"source_url": p["source_url"]}))
    return entities


def alias_of(a) -> str:
    return a if isinstance(a, str) else a["text"]
