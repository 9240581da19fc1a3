"""Hand-curated entities (data/curated/*.jsonl and *.tsv, and the officials of
data/curated/officials/*.jsonl) and their merge with generated ones."""

from __future__ import annotations


import json
import re

from .aliases import alias_text, AliasList, make_alias, parse_alias_cell
from .common import AS_OF, BuildError, clean, CURATED, ENTITY_KEYS, fold, is_qid, note, read_jsonl, read_tsv, script_of, slug, SRC_CURATED
from .people import combine, current_office, DATE, office, person, RANK_EXECUTIVE, RANK_LEADER


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
            if "office" in obj.get("attributes", {}):
                # A hand-written office replaces the generated one with its dates.
                for k in ("office", "office_start", "office_end"):
                    attrs.pop(k, None)
            attrs.update(obj.get("attributes", {}))
            if SRC_CURATED not in attrs.get("source", "").split(";"):
                attrs["source"] = attrs.get("source", "") + ";" + SRC_CURATED
            merged["attributes"] = attrs
            merged["_where"] = f"{where}:{n}"
            by_id[eid] = merged
    return list(by_id.values())


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


OFFICIALS_DIR = "officials"
OFFICIAL_KEYS = {"name", "type", "subtype", "aliases", "offices", "as_of", "source_url", "id", "native"}
LEADER_SUBTYPES = {"head_of_state", "head_of_government"}
HEAD_OF_GOVERNMENT = re.compile(r"prime minister|premier|chancellor|taoiseach|president of the government", re.I)
# Subtypes curators write, and the dictionary's name for each.
OFFICIAL_SUBTYPES = {
    "minister": "minister", "minister_of_state": "minister", "deputy_head_of_government": "minister",
    "adviser": "adviser", "head_of_organization": "head_of_organization",
    "deputy_head_of_organization": "head_of_organization", "agency_head": "head_of_organization",
    "central_bank_governor": "head_of_organization", "commissioner": "official", "chief_minister": "governor",
    "governor": "governor", "mayor": "mayor", "legislator": "legislator", "military_commander": "military",
    "military": "military", "opposition_leader": "opposition_leader", "armed_group_leader": "armed_group_leader",
    "official": "official", "judge": "official",
}


def _date_ok(v) -> bool:
    return v is None or (isinstance(v, str) and DATE.fullmatch(v) is not None)


def curated_official_problem(row: dict) -> str | None:
    """Why a row of curated/officials/*.jsonl cannot be used, or None."""
    if not isinstance(row.get("name"), str) or len(row["name"].split()) < 1 or len(row["name"]) < 2:
        return "no name"
    if row.get("type") not in ("LEADER", "OFFICIAL"):
        return f"type {row.get('type')!r} is not LEADER or OFFICIAL"
    if not isinstance(row.get("source_url"), str) or not row["source_url"].startswith(("http://", "https://")):
        return "no source_url"
    if not isinstance(row.get("as_of"), str) or not DATE.fullmatch(row["as_of"]):
        return "no as_of (YYYY[-MM[-DD]])"
    offices = row.get("offices")
    if not isinstance(offices, list) or not offices:
        return "no offices"
    for o in offices:
        if not isinstance(o, dict) or not isinstance(o.get("title"), str) or not o["title"].strip():
            return "an office without a title"
        if not (isinstance(o.get("country"), str) and re.fullmatch(r"[A-Z]{2}", o["country"])) and not isinstance(o.get("organization"), str):
            return f"office {o.get('title')!r} has neither an ISO country nor an organization"
        if not _date_ok(o.get("start")) or not _date_ok(o.get("end")):
            return f"office {o['title']!r} has a date that is not YYYY[-MM[-DD]]"
    for key in ("aliases", "native"):
        if not isinstance(row.get(key, []), list) or not all(isinstance(a, str) for a in row.get(key, [])):
            return f"{key} must be a list of strings"
    if row.get("id") is not None and not is_qid(str(row["id"])):
        return f"id {row['id']!r} is not a Wikidata id"
    return None


def load_curated_officials(rules) -> list[dict]:
    """Every row of curated/officials/*.jsonl that passes `curated_official_problem` (the
    others are reported as notes), as a person with offices. A one-word alias is a short
    form (it counts only after a full mention) unless listed in distinctive_surnames."""
    entities: dict[str, dict] = {}
    for path in sorted((CURATED / OFFICIALS_DIR).glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"curated/{OFFICIALS_DIR}/{path.name}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    note(f"warning: {where}: skipped, invalid JSON: {e}")
                    continue
                problem = curated_official_problem(row) if isinstance(row, dict) else "not a JSON object"
                if problem:
                    note(f"warning: {where}: skipped, {problem}")
                    continue
                e = _official(row, rules)
                e["_where"] = where
                if e["id"] in entities:
                    entities[e["id"]] = combine(entities[e["id"]], e)
                else:
                    entities[e["id"]] = e
    return list(entities.values())


def _official(row: dict, rules) -> dict:
    name = clean(row["name"])
    offices = []
    for o in row["offices"]:
        leader_office = row["type"] == "LEADER" and re.search(r"president|prime minister|premier|chancellor|king|queen|emir|sultan|monarch|supreme leader", o["title"], re.I)
        offices.append(office(clean(o["title"]), o.get("start"), o.get("end"), country=o.get("country"),
                              organization=clean(o["organization"]) if isinstance(o.get("organization"), str) else None,
                              rank=RANK_LEADER if leader_office else RANK_EXECUTIVE))
    held = current_office(offices)
    if row["type"] == "LEADER":
        subtype = row.get("subtype") if row.get("subtype") in LEADER_SUBTYPES else (
            "head_of_government" if HEAD_OF_GOVERNMENT.search(held["title"]) else "head_of_state")
    else:
        subtype = OFFICIAL_SUBTYPES.get(row.get("subtype") or "", "official")
    aliases = []
    for a in row.get("aliases", []) + row.get("native", []):
        a = clean(a)
        if not a:
            continue
        one_word = " " not in a and script_of(a) in ("latin", "cyrillic", "mixed")
        aliases.append(make_alias(a, short=True) if one_word and fold(a) not in rules.distinctive else a)
    country = next((o["country"] for o in [held] + offices if o.get("country")), None)
    eid = row["id"] if row.get("id") else f"gazette:person/{slug(name)}"
    attrs = {"source_url": row["source_url"]}
    return person(eid, name, row["type"], subtype, offices, aliases, SRC_CURATED, country=country,
                  as_of=row["as_of"], attributes=attrs)


ORGANIZATIONS_DIR = "organizations"
ALIAS_ADDITIONS = "alias_additions.jsonl"
# Kinds curators write in curated/organizations/*.jsonl, and the dictionary subtype of each;
# a kind that is not itself a subtype is kept in the `kind` attribute.
ORGANIZATION_KINDS = {
    "media": "media", "broadcaster": "media", "wire_agency": "media", "platform": "company",
    "company": "company", "agency": "government", "ministry": "government", "central_bank": "government",
    "regulator": "government", "legislature": "government", "election_commission": "government",
    "court": "government", "government": "government", "military": "military", "party": "party",
    "armed_group": "armed_group", "international": "international", "university": "education",
    "think_tank": "research",
}


def curated_organization_problem(row: dict, additions: bool) -> str | None:
    """Why a row of curated/organizations/*.jsonl cannot be used, or None."""
    if not isinstance(row.get("id"), str) or not (is_qid(row["id"]) or re.fullmatch(r"gazette:org/[a-z0-9_\-]+", row["id"])):
        return f"id {row.get('id')!r} is neither a Wikidata id nor gazette:org/<slug>"
    if not isinstance(row.get("aliases", []), list) or not all(isinstance(a, str) for a in row.get("aliases", [])):
        return "aliases must be a list of strings"
    attrs = row.get("attributes")
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        return "attributes must map strings to strings"
    if not attrs.get("source_url", "").startswith(("http://", "https://")):
        return "no attributes.source_url"
    if not DATE.fullmatch(attrs.get("as_of", "")):
        return "no attributes.as_of (YYYY[-MM[-DD]])"
    if additions:
        return None if row.get("aliases") else "no aliases to add"
    if not isinstance(row.get("name"), str) or len(clean(row["name"])) < 2:
        return "no name"
    if row.get("type") != "ORGANIZATION":
        return f"type {row.get('type')!r} is not ORGANIZATION"
    if row.get("subtype") not in ORGANIZATION_KINDS:
        return f"subtype {row.get('subtype')!r} is none of {', '.join(sorted(ORGANIZATION_KINDS))}"
    if "country" in attrs and not re.fullmatch(r"[A-Z]{2}", attrs["country"]):
        return f"country {attrs['country']!r} is not an ISO alpha-2 code"
    return None


def _organization_aliases(row: dict, where: str) -> list[str]:
    """The row's aliases, cleaned; an all-lowercase Latin one (a web address) is skipped
    with a warning: the dictionary accepts none."""
    out = []
    for a in row.get("aliases", []):
        a = clean(a)
        if a.islower() and script_of(a) == "latin":
            note(f"warning: {where}: alias {a!r} skipped, all-lowercase")
        elif a:
            out.append(a)
    return out


def _read_organization_rows(path, additions: bool) -> list[tuple[str, dict]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"curated/{ORGANIZATIONS_DIR}/{path.name}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                note(f"warning: {where}: skipped, invalid JSON: {e}")
                continue
            problem = curated_organization_problem(row, additions) if isinstance(row, dict) else "not a JSON object"
            if problem:
                note(f"warning: {where}: skipped, {problem}")
                continue
            rows.append((where, row))
    return rows


def _patch_organization(base: dict, aliases: list, attrs: dict, where: str, name: str | None = None) -> dict:
    """base with aliases (first) and the attributes it lacks; `name`, when given, becomes
    the name and the old one an alias."""
    new_name = clean(name) if name else base["name"]
    al = AliasList(new_name)
    for a in aliases + base["aliases"]:
        al.add(a)
    if fold(new_name) != fold(base["name"]):
        al.add(base["name"])
    merged = dict(base["attributes"])
    for k, v in attrs.items():
        merged.setdefault(k, v)
    sources = [s for s in merged.get("source", "").split(";") if s]
    if SRC_CURATED not in sources:
        sources.append(SRC_CURATED)
    merged["source"] = ";".join(sources)
    return dict(base, name=new_name, aliases=al.result(), attributes=merged, _where=where)


def add_curated_organizations(entities: list[dict], words=None) -> list[dict]:
    """The organizations of curated/organizations/*.jsonl added to the entities: a row whose
    id is an entity's id patches it (its name and aliases win); a row whose name is the name
    or an alias of an organization already there (of the same country, or of none), or
    whose alias of several words is, adds its aliases to that one; the others are new
    entities. alias_additions.jsonl adds aliases to an existing entity by id; an id that no
    entity has is skipped with a warning. A name or alias made only of English words ("This
    Day", "Home Office", "The Diplomat") is matched case-sensitively (`words`: the word
    rules), so ordinary lowercase prose never fires it."""

    def cased(texts: list[str]) -> list:
        return [make_alias(t, case_sensitive=True) if words is not None and words.all_words(t) else t for t in texts]

    out = list(entities)
    at = {e["id"]: i for i, e in enumerate(out)}
    by_name: dict[str, list[int]] = {}

    def index(i: int) -> None:
        e = out[i]
        for t in [e["name"]] + [alias_text(a) for a in e["aliases"]]:
            by_name.setdefault(fold(t), []).append(i)

    for i, e in enumerate(out):
        if e.get("type") == "ORGANIZATION":
            index(i)
    directory = CURATED / ORGANIZATIONS_DIR
    paths = sorted(p for p in directory.glob("*.jsonl") if p.name != ALIAS_ADDITIONS)
    added = patched = joined = 0
    for path in paths:
        for where, row in _read_organization_rows(path, additions=False):
            kind = row["subtype"]
            subtype = ORGANIZATION_KINDS[kind]
            attrs = {k: clean(v) for k, v in row["attributes"].items()}
            if kind != subtype:
                attrs["kind"] = kind
            aliases = _organization_aliases(row, where)
            if row["id"] in at:
                i = at[row["id"]]
                out[i] = _patch_organization(out[i], cased([clean(row["name"])] + aliases), attrs, where, name=row["name"])
                patched += 1
                index(i)
                continue
            country = attrs.get("country", "")
            # Its name, or a name of several words among its aliases (not an acronym,
            # which several bodies share), already names an organization of its country.
            names = [row["name"]] + [a for a in aliases if " " in a]
            same = [i for t in names for i in by_name.get(fold(t), [])
                    if out[i].get("type") == "ORGANIZATION"
                    and out[i]["attributes"].get("country", "") in ("", country)]
            if same:
                i = same[0]
                out[i] = _patch_organization(out[i], cased([clean(row["name"])] + aliases), attrs, where)
                joined += 1
                index(i)
                continue
            al = AliasList(row["name"])
            for a in cased([clean(row["name"])] + aliases):
                al.add(a)
            attrs["source"] = SRC_CURATED
            out.append({"id": row["id"], "name": al.name, "type": "ORGANIZATION", "subtype": subtype,
                        "aliases": al.result(), "attributes": attrs, "priority": 5, "_where": where})
            at[row["id"]] = len(out) - 1
            index(len(out) - 1)
            added += 1
    extra = 0
    path = directory / ALIAS_ADDITIONS
    if path.exists():
        for where, row in _read_organization_rows(path, additions=True):
            if row["id"] not in at:
                note(f"warning: {where}: skipped, no entity has the id {row['id']}")
                continue
            i = at[row["id"]]
            attrs = {k: clean(v) for k, v in row["attributes"].items()}
            out[i] = _patch_organization(out[i], cased(_organization_aliases(row, where)), attrs, where)
            extra += 1
    note(f"curated organizations: {added} added, {patched} patched by id, {joined} joined by name; "
         f"alias additions applied: {extra}")
    return out
