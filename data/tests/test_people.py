"""The people converters (officials, legislators, curated officials) and their merge."""

import unittest

import _setup
from _setup import by_id, flags, texts
from gazette_data.curated import curated_official_problem, load_curated_officials
from gazette_data.leaders_dd import attach_dd_leaders
from gazette_data.legislators import build_japan_councillors, build_uk_mps, build_us_congress, build_us_state_legislators
from gazette_data.officials import build_uk_ministers, build_us_executive, build_us_state_executives
from gazette_data.people import current_office, merge_people, office, person, unique_ids


class OfficesTest(unittest.TestCase):
    def test_current_office_prefers_held_then_rank_then_latest(self):
        offices = [office("MP for X", "2024-07-04", None, country="GB", rank=2),
                   office("Chancellor", "2024-07-05", None, country="GB", rank=1),
                   office("Shadow Chancellor", "2021", "2024-07-05", country="GB", rank=1)]
        self.assertEqual(current_office(offices)["title"], "Chancellor")
        ended = [office("A", "2001", "2005"), office("B", "2006", "2010")]
        self.assertEqual(current_office(ended)["title"], "B")

    def test_merge_by_name_and_country_keeps_qid_and_leader(self):
        a = person("gazette:person/jane-doe", "Jane Doe", "OFFICIAL", "legislator",
                   [office("MP", "2024", None, country="GB", rank=2)], ["Doe"], "uk-parliament", country="GB")
        b = person("Q123", "Jane Doe", "LEADER", "head_of_government",
                   [office("Prime Minister", "2025", None, country="GB", rank=0)], [], "wikidata", country="GB")
        c = person("gazette:person/jane-doe-us", "Jane Doe", "OFFICIAL", "legislator",
                   [office("Senator", "2025", None, country="US", rank=2)], [], "congress-legislators", country="US")
        out, merged = merge_people([a, b, c])
        self.assertEqual(merged, 1)
        people = by_id(out)
        self.assertEqual(people["Q123"]["type"], "LEADER")
        self.assertEqual(people["Q123"]["attributes"]["office"], "Prime Minister")
        self.assertEqual(people["Q123"]["attributes"]["source"], "wikidata;uk-parliament")
        self.assertIn("gazette:person/jane-doe-us", people)  # another country: another person

    def test_unique_ids(self):
        a = person("gazette:person/john-smith", "John Smith", "OFFICIAL", "legislator", [], [], "x", country="GB")
        b = person("gazette:person/john-smith", "John Smith", "OFFICIAL", "legislator", [], [], "y", country="US")
        self.assertEqual([e["id"] for e in unique_ids([a, b], set())],
                         ["gazette:person/john-smith", "gazette:person/john-smith-us"])


class UkMinistersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.people = {e["name"]: e for e in build_uk_ministers(_setup.words())}

    def test_prime_ministers_are_leaders(self):
        for name in ("Margaret Thatcher", "Tony Blair", "Rishi Sunak", "Keir Starmer"):
            self.assertEqual(self.people[name]["type"], "LEADER", name)

    def test_minister_offices_and_other_names(self):
        reeves = self.people["Rachel Reeves"]
        self.assertEqual(reeves["type"], "OFFICIAL")
        self.assertEqual(reeves["attributes"]["office"], "Chancellor of the Exchequer")
        self.assertNotIn("office_end", reeves["attributes"])
        mandelson = self.people["Peter Mandelson"]
        self.assertIn("Lord Mandelson", texts(mandelson))
        self.assertTrue(any(o["end"] for o in mandelson["_offices"]))

    def test_offices_name_the_country_only(self):
        # The dictionary's reader takes an office of a country or of an organization.
        offices = [o for e in self.people.values() for o in e["_offices"]]
        self.assertTrue(all(o.get("country") == "GB" and "organization" not in o for o in offices))
        self.assertNotIn("Minister of State", {o["title"] for o in offices})
        self.assertIn("Minister of State (Home Office)", {o["title"] for o in offices})

    def test_no_office_ends_before_it_starts(self):
        for e in self.people.values():
            for o in e["_offices"]:
                if o["start"] and o["end"]:
                    self.assertLessEqual(o["start"], o["end"], (e["name"], o["title"]))


class UsExecutivesTest(unittest.TestCase):
    def test_presidents_leaders_vice_presidents_officials(self):
        people = build_us_executive(_setup.words())
        for e in people:
            president = any(o["title"].startswith("President") for o in e["_offices"])
            self.assertEqual(e["type"], "LEADER" if president else "OFFICIAL", e["name"])
        self.assertIn("George Washington", {e["name"] for e in people})
        self.assertGreater(sum(e["type"] == "OFFICIAL" for e in people), 10)

    def test_stale_governors_patched(self):
        people = {e["name"]: e for e in build_us_state_executives(_setup.words())}
        self.assertEqual(people["Glenn Youngkin"]["attributes"]["office_end"], "2026-01-17")
        self.assertEqual(people["Abigail Spanberger"]["attributes"]["office"], "Governor of Virginia")
        self.assertTrue(people["Abigail Spanberger"]["attributes"]["source_url"].startswith("https://"))
        self.assertNotIn("office_end", people["Gavin Newsom"]["attributes"])


class LegislatorsTest(unittest.TestCase):
    def test_congress_news_names(self):
        congress = by_id(build_us_congress(_setup.words()))
        schumer = congress["Q380900"]
        self.assertEqual(schumer["name"], "Chuck Schumer")
        self.assertIn("Charles E. Schumer", texts(schumer))
        self.assertEqual(flags(schumer, "Schumer"), {"short": True})

    def test_mps_without_title(self):
        mps = {e["name"]: e for e in build_uk_mps(_setup.words())}
        self.assertIn("Keir Starmer", mps)
        self.assertIn("Sir Keir Starmer", texts(mps["Keir Starmer"]))

    def test_councillors_kanji_alias_and_no_surname(self):
        members = build_japan_councillors(_setup.words())
        self.assertGreater(len(members), 200)
        for e in members:
            self.assertEqual(e["attributes"]["name_romanization"], "machine")
            self.assertFalse(any(isinstance(a, dict) and a.get("short") for a in e["aliases"]))

    def test_state_legislators_full_name_only(self):
        members = build_us_state_legislators(_setup.words())
        self.assertGreater(len(members), 5000)
        for e in members[:500]:
            self.assertEqual(e["priority"], 2)
            self.assertEqual(e["aliases"], [{"text": e["name"], "case_sensitive": True}])


class CuratedOfficialsTest(unittest.TestCase):
    ROW = {"name": "Ana Example", "type": "OFFICIAL", "subtype": "minister", "aliases": ["Example"],
           "offices": [{"title": "Minister of Finance", "country": "PT", "start": "2025-06", "end": None}],
           "as_of": "2025-06", "source_url": "https://example.org/cabinet"}

    def test_valid_row(self):
        self.assertIsNone(curated_official_problem(self.ROW))

    def test_rejected_rows(self):
        for change, reason in (({"source_url": None}, "no source_url"), ({"as_of": ""}, "no as_of"),
                               ({"type": "MINISTER"}, "is not LEADER or OFFICIAL"), ({"id": "Q12x"}, "not a Wikidata id"),
                               ({"offices": [{"title": "X", "start": "2025"}]}, "neither an ISO country"),
                               ({"offices": [{"title": "X", "country": "PT", "start": "June 2025"}]}, "not YYYY")):
            with self.subTest(change=change):
                self.assertIn(reason, curated_official_problem(dict(self.ROW, **change)))

    def test_files_load(self):
        officials = load_curated_officials(_setup.words())
        self.assertTrue(officials)
        for e in officials:
            self.assertTrue(e["attributes"]["source_url"].startswith("http"))
            self.assertTrue(e["_offices"])


if __name__ == "__main__":
    unittest.main()


class DemocracyDictatorshipTest(unittest.TestCase):
    @staticmethod
    def known(eid, name, cc, offices=()):
        return person(eid, name, "LEADER", "head_of_government", list(offices), [], "wikidata", country=cc)

    @classmethod
    def setUpClass(cls):
        countries = _setup.countries()
        cls.base = countries + [
            cls.known("Q1", "Perry Christie", "BS"),
            cls.known("Q2", "Jens Stoltenberg", "NO", [office("Prime Minister of Norway", "2005-10-17", "2013-10-16", country="NO")]),
            cls.known("Q3", "George W. Bush", "US"), cls.known("Q4", "George H. W. Bush", "US"),
        ]
        cls.out, cls.counts = attach_dd_leaders(cls.base, _setup.words())
        cls.by_name = {e["name"]: e for e in cls.out if e["type"] == "LEADER"}

    def test_spells_become_offices(self):
        dehaene = self.by_name["Jean-Luc Dehaene"]
        self.assertEqual(dehaene["id"], "gazette:person/jean-luc-dehaene")
        self.assertEqual([(o["title"], o["country"], o["start"], o["end"]) for o in dehaene["_offices"]],
                         [("Prime Minister", "BE", "1992", "1999")])
        self.assertEqual(dehaene["subtype"], "head_of_government")
        self.assertEqual(dehaene["attributes"]["source"], "dd")

    def test_known_people_get_offices_not_twins(self):
        christie = self.by_name["Perry Christie"]
        self.assertEqual(christie["id"], "Q1")
        self.assertIn(("Prime Minister", "2002", "2007"), {(o["title"], o["start"], o["end"]) for o in christie["_offices"]})
        self.assertNotIn("Perry Gladstone Christie", self.by_name)
        # "Jena Stoltenberg" is corrected; the spell 2000-2001 is added, 2005-2008 overlaps.
        jens = self.by_name["Jens Stoltenberg"]
        self.assertEqual(jens["id"], "Q2")
        self.assertEqual(sorted(o["start"] for o in jens["_offices"]), ["2000", "2005-10-17"])
        self.assertNotIn("Jena Stoltenberg", self.by_name)

    def test_left_out(self):
        self.assertNotIn("George Bush", self.by_name)  # George H. W. or George W.
        self.assertFalse(any("military" in n.lower() for n in self.by_name))
        self.assertFalse(any("\u00c3" in n or "\ufffd" in n for n in self.by_name))
        self.assertGreater(self.counts["no_end"], 0)
        self.assertGreater(self.counts["added"], 400)

    def test_aliases(self):
        quiroga = self.by_name["Jorge Fernando Quiroga Ramirez"]
        self.assertIn("Jorge Quiroga", texts(quiroga))
        self.assertEqual(flags(quiroga, "Quiroga"), {"short": True})
        # Of "Oscar Arias Sanchez" the family name is not known: no surname.
        arias = next(e for n, e in self.by_name.items() if n.startswith("Oscar Arias"))
        self.assertFalse(any(" " not in t for t in texts(arias)))
        # A surname that is a word is no alias.
        self.assertEqual(texts(self.by_name["Bill Skate"]), [])
