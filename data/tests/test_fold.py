"""`fold` against the engine: for each pair of spellings, `gazette tag` with a one-entry
dictionary finds the second spelling exactly when `fold` gives both the same key.

Needs a built binary: $GAZETTE_BIN, else target/debug/gazette or target/release/gazette
(after `cargo build`). Without one the test is reported as skipped, never as passed."""

import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import _setup  # noqa: F401
from gazette_data.common import fold

ROOT = Path(__file__).resolve().parents[2]

# (alias, text): both outcomes occur, so the test fails if fold folds too much or too little.
PAIRS = [
    ("Erdoğan Holding", "Erdogan Holding"),
    ("Yoon Suk-yeol Group", "Yoon Suk Yeol Group"),
    ("Côte d\u2019Ivoire Bank", "Cote d'Ivoire Bank"),
    ("Müller Works", "MULLER WORKS"),
    ("Zürich Partners", "Zurich Partners"),
    ("Straße Werke", "Strasse Werke"),
    ("Łódź Textiles", "Lodz Textiles"),
    ("Støre Holding", "Store Holding"),
    ("Đặng Group", "Dang Group"),
    ("Kırşehir Cement", "Kirsehir Cement"),
    ("Ægir Shipping", "Aegir Shipping"),
    ("Œuvre Trust", "Oeuvre Trust"),
    ("ＡＢＣＤＥＦ Holdings", "ABCDEF Holdings"),
    ("ﬁnance House", "finance House"),
    ("Soft\u00adware Union", "Software Union"),
    ("Nguyễn Trading", "Nguyen Trading"),
    ("Ελλάδα Shipping", "ελλαδα Shipping"),
    ("Москва Bank", "МОСКВА Bank"),
    ("Ёлка Group", "Елка Group"),
    ("ガス Company", "カス Company"),
    ("הַלִּיכּוּד Party", "הליכוד Party"),
    ("São Paulo Union", "Sao Paolo Union"),
    ("Smith Corp", "Smyth Corp"),
]


def binary() -> Path | None:
    for p in (os.environ.get("GAZETTE_BIN"), ROOT / "target/debug/gazette", ROOT / "target/release/gazette"):
        if p and Path(p).is_file():
            return Path(p)
    return None


class FoldAgreesWithEngine(unittest.TestCase):
    def test_pairs(self):
        exe = binary()
        if exe is None:
            self.skipTest("no gazette binary (set GAZETTE_BIN or run cargo build)")
        with tempfile.TemporaryDirectory() as tmp:
            dictionary = Path(tmp) / "fold.jsonl"
            docs = Path(tmp) / "docs.jsonl"
            with dictionary.open("w", encoding="utf-8") as f:
                for i, (alias, _) in enumerate(PAIRS):
                    f.write(json.dumps({"id": f"gazette:org/fold-{i}", "name": alias, "type": "ORGANIZATION",
                                        "aliases": [{"text": alias, "case_sensitive": False}]}, ensure_ascii=False) + "\n")
            with docs.open("w", encoding="utf-8") as f:
                for i, (_, text) in enumerate(PAIRS):
                    f.write(json.dumps({"id": str(i), "text": f"We saw {text} there."}, ensure_ascii=False) + "\n")
            out = subprocess.run(
                [str(exe), "tag", "--no-default-dictionary", "--dictionary", str(dictionary), "--threads", "1",
                 "--overlap", "all", str(docs)],
                capture_output=True, text=True, check=True,
            ).stdout
        found = {}
        for line in out.splitlines():
            doc = json.loads(line)
            found[doc["id"]] = {m["entity_id"] for m in doc["mentions"] if m.get("source") == "dictionary"}
        for i, (alias, text) in enumerate(PAIRS):
            with self.subTest(alias=alias, text=text):
                engine_matches = f"gazette:org/fold-{i}" in found.get(str(i), set())
                self.assertEqual(fold(alias) == fold(text), engine_matches,
                                 f"fold: {fold(alias)!r} vs {fold(text)!r}; engine matched: {engine_matches}")

    def test_both_outcomes_present(self):
        same = [fold(a) == fold(b) for a, b in PAIRS]
        self.assertIn(True, same)
        self.assertIn(False, same)


if __name__ == "__main__":
    unittest.main()
