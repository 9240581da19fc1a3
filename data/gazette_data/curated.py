"""Hand-curated entities (data/curated/*.jsonl and *.tsv) and their merge with generated ones."""

from __future__ import annotations


from .aliases import AliasList, parse_alias_cell
from .common import AS_OF, BuildError, CURATED, ENTITY_KEYS, fold, read_jsonl, read_tsv, slug, SRC_CURATED


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
