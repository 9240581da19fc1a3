"""The group, company, newspaper, town and county converters, and the merge of
organizations met twice."""

import unittest

import _setup
from _setup import flags, texts
from gazette_data.cities import build_cities, build_towns, build_us_counties
from gazette_data.common import NOTES
from gazette_data.companies import company, split_legal
from gazette_data.curated import add_curated_organizations, curated_organization_problem
from gazette_data.groups import build_groups, is_group, title_case
from gazette_data.media import build_us_newspapers
from gazette_data.organizations import absorb_duplicates


class GroupsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.groups = {e["name"]: e for e in build_groups(_setup.words())}

    def test_news_spellings(self):
        self.assertIn("al-Qaeda", self.groups)
        self.assertIn("Al-Qa'ida", texts(self.groups["al-Qaeda"]))
        self.assertIn("ISIS", texts(self.groups["Islamic State"]))
        for name in ("Boko Haram", "al-Shabaab", "Hezbollah", "Hamas", "Tren de Aragua", "Sinaloa Cartel"):
            self.assertEqual(self.groups[name]["subtype"], "armed_group", name)
        self.assertIn("CJNG", texts(self.groups["Jalisco New Generation Cartel"]))

    def test_front_companies_left_out(self):
        self.assertFalse(is_group("BANK SADERAT PLC", False))
        self.assertTrue(is_group("AL-ASHTAR BRIGADES", False))
        self.assertNotIn("Bank Saderat Plc", self.groups)

    def test_title_case(self):
        self.assertEqual(title_case("JAISH-I-MOHAMMED"), "Jaish-i-Mohammed")


class CompaniesTest(unittest.TestCase):
    def test_legal_forms(self):
        self.assertEqual(split_legal("Toyota Motor Corporation")[0], "Toyota Motor")
        self.assertEqual(split_legal("Samsung Electronics Co., Ltd.")[0], "Samsung Electronics")
        self.assertEqual(split_legal("PT Bank Mandiri (Persero) Tbk")[0], "Bank Mandiri")

    def test_news_variants(self):
        e = company("Toyota Motor Corporation", "JP", "financedatabase", "2026", _setup.words())
        self.assertEqual(e["name"], "Toyota Motor")
        self.assertIn("Toyota Motor Corp.", texts(e))
        self.assertIn("Samsung Electronics Co.", texts(company("Samsung Electronics Co., Ltd.", "KR", "x", "y", _setup.words())))
        self.assertIn("BP plc", texts(company("BP p.l.c.", "GB", "x", "y", _setup.words())))

    def test_word_names_need_the_legal_form(self):
        e = company("Target Corporation", "US", "x", "y", _setup.words())
        self.assertEqual(e["name"], "Target Corporation")
        self.assertNotIn("Target", texts(e))
        self.assertIsNone(company("Gap", "US", "x", "y", _setup.words()))


class NewspapersTest(unittest.TestCase):
    def test_phrases_and_shared_titles_left_out(self):
        papers = {e["name"] for e in build_us_newspapers(_setup.words())}
        self.assertTrue("The Indianapolis Star" in papers)
        for phrase in ("The Day", "Community News", "The Defender"):
            self.assertFalse(phrase in papers, phrase)


class TownsAndCountiesTest(unittest.TestCase):
    def test_surnames_and_taken_names_qualified(self):
        towns = {e["name"] for e in build_towns(_setup.words(), _setup.countries(), set(), {"randers"})}
        self.assertTrue("Randers, Denmark" in towns)
        self.assertFalse("Randers" in towns)

    def test_towns_go_to_the_file_that_is_not_embedded(self):
        towns = build_towns(_setup.words(), _setup.countries(), set(), set())
        self.assertTrue(all(e["_extra"] == "extra/towns.jsonl" for e in towns))

    def test_counties(self):
        counties = {e["name"] for e in build_us_counties(_setup.words(), set())}
        self.assertTrue("Washington County, Oregon" in counties)
        self.assertFalse("Washington County" in counties)
        self.assertTrue("Maricopa County" in counties)


class CitiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rules = _setup.words()
        rules.curated_org_names = {"toyota", "morena", "osaka"}
        cls.cities = _setup.by_id(build_cities(rules, _setup.countries(), _setup.capitals()))

    def test_a_city_named_like_a_curated_body_is_qualified(self):
        self.assertEqual(self.cities["geonames:1849814"]["name"], "Toyota, Japan")
        self.assertEqual(self.cities["geonames:1262771"]["name"], "Morena, India")
        # A city of a million or more keeps its name.
        self.assertEqual(self.cities["geonames:1853909"]["name"], "Osaka")

    def test_the_name_without_its_qualifier(self):
        aliases = texts(self.cities["geonames:2925533"])
        self.assertIn("Frankfurt", aliases)
        self.assertIn("Halle", texts(self.cities["geonames:2911522"]))


class AbsorbTest(unittest.TestCase):
    def test_generated_company_joins_curated_org(self):
        curated = {"id": "gazette:org/intel", "name": "Intel", "type": "ORGANIZATION", "subtype": "company",
                   "aliases": [], "attributes": {"source": "gazette", "as_of": "2026"}}
        generated = company("Intel Corporation", "US", "financedatabase", "2026", _setup.words())
        out, n = absorb_duplicates([curated, generated])
        self.assertEqual(n, 1)
        self.assertEqual(len(out), 1)
        self.assertIn("Intel Corp.", texts(out[0]))
        self.assertEqual(out[0]["attributes"]["source"], "gazette;financedatabase")


if __name__ == "__main__":
    unittest.main()


class CuratedOrganizationsTest(unittest.TestCase):
    @staticmethod
    def org(eid, name, country, aliases=()):
        return {"id": eid, "name": name, "type": "ORGANIZATION", "subtype": "party", "aliases": list(aliases),
                "attributes": {"as_of": "2026", "country": country, "source": "partyfacts"}, "priority": 4}

    def test_rows_reach_the_entities_with_their_subtypes(self):
        NOTES.clear()
        out = _setup.by_id(add_curated_organizations([]))
        self.assertEqual(out["gazette:org/boko-haram"]["subtype"], "armed_group")
        self.assertEqual(out["gazette:org/securities-and-exchange-commission"]["subtype"], "government")
        self.assertEqual(out["gazette:org/securities-and-exchange-commission"]["attributes"]["kind"], "regulator")
        self.assertIn("source_url", out["gazette:org/dawn"]["attributes"])
        self.assertNotIn("dawn.com", texts(out["gazette:org/dawn"]))
        # With no other entity, every alias addition names a missing id: warned and skipped.
        self.assertTrue(any("no entity has the id Q912899" in n for n in NOTES))
        self.assertNotIn("Q912899", out)

    def test_aliases_join_existing_entities(self):
        NOTES.clear()
        tmc = self.org("Q912899", "All India Trinamool Congress", "IN")
        boko = self.org("Q1000000", "Boko Haram", "NG")
        out = _setup.by_id(add_curated_organizations([tmc, boko]))
        self.assertIn("Trinamool", texts(out["Q912899"]))
        self.assertIn("gazette", out["Q912899"]["attributes"]["source"].split(";"))
        # The curated Boko Haram row names an organization already there: no second entity.
        self.assertNotIn("gazette:org/boko-haram", out)
        self.assertIn("JAS", texts(out["Q1000000"]))
        self.assertFalse(any("no entity has the id Q912899" in n for n in NOTES))

    def test_names_of_english_words_are_case_sensitive(self):
        out = _setup.by_id(add_curated_organizations([], _setup.words()))
        self.assertEqual(flags(out["gazette:org/the-diplomat"], "The Diplomat"), {"case_sensitive": True})
        self.assertEqual(flags(out["gazette:org/thisday"], "This Day"), {"case_sensitive": True})
        self.assertEqual(out["gazette:org/thisday"]["name"], "ThisDay")
        self.assertEqual(flags(out["gazette:org/premium-times"], "Premium Times"), {"case_sensitive": True})

    def test_rejected_rows(self):
        good = {"id": "gazette:org/x-y", "name": "X Y", "type": "ORGANIZATION", "subtype": "ministry",
                "aliases": [], "attributes": {"as_of": "2025", "source_url": "https://example.org/a"}}
        self.assertIsNone(curated_organization_problem(good, additions=False))
        self.assertIn("subtype", curated_organization_problem(dict(good, subtype="club"), additions=False))
        self.assertIn("source_url", curated_organization_problem(dict(good, attributes={"as_of": "2025"}), additions=False))
        self.assertIn("id", curated_organization_problem(dict(good, id="Q12x"), additions=False))
        self.assertIn("no aliases", curated_organization_problem(dict(good, aliases=[]), additions=True))
