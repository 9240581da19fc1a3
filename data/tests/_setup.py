"""Puts data/ on sys.path so the tests import gazette_data as build.py does, and builds the
shared inputs of the converters once per test run."""

import functools
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DATA))

from gazette_data.common import CURATED  # noqa: E402
from gazette_data.countries import build_capitals, build_countries  # noqa: E402
from gazette_data.rules import AliasRules, WordRules  # noqa: E402


@functools.cache
def rules() -> AliasRules:
    return AliasRules(CURATED / "alias_rules.json")


@functools.cache
def words() -> WordRules:
    return WordRules(CURATED / "alias_rules.json")


@functools.cache
def countries() -> list[dict]:
    return build_countries(rules())


@functools.cache
def capitals() -> list[dict]:
    return build_capitals(rules(), countries())


def by_id(entities: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in entities}


def texts(e: dict) -> list[str]:
    return [a if isinstance(a, str) else a["text"] for a in e["aliases"]]


def flags(e: dict, text: str) -> dict:
    """The flags of one alias of e ({} for a plain string); KeyError if absent."""
    for a in e["aliases"]:
        if a == text:
            return {}
        if isinstance(a, dict) and a["text"] == text:
            return {k: v for k, v in a.items() if k != "text"}
    raise KeyError(text)
