"""One test case per converter, run on the real files of data/sources/."""

import unittest

import _setup
from _setup import by_id, flags, texts
from gazette_data.cities import build_cities
from gazette_data.leaders import build_leaders, surname_alias
from gazette_data.media import build_media
from gazette_data.organizations import build_international_orgs, build_parties
from gazette_data.subdivisions import build_subdivisions


class CountriesTest(unittest.TestCase):
    def test_south_korea(self):
        kr = by_id(_setup.countries())["Q884"]
        self.assertEqual(kr["name"], "South Korea")
        self.assertEqual(kr["subtype"], "country")
        self.assertIn("대한민국", texts(kr))
        self.assertEqual(flags(kr, "ROK"), {"case_sensitive": True})
        self.assertEqual(kr["attributes"]["iso3"], "KOR")

    def test_word_countries_match_case_sensitively(self):
        names = {e["name"]: e for e in _setup.countries()}
        for name in ("Chad", "Georgia", "Jordan"):
            self.assertEqual(names[name]["aliases"][0], {"text": name, "case_sensitive": True}, name)

    def test_capitals(self):
        caps = {e["attributes"]["capital_of"]: e for e in _setup.capitals()}
        self.assertEqual(caps["FR"]["name"], "Paris")
        self.assertEqual(caps["FR"]["priority"], 8)
        self.assertNotIn("SG", caps)  # a city-state: the country entry covers it


class SubdivisionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.subs = {e["attributes"]["iso3166_2"]: e for e in build_subdivisions(_setup.words(), _setup.countries())}

    def test_exonym_override_and_case(self):
        by = self.subs["DE-BY"]
        self.assertEqual(by["name"], "Bavaria")
        self.assertEqual(by["subtype"], "region")

    def test_shared_name_owner(self):
        self.assertEqual(self.subs["IN-PB"]["name"], "Punjab")
        self.assertEqual(self.subs["PK-PB"]["name"], "Punjab, Pakistan")


class CitiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cities = {e["name"]: e for e in build_cities(_setup.words(), _setup.countries(), _setup.capitals())}

    def test_namesakes_qualified_by_state(self):
        self.assertIn("Birmingham", self.cities)
        self.assertIn("Birmingham, Alabama", self.cities)

    def test_small_cities_case_sensitive(self):
        e = self.cities["Birmingham, Alabama"]
        self.assertEqual(e["aliases"][0], {"text": "Birmingham, Alabama", "case_sensitive": True})
        self.assertEqual(e["priority"], 5)

    def test_short_names_bare_from_200k_qualified_below(self):
        # Four letters: bare (in their case) from 200,000 people, qualified below;
        # three letters or fewer need a million.
        for name in ("Goma", "Sumy", "Taiz", "Homs", "Bonn"):
            self.assertIn(name, self.cities, name)
            self.assertEqual(self.cities[name]["aliases"][0], {"text": name, "case_sensitive": True})
        self.assertNotIn("Metz", self.cities)
        self.assertIn("Metz, France", self.cities)
        self.assertNotIn("Bo", self.cities)
        self.assertIn("Bo, Sierra Leone", self.cities)


class LeadersTest(unittest.TestCase):
    def test_current_leaders(self):
        leaders = by_id(build_leaders(_setup.words(), _setup.countries()))
        self.assertGreater(len(leaders), 150)
        for e in leaders.values():
            self.assertEqual(e["type"], "LEADER")
            self.assertIn(e["subtype"], ("head_of_state", "head_of_government"))
            self.assertRegex(e["attributes"]["country"], r"^[A-Z]{2}$")

    def test_surname_alias(self):
        w = _setup.words()
        self.assertEqual(surname_alias("Mark Carney", "CA", w), "Carney")  # distinctive_surnames
        self.assertEqual(surname_alias("Juan Zabaleta", "ES", w), {"text": "Zabaleta", "short": True})
        self.assertIsNone(surname_alias("Li Qiang", "CN", w))  # family name first
        self.assertIsNone(surname_alias("Charles III", "GB", w))


class OrganizationsTest(unittest.TestCase):
    def test_international(self):
        orgs = build_international_orgs(_setup.words(), set())
        self.assertGreater(len(orgs), 400)
        self.assertTrue(all(e["subtype"] == "international" for e in orgs))

    def test_parties_have_partyfacts_ids(self):
        parties = build_parties(_setup.words(), _setup.countries(), set())
        self.assertGreater(len(parties), 300)
        for e in parties:
            self.assertTrue(e["attributes"]["partyfacts"].isdigit())
            self.assertNotIn("[no-party]", e["name"])

    def test_media(self):
        media = build_media(_setup.words(), set())
        self.assertTrue(media)
        self.assertTrue(all(e["subtype"] == "media" and e["attributes"]["url"].startswith("http") for e in media))


class ValidateTest(unittest.TestCase):
    def test_office_end_before_start_rejected(self):
        from gazette_data.output import validate
        e = {"id": "gazette:person/x-y", "name": "X Y", "type": "OFFICIAL", "subtype": "official", "aliases": [],
             "attributes": {"as_of": "2025", "office": "Mayor", "office_start": "2016-05-09", "office_end": "2010-05-11"}}
        self.assertTrue(any("before office_start" in m for m in validate([e])))
        e["attributes"]["office_end"] = "2016"
        self.assertEqual(validate([e]), [])


if __name__ == "__main__":
    unittest.main()
