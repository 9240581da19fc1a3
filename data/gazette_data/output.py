"""Validation, warnings, canonical JSON Lines and the split of the output by licence."""

from __future__ import annotations

import csv
import json
import re

from .aliases import alias_key, alias_text
from .common import ALIAS_KEYS, ENTITY_KEYS, EXTRA_TAGS, is_qid, LICENCE_FILE_BY_TAG, OUTPUT_FILES, script_of, SOURCES, SUBTYPES, TYPES
from .people import public_offices


def validate(entities: list[dict]) -> list[str]:
    errors = []
    seen = set()
    for e in entities:
        where = e.get("_where", e.get("id", "?"))
        eid = e.get("id")
        if not isinstance(eid, str) or not eid:
            errors.append(f"{where}: id missing")
            continue
        if eid in seen:
            errors.append(f"{where}: duplicate id {eid}")
        seen.add(eid)
        if not (is_qid(eid) or re.fullmatch(r"(gazette|geonames):[a-z0-9/_\-]+", eid)):
            errors.append(f"{where}: id {eid!r} is neither a QID nor gazette:/geonames: slug")
        if not isinstance(e.get("name"), str) or len(e["name"]) < 2:
            errors.append(f"{where}: name missing or too short")
        if e.get("type") not in TYPES:
            errors.append(f"{where}: bad type {e.get('type')!r}")
        elif e.get("subtype") is not None and e["subtype"] not in SUBTYPES[e["type"]]:
            errors.append(f"{where}: bad subtype {e.get('subtype')!r} for {e['type']}")
        if not isinstance(e.get("priority", 0), int):
            errors.append(f"{where}: priority must be an integer")
        attrs = e.get("attributes", {})
        if not isinstance(attrs, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in attrs.items()):
            errors.append(f"{where}: attributes must map strings to strings")
        elif "as_of" not in attrs:
            errors.append(f"{where}: attributes.as_of missing")
        for k in ("office_start", "office_end", "as_of"):
            v = attrs.get(k) if isinstance(attrs, dict) else None
            if v is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
                errors.append(f"{where}: attributes.{k} {v!r} is not YYYY[-MM[-DD]]")
        start, end = (attrs.get("office_start"), attrs.get("office_end")) if isinstance(attrs, dict) else (None, None)
        if start and end and end[: len(start)] < start[: len(end)]:
            errors.append(f"{where}: office_end {end} is before office_start {start}")
        keys = {alias_key(e.get("name", ""))}
        for a in e.get("aliases", []):
            if isinstance(a, dict):
                extra = set(a) - set(ALIAS_KEYS)
                if extra or not isinstance(a.get("text"), str):
                    errors.append(f"{where}: bad alias object {a!r}")
                    continue
                for flag in ("case_sensitive", "short"):
                    if flag in a and not isinstance(a[flag], bool):
                        errors.append(f"{where}: alias {a['text']!r}: {flag} must be a boolean")
            elif not isinstance(a, str):
                errors.append(f"{where}: bad alias {a!r}")
                continue
            t = alias_text(a)
            # One capital letter is a platform's name ("X"), which the engine
            # keeps only where news names a platform ("on X").
            if len(t) < 2 and not (t.isascii() and t.isupper()):
                errors.append(f"{where}: alias {t!r} shorter than 2 characters")
            if t != t.strip() or "  " in t:
                errors.append(f"{where}: alias {t!r} has stray spaces")
            k = alias_key(a)
            if k in keys and not (isinstance(a, dict) and t == e["name"]):
                errors.append(f"{where}: duplicate alias {t!r}")
            keys.add(k)
            if t.islower() and script_of(t) == "latin":
                errors.append(f"{where}: all-lowercase alias {t!r}")
    return errors


def check_shared_aliases(entities: list[dict]) -> list[str]:
    """Aliases claimed by two entities of the same priority are ambiguous: warn."""
    owners: dict[tuple[str, str], list[dict]] = {}
    for e in entities:
        for a in [e["name"]] + e["aliases"]:
            owners.setdefault(alias_key(a), []).append(e)
    out = []
    for k, es in sorted(owners.items()):
        ids = {e["id"] for e in es}
        if len(ids) > 1 and len({e.get("priority", 0) for e in es}) < len(ids):
            out.append(f"warning: alias {k[0]!r} shared by " + ", ".join(sorted(f"{e['id']} {e['name']}" for e in es)))
    return out


def check_leaders(entities: list[dict]) -> list[str]:
    """Cross-check current LEADER entries against the Wikidata extract (warnings only)."""
    warnings = []
    path = SOURCES / "leaders" / "wikidata_heads_of_state_government.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    current = {r["officeholder"] for r in rows if not r["end_year"]}
    anyrow = {r["officeholder"] for r in rows}
    for e in entities:
        if e["type"] != "LEADER" or not is_qid(e["id"]):
            continue
        ended = "office_end" in e["attributes"]
        if not ended and e["id"] not in current and e["attributes"].get("de_facto") != "true":
            warnings.append(f"warning: {e['id']} {e['name']} is curated as current but is not a current holder in {path.name}")
        if ended and e["id"] in current and e["id"] in anyrow:
            warnings.append(f"warning: {e['id']} {e['name']} is curated as former but is a current holder in {path.name}")
    return warnings


# Whether entries carry their `offices` list (every office of a person, with dates) next to
# the `office*` attributes of the current one. The embedded dictionary's reader must know
# the key: it rejects unknown ones.
EMIT_OFFICES = True


def canonical(e: dict) -> dict:
    out = {}
    for k in ENTITY_KEYS:
        if k == "subtype" and e.get("subtype") is None:
            continue
        if k == "aliases":
            out[k] = [a if isinstance(a, str) else {kk: a[kk] for kk in ALIAS_KEYS if kk in a} for a in e.get("aliases", [])]
        elif k == "attributes":
            out[k] = {kk: e["attributes"][kk] for kk in sorted(e.get("attributes", {}))}
            if EMIT_OFFICES and e.get("_offices"):
                out["offices"] = public_offices(e["_offices"])
        elif k == "priority":
            out[k] = e.get("priority", 0)
        else:
            out[k] = e[k]
    return out


def render(entities: list[dict]) -> str:
    lines = [json.dumps(canonical(e), ensure_ascii=False, separators=(", ", ": ")) for e in sorted(entities, key=lambda e: e["id"])]
    return "\n".join(lines) + "\n" if lines else ""


def licence_file(e: dict) -> str:
    """The output file of an entity: that of the most restrictive licence among its
    `source` tags (lgpl > cc-by-sa > odbl), else default.jsonl."""
    tags = set(e["attributes"].get("source", "").split(";"))
    for tag, fname in LICENCE_FILE_BY_TAG:
        if tag in tags:
            return fname
    return "default.jsonl"


def file_of(e: dict) -> str:
    """The output file of an entity: an extra (not embedded) file, or its licence's file."""
    tags = set(e["attributes"].get("source", "").split(";")) - {""}
    if e.get("_extra"):
        return e["_extra"]
    if tags and tags <= EXTRA_TAGS:
        return "extra/open-data.jsonl"
    return licence_file(e)


def render_split(entities: list[dict]) -> dict[str, str]:
    parts: dict[str, list[dict]] = {f: [] for f in OUTPUT_FILES}
    for e in entities:
        parts[file_of(e)].append(e)
    return {f: render(parts[f]) for f in OUTPUT_FILES}
