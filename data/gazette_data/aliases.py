"""Alias values and the ordered, de-duplicated alias list of one entity."""

from __future__ import annotations


from .common import clean, fold


def make_alias(text: str, case_sensitive: bool | None = None, short: bool | None = None):
    text = clean(text)
    if case_sensitive is None and not short:
        return text
    obj = {"text": text}
    if case_sensitive is not None:
        obj["case_sensitive"] = case_sensitive
    if short:
        obj["short"] = True
    return obj


def alias_text(a) -> str:
    return a if isinstance(a, str) else a["text"]


def auto_case_sensitive(text: str) -> bool:
    """The engine's default: all-uppercase aliases of at most 5 letters match case-sensitively."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(ch.isupper() for ch in letters)


def alias_key(a) -> tuple[str, str]:
    """Identity of an alias for de-duplication: the folded text, plus the exact text when the
    alias matches case-sensitively (so "NATO" and "Nato" are two aliases, "Erdogan" and
    "Erdoğan" one)."""
    text = alias_text(a)
    cs = a.get("case_sensitive") if isinstance(a, dict) else None
    if cs is None:
        cs = auto_case_sensitive(text)
    return (fold(text), text if cs else "")


class AliasList:
    """Ordered, de-duplicated alias list for one entity (dedup on fold(), first one wins,
    except that an explicit flag on a later duplicate is kept)."""

    def __init__(self, name: str):
        self.name = clean(name)
        self.name_key = alias_key(self.name)
        self.items: list = []
        self.keys: dict[str, int] = {}
        self.name_flags = None  # alias object carrying flags for the canonical name

    def add(self, a):
        if a is None:
            return
        if isinstance(a, str):
            a = make_alias(a)
        text = alias_text(a)
        if not text:
            return
        key = alias_key(a)
        # Duplicates of the name (modulo case/diacritics/hyphens) are dropped, unless the
        # alias repeats the name exactly with flags: then it carries the name's match rule.
        if text == self.name:
            if isinstance(a, dict) and self.name_flags is None:
                self.name_flags = a
            return
        if key == self.name_key:
            return
        if key in self.keys:
            i = self.keys[key]
            if isinstance(a, dict) and isinstance(self.items[i], str):
                self.items[i] = make_alias(self.items[i], a.get("case_sensitive"), a.get("short"))
            return
        self.keys[key] = len(self.items)
        self.items.append(a)

    def result(self) -> list:
        out = []
        if self.name_flags is not None:
            out.append(self.name_flags)
        out.extend(self.items)
        return out


def parse_alias_cell(cell: str) -> list:
    """Compact alias syntax of the curated TSV files: `|`-separated; a leading `~` marks
    short, `=` case-sensitive (both may be combined, `=~Lee`)."""
    out = []
    for raw in cell.split("|"):
        raw = raw.strip()
        if not raw:
            continue
        cs = short = None
        while raw[:1] in ("~", "="):
            if raw[0] == "~":
                short = True
            else:
                cs = True
            raw = raw[1:]
        out.append(make_alias(raw, cs, short))
    return out
