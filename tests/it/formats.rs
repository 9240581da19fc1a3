//! Dictionary file formats, validation and merging.

use gazette::dictionary::{
    DEFAULT_FILES, Dictionary, EntityType, Format, Source, export_jsonl, parse,
};

fn load(name: &str, text: &str) -> Result<Dictionary, Vec<String>> {
    Dictionary::load(&[Source::Text {
        name: name.into(),
        text: text.into(),
    }])
    .map_err(|e| e.problems.iter().map(ToString::to_string).collect())
}

#[test]
fn tsv_with_header_aliases_and_subtype() {
    let text = "id\tname\ttype\taliases\tsubtype\n\
                # a comment\n\
                acme\tAcme Corporation\tORGANIZATION\tAcme|ACME Corp\tcompany\n\
                q1\tRiverland\tPLACE\n";
    let dictionary = load("user.tsv", text).unwrap();
    let acme = &dictionary.entries()[0];
    assert_eq!(acme.entity_type, EntityType::Organization);
    assert_eq!(&*acme.subtype, "company");
    let aliases: Vec<&str> = acme.aliases.iter().map(|a| &*a.text).collect();
    assert_eq!(aliases, vec!["Acme Corporation", "Acme", "ACME Corp"]);
    assert_eq!(&*dictionary.entries()[1].name, "Riverland");
}

#[test]
fn tsv_problems_name_file_and_line() {
    let problems = load("user.tsv", "a\tAlpha\tPLACE\nb\tBeta\n\tGamma\tPLACE\n").unwrap_err();
    assert_eq!(
        problems,
        vec![
            "user.tsv:2: expected 3 to 6 tab-separated fields (id, name, type, aliases, subtype, offices), found 2",
            "user.tsv:3: id is empty",
        ]
    );
}

#[test]
fn spacy_patterns_as_is() {
    let text = r#"{"label": "ORG", "pattern": "Apple", "id": "apple"}
{"label": "ORG", "pattern": [{"LOWER": "apple"}, {"LOWER": "inc"}], "id": "apple"}
{"label": "GPE", "pattern": [{"ORTH": "SF"}]}
{"label": "PERSON", "pattern": "Ada Lovelace"}
"#;
    let dictionary = load("patterns.jsonl", text).unwrap();
    let entries = dictionary.entries();
    assert_eq!(entries.len(), 3);
    assert_eq!(&*entries[0].id, "apple");
    assert_eq!(entries[0].entity_type, EntityType::Organization);
    assert_eq!(entries[0].aliases.len(), 2);
    assert_eq!(entries[1].entity_type, EntityType::Place);
    assert!(entries[1].aliases[0].case_sensitive, "ORTH keeps case");
    assert_eq!(entries[2].entity_type, EntityType::Other);
    assert_eq!(&*entries[2].label, "PERSON");
}

#[test]
fn dictionary_problems_give_the_file_line_and_column_and_suggest_types() {
    let text = "{\"id\": \"a\", \"name\": \"Alpha\", \"type\": \"PLACE\"}\n\
                # a comment\n  \
                {\"id\": \"b\", \"name\": \"Beta\", \"type\": PLACE}\n\
                {\"id\": \"c\", \"name\": \"Gamma\", \"type\": \"ORGANISATION\"}\n\
                {\"id\": \"d\", \"name\": \"Delta\", \"type\": \"leader\"}\n\
                {\"id\": \"e\", \"name\": \"Epsilon\", \"type\": \"OWNER\"}\n";
    let problems = load("user.jsonl", text).unwrap_err();
    assert_eq!(
        problems,
        vec![
            "user.jsonl:3: invalid JSON at column 39: expected value",
            "user.jsonl:4: type \"ORGANISATION\" is not a built-in type: did you mean ORGANIZATION? (a custom label this close to a built-in one is taken for a typo)",
            "user.jsonl:5: type \"leader\" is not a built-in type: did you mean LEADER? (a custom label this close to a built-in one is taken for a typo)",
        ]
    );
}

#[test]
fn spacy_token_patterns_keep_case_rules_and_spacy_joining() {
    let text = r#"{"label": "org", "pattern": [{"LOWER": "coca"}, {"ORTH": "-"}, {"LOWER": "cola"}]}
{"label": "Org", "pattern": [{"LOWER": "mcdonald"}, {"ORTH": "'s"}]}
{"label": "gpe", "pattern": [{"ORTH": "New"}, {"TEXT": "York"}]}
{"label": "ORG", "pattern": [{"ORTH": "Procter"}, {"ORTH": "&"}, {"LOWER": "gamble"}]}
"#;
    let dictionary = load("patterns.jsonl", text).unwrap();
    let entries = dictionary.entries();
    let first = |i: usize| {
        (
            &*entries[i].aliases[0].text,
            entries[i].aliases[0].case_sensitive,
        )
    };
    assert_eq!(
        first(0),
        ("coca-cola", false),
        "LOWER tokens match any case"
    );
    assert_eq!(
        entries[0].entity_type,
        EntityType::Organization,
        "org is ORG"
    );
    assert_eq!(first(1), ("mcdonald's", false));
    assert_eq!(entries[1].entity_type, EntityType::Organization);
    assert_eq!(first(2), ("New York", true), "ORTH and TEXT keep case");
    assert_eq!(entries[2].entity_type, EntityType::Place);
    assert_eq!(
        first(3),
        ("Procter & gamble", false),
        "a LOWER word matches any case"
    );
    let engine = gazette::engine::Engine::build(dictionary).unwrap();
    let found = engine.extract(
        "Coca-Cola and McDonald's opened in New York, not new york.",
        &Default::default(),
    );
    let texts: Vec<&str> = found
        .mentions
        .iter()
        .map(|m| &"Coca-Cola and McDonald's opened in New York, not new york."[m.start..m.end])
        .collect();
    assert_eq!(texts, vec!["Coca-Cola", "McDonald's", "New York"]);
}

#[test]
fn spacy_unsupported_token_keys_are_named() {
    let text = r#"{"label": "ORG", "pattern": [{"LOWER": "acme"}, {"LOWER": "inc", "OP": "?"}]}"#;
    let problems = load("patterns.jsonl", text).unwrap_err();
    assert_eq!(
        problems,
        vec![
            "patterns.jsonl:1: token 2: token pattern attribute OP is not supported (only LOWER, ORTH and TEXT)"
        ]
    );
}

#[test]
fn spacy_unsupported_token_attribute_is_reported() {
    let text = r#"{"label": "ORG", "pattern": [{"POS": "NOUN"}]}"#;
    let problems = load("patterns.jsonl", text).unwrap_err();
    assert_eq!(
        problems,
        vec![
            "patterns.jsonl:1: token 1: token pattern attribute POS is not supported (only LOWER, ORTH and TEXT)"
        ]
    );
}

#[test]
fn every_problem_of_a_json_lines_file_is_reported() {
    let text = r#"{"id": "a", "name": "Alpha", "type": "PLACE"}
{"id": "b", "name": "Beta", "type": "PLACE", "aliases": ["+"]}
not json
{"id": "a", "name": "Alpha again", "type": "PLACE"}
{"id": "c", "name": "Gamma", "type": "place"}
{"id": "d", "name": "Delta", "type": "PLACE", "alias": ["D"]}
{"id": "e", "type": "PLACE"}
"#;
    let problems = load("user.jsonl", text).unwrap_err();
    assert_eq!(problems.len(), 6, "{problems:#?}");
    assert_eq!(
        problems[0],
        "user.jsonl:2: alias \"+\" needs a letter or digit"
    );
    assert!(
        problems[1].starts_with("user.jsonl:3: invalid JSON"),
        "{}",
        problems[1]
    );
    assert_eq!(
        problems[2],
        "user.jsonl:4: duplicate id \"a\", first defined on line 1"
    );
    assert_eq!(
        problems[3],
        "user.jsonl:5: type \"place\" is not a built-in type: did you mean PLACE? (a custom label this close to a built-in one is taken for a typo)"
    );
    assert!(
        problems[4].starts_with("user.jsonl:6: invalid entry: unknown field `alias`"),
        "{}",
        problems[4]
    );
    assert!(
        problems[5].starts_with("user.jsonl:7: invalid entry: missing field `name`"),
        "{}",
        problems[5]
    );
}

#[test]
fn later_sources_override_by_id() {
    let dictionary = Dictionary::load(&[
        Source::Text {
            name: "base.jsonl".into(),
            text: r#"{"id": "x", "name": "Old Name", "type": "PLACE"}
{"id": "y", "name": "Kept", "type": "PLACE"}"#
                .into(),
        },
        Source::Text {
            name: "user.jsonl".into(),
            text: r#"{"id": "x", "name": "New Name", "type": "ORGANIZATION"}"#.into(),
        },
    ])
    .unwrap();
    let names: Vec<&str> = dictionary.entries().iter().map(|e| &*e.name).collect();
    assert_eq!(names, vec!["New Name", "Kept"]);
    assert_eq!(&*dictionary.entries()[0].source, "user.jsonl");
    assert_eq!(dictionary.sources().len(), 2);
}

#[test]
fn an_alias_repeating_the_name_sets_its_rule() {
    let text = r#"{"id": "td", "name": "Chad", "type": "PLACE", "aliases": [{"text": "Chad", "case_sensitive": true}]}"#;
    let dictionary = load("user.jsonl", text).unwrap();
    let aliases = &dictionary.entries()[0].aliases;
    assert_eq!(aliases.len(), 1);
    assert!(aliases[0].case_sensitive);
}

#[test]
fn the_embedded_dictionary_is_its_files_as_parsed() {
    let mut parsed = Vec::new();
    for file in DEFAULT_FILES {
        let path = format!("{}/data/dictionary/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        parsed.extend(parse(&path, &text, Format::JsonLines).unwrap());
    }
    for entry in &mut parsed {
        entry.source = "default".into();
    }
    let embedded = Dictionary::embedded().unwrap();
    assert_eq!(embedded.entries().len(), parsed.len());
    assert!(embedded.entries() == parsed.as_slice());
}

#[test]
fn export_round_trips_the_default_dictionary() {
    let dictionary = Dictionary::embedded().unwrap();
    let mut exported = Vec::new();
    export_jsonl(dictionary.entries(), &mut exported).unwrap();
    let text = String::from_utf8(exported.clone()).unwrap();
    let mut reparsed = parse("export.jsonl", &text, Format::JsonLines).unwrap();
    for entry in &mut reparsed {
        entry.source = "default".into();
        entry.add_generated_variants();
    }
    assert_eq!(reparsed.as_slice(), dictionary.entries());
    let mut again = Vec::new();
    export_jsonl(&reparsed, &mut again).unwrap();
    assert_eq!(again, exported);
}

#[test]
fn spacy_patterns_sharing_an_id_are_each_validated() {
    let text = r#"{"label": "GPE", "pattern": "Korea", "id": "Q884"}
{"label": "GPE", "pattern": "-", "id": "Q884"}
"#;
    let problems = load("patterns.jsonl", text).unwrap_err();
    assert_eq!(
        problems,
        vec!["patterns.jsonl:2: alias \"-\" needs a letter or digit"]
    );
}

#[test]
fn generated_variants_come_after_every_written_alias() {
    // Patterns sharing an id add aliases after the first one's variants
    // exist; the variants still come last, and a written alias that equals
    // a variant stays written.
    let text = r#"{"label": "ORG", "pattern": "Wi Sung-lac", "id": "w"}
{"label": "ORG", "pattern": "Wi Sung lac", "id": "w"}
{"label": "ORG", "pattern": "Foo-Bar", "id": "w"}
{"id": "x", "name": "Jean-Luc", "type": "PERSON", "aliases": ["Jean Luc", "Kim Jong-un"]}
"#;
    let dictionary = load("mixed.jsonl", text).unwrap();
    let aliases = |index: usize| -> Vec<(&str, bool)> {
        dictionary.entries()[index]
            .aliases
            .iter()
            .map(|a| (&*a.text, a.generated))
            .collect()
    };
    assert_eq!(
        aliases(0),
        vec![
            ("Wi Sung-lac", false),
            ("Wi Sung lac", false),
            ("Foo-Bar", false),
            ("Foo Bar", true),
        ]
    );
    assert_eq!(
        aliases(1),
        vec![
            ("Jean-Luc", false),
            ("Jean Luc", false),
            ("Kim Jong-un", false),
            ("Kim Jong un", true),
        ]
    );
}

#[test]
fn a_name_gets_every_combination_of_its_variants_at_once() {
    // "el-Hamra and Río": the "and" joins two capitalized words only once
    // the hyphen is a space, so the variant with both changes comes from
    // the spaced form; a second pass finds nothing more.
    let text = r#"{"id": "p", "name": "Saguia el-Hamra and Río de Oro", "type": "PLACE"}
{"id": "q", "name": "Guinea-Bissau and Cabo Verde", "type": "PLACE"}
"#;
    let dictionary = load("variants.jsonl", text).unwrap();
    let generated = |index: usize| -> Vec<&str> {
        let aliases = &dictionary.entries()[index].aliases;
        aliases
            .iter()
            .filter(|a| a.generated)
            .map(|a| &*a.text)
            .collect()
    };
    assert_eq!(
        generated(0),
        vec![
            "Saguia el Hamra & Río de Oro",
            "Saguia el Hamra and Río de Oro"
        ]
    );
    assert_eq!(
        generated(1),
        vec![
            "Guinea-Bissau & Cabo Verde",
            "Guinea Bissau & Cabo Verde",
            "Guinea Bissau and Cabo Verde"
        ]
    );
    let mut again = dictionary.entries()[0].clone();
    again.add_generated_variants();
    assert_eq!(again, dictionary.entries()[0]);
}

const STRUCTURED_OFFICES: &str = r#"{"id": "x:rutte", "name": "Mark Rutte", "type": "LEADER", "offices": [{"title": "Prime Minister of the Netherlands", "country": "NL", "start": "2010-10-14", "end": "2024-07-02"}, {"title": "Secretary General of NATO", "organization": "NATO", "start": "2024-10-01", "end": null}]}"#;

#[test]
fn jsonl_offices_are_structured() {
    let dictionary = load("people.jsonl", STRUCTURED_OFFICES).unwrap();
    let rutte = &dictionary.entries()[0];
    let offices: Vec<_> = rutte
        .offices
        .iter()
        .map(|o| {
            (
                &*o.title,
                o.country.as_deref(),
                o.organization.as_deref(),
                o.start.as_deref(),
                o.end.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        offices,
        vec![
            (
                "Prime Minister of the Netherlands",
                Some("NL"),
                None,
                Some("2010-10-14"),
                Some("2024-07-02")
            ),
            (
                "Secretary General of NATO",
                None,
                Some("NATO"),
                Some("2024-10-01"),
                None
            ),
        ]
    );
}

#[test]
fn offices_export_and_load_back_unchanged() {
    let dictionary = load("people.jsonl", STRUCTURED_OFFICES).unwrap();
    let mut out = Vec::new();
    export_jsonl(dictionary.entries(), &mut out).unwrap();
    let exported = String::from_utf8(out).unwrap();
    assert!(exported.contains(r#""offices":[{"title":"Prime Minister of the Netherlands","country":"NL","start":"2010-10-14","end":"2024-07-02"},"#), "{exported}");
    let again = load("again.jsonl", &exported).unwrap();
    assert_eq!(again.entries()[0].offices, dictionary.entries()[0].offices);
}

#[test]
fn tsv_offices_column() {
    let text = "x:barrot\tJean-Noël Barrot\tOFFICIAL\tBarrot\tminister\t\
                Minister for Europe and Foreign Affairs|2024-09-21||FR; Chair|2025|2025-06|OSCE Ministerial Council\n";
    let dictionary = load("people.tsv", text).unwrap();
    let offices = &dictionary.entries()[0].offices;
    assert_eq!(offices.len(), 2);
    assert_eq!(
        &*offices[0].title,
        "Minister for Europe and Foreign Affairs"
    );
    assert_eq!(offices[0].country.as_deref(), Some("FR"));
    assert_eq!(offices[0].start.as_deref(), Some("2024-09-21"));
    assert_eq!(offices[0].end, None);
    assert_eq!(offices[1].country, None);
    assert_eq!(
        offices[1].organization.as_deref(),
        Some("OSCE Ministerial Council")
    );
    assert_eq!(offices[1].end.as_deref(), Some("2025-06"));
}

#[test]
fn office_attributes_become_offices() {
    let text = r#"{"id": "x:ishiba", "name": "Shigeru Ishiba", "type": "LEADER", "attributes": {"office": "Prime Minister of Japan", "office_start": "2024-10-01", "office_end": "2025-10-21", "offices": "Minister of Defense|2007-09|2008-08"}}"#;
    let dictionary = load("people.jsonl", text).unwrap();
    let ishiba = &dictionary.entries()[0];
    let titles: Vec<(&str, Option<&str>, Option<&str>)> = ishiba
        .offices
        .iter()
        .map(|o| (&*o.title, o.start.as_deref(), o.end.as_deref()))
        .collect();
    assert_eq!(
        titles,
        vec![
            (
                "Prime Minister of Japan",
                Some("2024-10-01"),
                Some("2025-10-21")
            ),
            ("Minister of Defense", Some("2007-09"), Some("2008-08")),
        ]
    );
    assert_eq!(ishiba.attributes["office"], "Prime Minister of Japan");
}

#[test]
fn bad_offices_are_reported_with_file_and_line() {
    let text = concat!(
        r#"{"id": "a", "name": "Alpha Person", "type": "OFFICIAL", "offices": [{"title": "Mayor", "start": "2025-02-30"}]}"#,
        "\n",
        r#"{"id": "b", "name": "Beta Person", "type": "OFFICIAL", "offices": [{"title": "Envoy", "country": "France"}]}"#,
        "\n",
        r#"{"id": "c", "name": "Gamma Person", "type": "OFFICIAL", "offices": [{"title": "Chair", "start": "2025-05", "end": "2024"}]}"#,
        "\n",
        r#"{"id": "d", "name": "Delta Person", "type": "OFFICIAL", "offices": [{"title": " ", "country": "FR"}, {"title": "Head", "country": "FR", "organization": "UN"}]}"#,
        "\n",
        r#"{"id": "e", "name": "Epsilon Person", "type": "OFFICIAL", "offices": [{"title": "Head", "since": "2020"}]}"#,
        "\n",
        r#"{"id": "f", "name": "Zeta Person", "type": "OFFICIAL", "attributes": {"office": "Mayor", "office_start": "2016-05-09", "office_end": "2010-05-11"}}"#,
        "\n",
    );
    let problems = load("people.jsonl", text).unwrap_err();
    assert_eq!(problems.len(), 7, "{problems:#?}");
    assert_eq!(
        problems[..5],
        [
            r#"people.jsonl:1: office 1: start "2025-02-30" is not a date of the calendar (YYYY-MM-DD, YYYY-MM or YYYY)"#,
            r#"people.jsonl:2: office 1: country "France" is not an ISO 3166-1 alpha-2 code (two capital letters)"#,
            r#"people.jsonl:3: office 1: end "2024" is before start "2025-05""#,
            "people.jsonl:4: office 1: title is empty",
            r#"people.jsonl:4: office 2: "Head" names a country and an organization: an office is one or the other"#,
        ]
    );
    assert!(
        problems[5].starts_with("people.jsonl:5: invalid entry: unknown field `since`"),
        "{}",
        problems[5]
    );
    assert_eq!(
        problems[6],
        r#"people.jsonl:6: office 1 of the attributes: end "2010-05-11" is before start "2016-05-09""#
    );
}

#[test]
fn one_letter_aliases_load_in_every_format_and_keep_their_case() {
    let jsonl = r#"{"id": "r", "name": "R", "type": "LANGUAGE", "aliases": ["r", "c++"]}
"#;
    let loaded = load("user.jsonl", jsonl).unwrap();
    let aliases: Vec<(&str, bool)> = loaded.entries()[0]
        .aliases
        .iter()
        .map(|a| (&*a.text, a.case_sensitive))
        .collect();
    assert_eq!(aliases, [("R", true), ("r", true), ("c++", true)]);
    let tsv = "csharp\tC#\tLANGUAGE\tF#\n";
    let loaded = load("user.tsv", tsv).unwrap();
    assert!(loaded.entries()[0].aliases.iter().all(|a| a.case_sensitive));
    let spacy = r#"{"label": "lang", "pattern": "C#", "id": "cs"}
"#;
    let loaded = load("patterns.jsonl", spacy).unwrap();
    assert!(loaded.entries()[0].aliases.iter().all(|a| a.case_sensitive));
    let none = r#"{"id": "x", "name": "\u200b", "type": "PLACE"}
"#;
    assert_eq!(
        load("user.jsonl", none).unwrap_err(),
        ["user.jsonl:1: name \"\\u{200b}\" needs a letter or digit"]
    );
}
