"""People with their offices over time: the shape every person converter builds (offices
as `{"title", "country" | "organization", "start", "end"}`, the current one copied into
the `office*` attributes), and the merge of the same person found in several sources."""

from __future__ import annotations

import re

from .aliases import alias_key, AliasList, alias_text
from .common import AS_OF, fold, is_qid

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# How much an office says about a person, best first: the office shown in `office` is the
# best current one (a minister who is also an MP is shown as the minister).
RANK_LEADER = 0
RANK_EXECUTIVE = 1
RANK_LEGISLATOR = 2
RANK_LOCAL = 3


def office(title: str, start: str | None, end: str | None, *, country: str | None = None,
           organization: str | None = None, rank: int = RANK_EXECUTIVE) -> dict:
    """One office; dates are YYYY[-MM[-DD]] or None (start unknown, or still held)."""
    o = {"title": title}
    if country:
        o["country"] = country
    if organization:
        o["organization"] = organization
    o["start"] = start or None
    o["end"] = end or None
    o["_rank"] = rank
    return o


def current_office(offices: list[dict]) -> dict | None:
    """The office to show: the best-ranked one still held (latest start first), else the
    one that ended last."""
    if not offices:
        return None
    held = [o for o in offices if not o.get("end")]
    if held:
        return sorted(held, key=lambda o: (o.get("_rank", RANK_EXECUTIVE), _neg(o.get("start"))))[0]
    return sorted(offices, key=lambda o: (_neg(o.get("end")), o.get("_rank", RANK_EXECUTIVE)))[0]


def _neg(date: str | None) -> tuple:
    """Sort key putting later dates first, unknown dates last."""
    if not date:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in date))


def office_attributes(offices: list[dict]) -> dict[str, str]:
    o = current_office(offices)
    if o is None:
        return {}
    attrs = {"office": o["title"]}
    if o.get("country"):
        attrs["country"] = o["country"]
    if o.get("start"):
        attrs["office_start"] = o["start"]
    if o.get("end"):
        attrs["office_end"] = o["end"]
    return attrs


def person(eid: str, name: str, typ: str, subtype: str, offices: list[dict], aliases: list,
           source: str, *, country: str | None = None, priority: int = 5, as_of: str = AS_OF,
           attributes: dict | None = None) -> dict:
    al = AliasList(name)
    for a in aliases:
        al.add(a)
    attrs = {"as_of": as_of, "source": source}
    if country:
        attrs["country"] = country
    attrs.update(office_attributes(offices))
    attrs.update(attributes or {})
    return {"id": eid, "name": al.name, "type": typ, "subtype": subtype, "aliases": al.result(),
            "attributes": attrs, "priority": priority, "_offices": list(offices)}


def public_offices(offices: list[dict]) -> list[dict]:
    """The offices as written to the dictionary: without the internal rank, sorted by start."""
    out = []
    seen = set()
    for o in sorted(offices, key=lambda o: (o.get("start") or "", o.get("end") or "9999", o["title"])):
        clean = {k: o[k] for k in ("title", "country", "organization", "start", "end") if k in o}
        key = tuple(sorted((k, v or "") for k, v in clean.items()))
        if key not in seen:
            seen.add(key)
            out.append(clean)
    return out


def is_person(e: dict) -> bool:
    return e.get("type") in ("LEADER", "OFFICIAL")


def _primary(group: list[dict]) -> dict:
    """The entity whose id and fields win: a Wikidata id first, then curated, then the
    first found."""
    def rank(e):
        srcs = e["attributes"].get("source", "").split(";")
        return (not is_qid(e["id"]), "gazette" not in srcs)
    return sorted(group, key=rank)[0]


def merge_people(entities: list[dict]) -> tuple[list[dict], int]:
    """Merges people that several sources list (same folded name and country): the primary
    keeps its id and fields, the others add their aliases, offices, sources and missing
    attributes; LEADER wins over OFFICIAL (the guidelines decide the type by the whole
    career). Returns the entities and how many were merged away."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for e in entities:
        if is_person(e) and not e.get("_weak"):
            groups.setdefault((fold(e["name"]), e["attributes"].get("country", "")), []).append(e)
    # A person without a country (an international official) joins the only group of
    # that name, if there is exactly one.
    by_name: dict[str, list[tuple[str, str]]] = {}
    for key in groups:
        by_name.setdefault(key[0], []).append(key)
    for key in list(groups):
        if key[1] == "" and key in groups:
            others = [k for k in by_name[key[0]] if k != key and k in groups]
            if len(others) == 1:
                groups[others[0]].extend(groups.pop(key))
    replaced: dict[int, dict | None] = {}
    merged_away = 0
    for group in groups.values():
        ids = {e["id"] for e in group}
        qids = {i for i in ids if is_qid(i)}
        if len(group) < 2 or len(qids) > 1:
            continue  # two Wikidata ids: two people of one name
        p = _primary(group)
        rest = [e for e in group if e is not p]
        out = p
        for e in rest:
            out = combine(out, e)
        replaced[id(p)] = out
        for e in rest:
            replaced[id(e)] = None
            merged_away += 1
    result = []
    for e in entities:
        r = replaced.get(id(e), e)
        if r is not None:
            result.append(r)
    return result, merged_away


def combine(p: dict, e: dict) -> dict:
    """p with e merged into it: p's id, name and attributes win; e adds its name and
    aliases, its offices, its sources and the attributes p lacks; LEADER wins over OFFICIAL.
    The current office is worked out again from all offices, unless p's was written by
    hand without structured offices."""
    al = AliasList(p["name"])
    for a in p["aliases"]:
        al.add(a)
    if fold(e["name"]) != fold(p["name"]):
        al.add(e["name"])
    for a in e["aliases"]:
        al.add(a)
    attrs = dict(p["attributes"])
    for k, v in e["attributes"].items():
        attrs.setdefault(k, v)
    sources = [s for s in p["attributes"].get("source", "").split(";") if s]
    sources += [s for s in e["attributes"].get("source", "").split(";") if s and s not in sources]
    attrs["source"] = ";".join(sources)
    offices = list(p.get("_offices", [])) + list(e.get("_offices", []))
    typ, subtype = p["type"], p.get("subtype")
    if e["type"] == "LEADER" and typ != "LEADER":
        typ, subtype = "LEADER", e.get("subtype")
    if offices and not _has_curated_office(p):
        for k in ("office", "office_start", "office_end"):
            attrs.pop(k, None)
        attrs.update({k: v for k, v in office_attributes(offices).items() if k != "country" or "country" not in attrs})
    return dict(p, type=typ, subtype=subtype, aliases=al.result(), attributes=attrs, _offices=offices,
                priority=max(p.get("priority", 0), e.get("priority", 0)))


def _has_curated_office(e: dict) -> bool:
    """A hand-written `office` without structured offices: it stays as written."""
    return "office" in e["attributes"] and not e.get("_offices")


def alias_texts(e: dict) -> list[str]:
    return [e["name"]] + [alias_text(a) for a in e["aliases"]]


def drop_weak_clashes(entities: list[dict]) -> tuple[list[dict], int]:
    """Entities built only where nothing else claims their names (`_weak`: US state
    legislators) are dropped when any alias of theirs is a name or alias of another entity."""
    owners: dict[tuple[str, str], int] = {}
    for e in entities:
        if e.get("_weak"):
            continue
        for a in [e["name"]] + e["aliases"]:
            owners[(alias_key(a)[0], "")] = 1
    out = []
    dropped = 0
    for e in entities:
        if e.get("_weak") and any((alias_key(a)[0], "") in owners for a in [e["name"]] + e["aliases"]):
            dropped += 1
            continue
        out.append(e)
    return out, dropped


def unique_ids(entities: list[dict], taken: set[str]) -> list[dict]:
    """One entity per id. Two people of one name have one slug: the later gets its country,
    then a number, appended. Two entities with one Wikidata id are one person: combined."""
    out: list[dict] = []
    at: dict[str, int] = {}
    for e in entities:
        eid = e["id"]
        if eid in at and is_qid(eid):
            out[at[eid]] = combine(out[at[eid]], e)
            continue
        if eid in at or eid in taken:
            cc = e["attributes"].get("country", "").lower()
            eid = f"{e['id']}-{cc}" if cc else e["id"]
            n = 2
            while eid in at or eid in taken:
                eid = f"{e['id']}-{n}"
                n += 1
            e = dict(e, id=eid)
        at[eid] = len(out)
        out.append(e)
    return out
