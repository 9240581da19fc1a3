import unittest

import _setup  # noqa: F401
from gazette_data.aliases import AliasList, make_alias, parse_alias_cell
from gazette_data.common import clean, fold, slug


class FoldTest(unittest.TestCase):
    def test_case_diacritics_hyphens_apostrophes(self):
        self.assertEqual(fold("Erdoğan"), "erdogan")
        self.assertEqual(fold("Yoon Suk-yeol"), "yoon suk yeol")
        self.assertEqual(fold("Côte d\u2019Ivoire"), "cote d'ivoire")
        self.assertEqual(fold("  Kim   Jong  Un "), "kim jong un")

    def test_slug_and_clean(self):
        self.assertEqual(slug("Raúl Castro"), "raul-castro")
        self.assertEqual(clean(" New\u00a0 York "), "New York")


class AliasListTest(unittest.TestCase):
    def test_duplicates_of_name_and_each_other_dropped(self):
        al = AliasList("Recep Tayyip Erdoğan")
        for a in ("Recep Tayyip Erdogan", "Erdoğan", "Erdogan", "ERDOGAN"):
            al.add(a)
        self.assertEqual(al.result(), ["Erdoğan"])

    def test_case_sensitive_short_caps_are_distinct(self):
        al = AliasList("North Atlantic Treaty Organization")
        al.add("NATO")
        al.add("Nato")
        self.assertEqual(al.result(), ["NATO", "Nato"])

    def test_flags_on_the_name_come_first(self):
        al = AliasList("Chad")
        al.add("Republic of Chad")
        al.add(make_alias("Chad", case_sensitive=True))
        self.assertEqual(al.result(), [{"text": "Chad", "case_sensitive": True}, "Republic of Chad"])

    def test_later_flag_upgrades_plain_duplicate(self):
        al = AliasList("Lee Jae Myung")
        al.add("Lee")
        al.add(make_alias("Lee", short=True))
        self.assertEqual(al.result(), [{"text": "Lee", "short": True}])

    def test_tsv_alias_cell(self):
        self.assertEqual(parse_alias_cell("A|~Lee|=Rice|=~Wi"), [
            "A", {"text": "Lee", "short": True}, {"text": "Rice", "case_sensitive": True},
            {"text": "Wi", "case_sensitive": True, "short": True},
        ])


if __name__ == "__main__":
    unittest.main()


class InitialsTest(unittest.TestCase):
    def person(self, name, aliases=()):
        return {"id": "x", "name": name, "type": "OFFICIAL", "aliases": list(aliases)}

    def test_spaced_closed_and_dotless_spellings(self):
        from gazette_data.rules import initials_spellings
        rows = [
            ("J. B. Pritzker", ["J.B. Pritzker", "JB Pritzker"]),
            ("A.N.R. Robinson", ["A. N. R. Robinson", "ANR Robinson"]),
            ("A. P. J. Abdul Kalam", ["A.P.J. Abdul Kalam", "APJ Abdul Kalam"]),
        ]
        for name, want in rows:
            (e,), added = initials_spellings([self.person(name)])
            self.assertEqual([a["text"] for a in e["aliases"]], want, name)
            self.assertTrue(all(a["case_sensitive"] for a in e["aliases"]), name)
            self.assertEqual(added, 2, name)

    def test_existing_spellings_kept_and_other_names_untouched(self):
        from gazette_data.rules import initials_spellings
        (e,), added = initials_spellings([self.person("J. B. Pritzker", ["JB Pritzker"])])
        self.assertEqual(e["aliases"][0], "JB Pritzker")
        self.assertEqual(added, 1)
        for name in ("J. Smith", "Mary Simon", "JB Pritzker"):
            (e,), added = initials_spellings([self.person(name)])
            self.assertEqual((e["aliases"], added), ([], 0), name)
        place = dict(self.person("U. S. A. Town"), type="PLACE")
        self.assertEqual(initials_spellings([place])[1], 0)
