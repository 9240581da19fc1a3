//! The context layer, table-driven: titles, short forms, ambiguity,
//! metonymy, dates, confidence and explanations.

use gazette::dictionary::EntityType;
use gazette::engine::dates::Date;
use gazette::engine::{Engine, MentionSource, Options};

use crate::helpers::engine_from;

/// A dictionary with the cases the context layer decides.
const CONTEXT_DICTIONARY: &str = r#"{"id":"Q12612463","name":"Lee Jae Myung","type":"LEADER","aliases":[{"text":"Lee","short":true}],"attributes":{"country":"KR","office":"President of South Korea","office_start":"2025-06-04"}}
{"id":"gazette:person/lee-myung-bak","name":"Lee Myung-bak","type":"LEADER","aliases":[{"text":"Lee","short":true}],"attributes":{"country":"KR","office":"President of South Korea","office_start":"2008-02-25","office_end":"2013-02-24"}}
{"id":"gazette:person/shigeru-ishiba","name":"Shigeru Ishiba","type":"LEADER","aliases":["Ishiba"],"attributes":{"country":"JP","office":"Prime Minister of Japan","office_start":"2024-10-01","office_end":"2025-10-21"}}
{"id":"gazette:person/cho-hyun","name":"Cho Hyun","type":"OFFICIAL","attributes":{"country":"KR"}}
{"id":"Q230","name":"Georgia","type":"PLACE","subtype":"country","aliases":[{"text":"Georgia","case_sensitive":true}],"attributes":{"country":"GE"},"priority":10}
{"id":"Q1428","name":"Georgia (U.S. state)","type":"PLACE","subtype":"state","aliases":[{"text":"Georgia","case_sensitive":true}],"attributes":{"country":"US"},"priority":6}
{"id":"Q23556","name":"Atlanta","type":"PLACE","subtype":"city","attributes":{"country":"US"}}
{"id":"Q994","name":"Tbilisi","type":"PLACE","subtype":"city","attributes":{"country":"GE"}}
{"id":"Q35525","name":"White House","type":"PLACE","subtype":"landmark","attributes":{"country":"US"}}
{"id":"Q30","name":"United States","type":"PLACE","subtype":"country","aliases":["US"],"attributes":{"country":"US"},"priority":10}
{"id":"Q55","name":"Netherlands","type":"PLACE","subtype":"country","aliases":["the Netherlands"],"priority":10}
{"id":"gazette:person/keir-starmer","name":"Keir Starmer","type":"LEADER","aliases":["Sir Keir Starmer","Starmer"],"attributes":{"country":"GB"}}
{"id":"Q458","name":"European Commission","type":"ORGANIZATION","subtype":"international"}
"#;

fn engine() -> Engine {
    engine_from(CONTEXT_DICTIONARY)
}

/// (span, id, type, source) of each mention.
fn found(
    engine: &Engine,
    text: &str,
    options: &Options,
) -> Vec<(String, String, EntityType, MentionSource)> {
    let extraction = engine.extract(text, options);
    extraction
        .mentions
        .iter()
        .map(|m| {
            (
                text[m.start..m.end].to_string(),
                extraction.view(engine, m.referent).id.to_string(),
                m.entity_type,
                m.source,
            )
        })
        .collect()
}

macro_rules! context {
    ($($name:ident: $text:expr => [$(($span:expr, $id:expr, $t:ident, $source:ident)),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let got = found(&engine(), $text, &Options::default());
            let expected: Vec<(String, String, EntityType, MentionSource)> = vec![
                $(($span.to_string(), $id.to_string(), EntityType::$t, MentionSource::$source)),*
            ];
            assert_eq!(got, expected, "text: {:?}", $text);
        }
    )*};
}

context! {
    title_names_an_unknown_official: "Deputy Foreign Minister Majid Takht-Ravanchi met them. Takht-Ravanchi said no." => [
        ("Majid Takht-Ravanchi", "gazette:person/majid-takht-ravanchi", Official, Title),
        ("Takht-Ravanchi", "gazette:person/majid-takht-ravanchi", Official, Coreference),
    ];
    title_names_an_unknown_leader: "Prime Minister Jeremiah Manele spoke." => [
        ("Jeremiah Manele", "gazette:person/jeremiah-manele", Leader, Title),
    ];
    title_span_excludes_the_title: "Foreign Minister Cho Hyun arrived." => [
        ("Cho Hyun", "gazette:person/cho-hyun", Official, Dictionary),
    ];
    organization_president_is_an_official: "European Commission President Ursula von der Leyen" => [
        ("European Commission", "Q458", Organization, Dictionary),
        ("Ursula von der Leyen", "gazette:person/ursula-von-der-leyen", Official, Title),
    ];
    family_name_first_surname: "Foreign Minister Wang Yi met Cho Hyun. Wang said yes; Cho agreed." => [
        ("Wang Yi", "gazette:person/wang-yi", Official, Title),
        ("Cho Hyun", "gazette:person/cho-hyun", Official, Dictionary),
        ("Wang", "gazette:person/wang-yi", Official, Coreference),
        ("Cho", "gazette:person/cho-hyun", Official, Coreference),
    ];
    short_form_needs_a_full_mention: "Lee said so." => [];
    short_form_after_full_mention: "Lee Jae Myung spoke. Lee left." => [
        ("Lee Jae Myung", "Q12612463", Leader, Dictionary),
        ("Lee", "Q12612463", Leader, Coreference),
    ];
    title_and_short_form_pick_the_office_holder: "President Lee said so." => [
        ("Lee", "Q12612463", Leader, Dictionary),
    ];
    safe_surname_alone: "Ishiba said so." => [
        ("Ishiba", "gazette:person/shigeru-ishiba", Leader, Dictionary),
    ];
    ambiguity_us_context: "Atlanta, Georgia voted." => [
        ("Atlanta", "Q23556", Place, Dictionary),
        ("Georgia", "Q1428", Place, Dictionary),
    ];
    ambiguity_caucasus_context: "Tbilisi, Georgia protested." => [
        ("Tbilisi", "Q994", Place, Dictionary),
        ("Georgia", "Q230", Place, Dictionary),
    ];
    ambiguity_prior_alone: "Georgia voted." => [("Georgia", "Q230", Place, Dictionary)];
    ambiguity_state_of: "the state of Georgia voted" => [("Georgia", "Q1428", Place, Dictionary)];
    white_house_acts: "The White House said no." => [("White House", "Q35525", Organization, Dictionary)];
    white_house_spokesperson: "White House spokesperson Karoline Leavitt" => [
        ("White House", "Q35525", Organization, Dictionary),
        ("Karoline Leavitt", "gazette:person/karoline-leavitt", Official, Title),
    ];
    white_house_venue: "They met at the White House on Friday." => [("White House", "Q35525", Place, Dictionary)];
    lowercase_the_is_not_part_of_a_name: "the Prime Minister of the Netherlands" => [("Netherlands", "Q55", Place, Dictionary)];
    honorific_is_not_part_of_a_name: "Sir Keir Starmer spoke." => [("Keir Starmer", "gazette:person/keir-starmer", Leader, Dictionary)];
    title_does_not_swallow_places: "He will head South Korea's delegation." => [];
}

#[test]
fn document_date_picks_the_office_holder_and_reports_the_office() {
    let engine = engine();
    let text = "President Lee said so.";
    let in_2010 = Options {
        date: Date::parse("2010-05-01", false),
        ..Options::default()
    };
    let got = found(&engine, text, &in_2010);
    assert_eq!(got[0].1, "gazette:person/lee-myung-bak");
    let in_2025 = Options {
        date: Date::parse("2025-08-01", false),
        ..Options::default()
    };
    assert_eq!(found(&engine, text, &in_2025)[0].1, "Q12612463");
}

#[test]
fn explain_says_why_and_what_was_dropped() {
    let engine = engine();
    let text = "Lee met Lee Jae Myung in Georgia.";
    let options = Options {
        explain: true,
        ..Options::default()
    };
    let extraction = engine.extract(text, &options);
    let lee = &extraction.mentions[0];
    assert_eq!(&text[lee.start..lee.end], "Lee Jae Myung");
    assert!(
        lee.explanation
            .contains("alias \"Lee Jae Myung\" of Lee Jae Myung"),
        "{}",
        lee.explanation
    );
    let georgia = &extraction.mentions[1];
    assert!(
        georgia
            .explanation
            .contains("chosen over Georgia (U.S. state) by priority"),
        "{}",
        georgia.explanation
    );
    assert_eq!(georgia.alternatives.len(), 1);
    let reasons: Vec<&str> = extraction
        .dropped
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        reasons.contains(&"short form with no full mention of its entity before it"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("overlapped by \"Lee Jae Myung\"")),
        "{reasons:?}"
    );
}

#[test]
fn min_confidence_drops_weak_mentions() {
    let engine = engine();
    let text = "Prime Minister Jeremiah Manele met Shigeru Ishiba.";
    let all = found(&engine, text, &Options::default());
    assert_eq!(all.len(), 2);
    let strict = Options {
        min_confidence: 0.9,
        ..Options::default()
    };
    let kept = found(&engine, text, &strict);
    assert_eq!(kept.len(), 1, "the title-only name is less sure: {kept:?}");
    assert_eq!(kept[0].0, "Shigeru Ishiba");
}

/// A priority of any size orders the readings whose context is equal, and
/// never counts as the document's context.
#[test]
fn priorities_of_a_thousand_and_more_are_priorities() {
    let engine = engine_from(
        r#"{"id":"gazette:place/springfield-il","name":"Springfield (Illinois)","type":"PLACE","aliases":["Springfield"],"priority":2000}
{"id":"gazette:place/springfield-mo","name":"Springfield (Missouri)","type":"PLACE","aliases":["Springfield"],"priority":1000}
{"id":"gazette:place/portland-or","name":"Portland (Oregon)","type":"PLACE","aliases":["Portland"],"priority":1000}
{"id":"gazette:place/portland-me","name":"Portland (Maine)","type":"PLACE","aliases":["Portland"]}
"#,
    );
    let options = Options {
        explain: true,
        ..Options::default()
    };
    let text = "They flew from Springfield to Portland.";
    let extraction = engine.extract(text, &options);
    let chosen: Vec<(&str, &str, f32)> = extraction
        .mentions
        .iter()
        .map(|m| {
            assert!(m.explanation.ends_with("by priority"), "{}", m.explanation);
            (
                &text[m.start..m.end],
                extraction.view(&engine, m.referent).id,
                m.confidence,
            )
        })
        .collect();
    assert_eq!(
        chosen,
        [
            ("Springfield", "gazette:place/springfield-il", 0.85),
            ("Portland", "gazette:place/portland-or", 0.85),
        ]
    );
}
