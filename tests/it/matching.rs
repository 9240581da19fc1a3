//! Matching rules, table-driven: a text and the spans and ids it must give.

use gazette::engine::{Engine, MentionSource, Options, Overlap};

use crate::helpers::{engine_from, test_engine};

/// The (span text, entity id) pairs the engine finds, in text order.
fn spans(engine: &Engine, text: &str, overlap: Overlap) -> Vec<(String, String)> {
    let options = Options {
        overlap,
        ..Options::default()
    };
    let extraction = engine.extract(text, &options);
    extraction
        .mentions
        .iter()
        .map(|m| {
            (
                text[m.start..m.end].to_string(),
                extraction.view(engine, m.referent).id.to_string(),
            )
        })
        .collect()
}

macro_rules! matches {
    ($($name:ident: $text:expr => [$(($span:expr, $id:expr)),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let engine = test_engine();
            let expected: Vec<(String, String)> =
                vec![$(($span.to_string(), $id.to_string())),*];
            assert_eq!(spans(&engine, $text, Overlap::Longest), expected, "text: {:?}", $text);
        }
    )*};
}

matches! {
    no_lee_in_leeds: "Leeds United won." => [("Leeds", "Q39503")];
    no_us_in_usb: "a USB stick and a bus" => [];
    acronym_only_in_its_case: "us and US and Us" => [("US", "Q30")];
    dotted_acronym: "the U.S. economy" => [("U.S.", "Q30")];
    currency_sign_is_not_a_country: "it cost US$5 million" => [];
    possessive_straight: "Trump's plan" => [("Trump", "Q22686")];
    possessive_curly: "Trump\u{2019}s plan" => [("Trump", "Q22686")];
    hyphenated_compound: "US-led talks on the Seoul-Tokyo axis" => [("US", "Q30"), ("Tokyo", "Q1490")];
    longest_wins: "South Korea and North Korea" => [("South Korea", "Q884"), ("North Korea", "Q423")];
    any_case_for_names: "SOUTH KOREA and south korea" => [("SOUTH KOREA", "Q884"), ("south korea", "Q884")];
    korean_name_before_particle: "이재명은 말했다" => [("이재명", "Q12612463")];
    korean_name_needs_a_start: "김이재명" => [];
    japanese_without_spaces: "東京都に行く" => [("東京", "Q1490")];
    diacritics_folded: "Erdogan and Erdoğan" => [("Erdogan", "gazette:leader/erdogan"), ("Erdoğan", "gazette:leader/erdogan")];
    no_break_space: "South\u{a0}Korea" => [("South\u{a0}Korea", "Q884")];
    full_width_letters: "ＵＳＡ" => [("ＵＳＡ", "Q30")];
    soft_hyphen_inside: "Tru\u{ad}mp" => [("Tru\u{ad}mp", "Q22686")];
    hyphen_variant_generated: "Wi Sung Lac and Wi Sung-lac" => [("Wi Sung Lac", "gazette:official/wi-sung-lac"), ("Wi Sung-lac", "gazette:official/wi-sung-lac")];
    common_word_alias_keeps_case: "a chad vote in Chad" => [("Chad", "Q657")];
    shorter_alias_survives_longer_failing: "New York Timesman" => [("New York", "Q60")];
    longer_alias_wins_when_it_fits: "The New York Times said" => [("The New York Times", "Q9684")];
    priority_breaks_ties: "Georgia" => [("Georgia", "Q230")];
    short_form_alone_does_not_count: "Lee said so." => [];
    short_form_after_full_name: "Lee Jae Myung spoke. Lee\u{2019}s aide, Wi, did not." => [("Lee Jae Myung", "Q12612463"), ("Lee", "Q12612463")];
    short_form_of_each_entity: "Wi Sung-lac met Lee Jae-myung. Wi and Lee left." => [("Wi Sung-lac", "gazette:official/wi-sung-lac"), ("Lee Jae-myung", "Q12612463"), ("Wi", "gazette:official/wi-sung-lac"), ("Lee", "Q12612463")];
    email_and_domain: "write to korea@example.com or alojapan.com" => [];
    handle_is_a_mention: "thanks, @Lee Jae Myung" => [("Lee Jae Myung", "Q12612463")];
    handle_beside_an_email_address: "@Lee Jae Myung wrote to lee@korea.kr" => [("Lee Jae Myung", "Q12612463")];
    empty_text: "" => [];
}

#[test]
fn coreference_is_marked_and_less_confident() {
    let engine = test_engine();
    let text = "Lee Jae Myung spoke. Lee left.";
    let mentions = engine.extract(text, &Options::default()).mentions;
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[0].source, MentionSource::Dictionary);
    assert_eq!(mentions[1].source, MentionSource::Coreference);
    assert!(mentions[1].confidence < mentions[0].confidence);
}

#[test]
fn overlap_all_keeps_every_candidate() {
    let engine = test_engine();
    assert_eq!(
        spans(&engine, "South Korea", Overlap::All),
        vec![
            ("South Korea".to_string(), "Q884".to_string()),
            ("Korea".to_string(), "gazette:place/korea".to_string())
        ]
    );
}

#[test]
fn overlap_no_sub_drops_only_nested_spans() {
    let engine = engine_from(
        r#"{"id":"a","name":"Alpha Beta","type":"PLACE"}
{"id":"b","name":"Beta Gamma","type":"PLACE"}
{"id":"c","name":"Beta","type":"PLACE"}
"#,
    );
    let text = "Alpha Beta Gamma";
    let ids = |overlap| -> Vec<String> {
        spans(&engine, text, overlap)
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    };
    // "Beta" sits inside both; the two partial overlaps stay.
    assert_eq!(ids(Overlap::NoSub), vec!["a", "b"]);
    // Longest keeps one of the two equally long spans: the earlier.
    assert_eq!(ids(Overlap::Longest), vec!["a"]);
    assert_eq!(ids(Overlap::All), vec!["a", "c", "b"]);
}

#[test]
fn type_filter_applies_after_overlaps() {
    let engine = test_engine();
    let options = Options {
        types: gazette::dictionary::EntityType::Place.into(),
        ..Options::default()
    };
    let text = "The New York Times reported from Tokyo.";
    let found: Vec<&str> = engine
        .extract(text, &options)
        .mentions
        .iter()
        .map(|m| &text[m.start..m.end])
        .collect();
    // "New York" inside the newspaper's name is not a place mention.
    assert_eq!(found, vec!["Tokyo"]);
}

#[test]
fn lookup_by_id_and_by_alias() {
    let engine = test_engine();
    assert_eq!(&*engine.lookup("Q884")[0].name, "South Korea");
    assert_eq!(&*engine.lookup("republic of KOREA")[0].id, "Q884");
    let georgias: Vec<&str> = engine.lookup("Georgia").iter().map(|e| &*e.id).collect();
    assert_eq!(georgias.len(), 2, "{georgias:?}");
    assert!(engine.lookup("Atlantis").is_empty());
}

#[test]
fn pronounced_acronyms_also_match_title_cased() {
    let engine = engine_from(
        r#"{"id":"Q7184","name":"NATO","type":"ORGANIZATION"}
{"id":"Q30","name":"United States","type":"PLACE","aliases":["US"]}
"#,
    );
    assert_eq!(
        spans(
            &engine,
            "Nato and NATO, not nato; US and Us",
            Overlap::Longest
        ),
        vec![
            ("Nato".to_string(), "Q7184".to_string()),
            ("NATO".to_string(), "Q7184".to_string()),
            ("US".to_string(), "Q30".to_string()),
        ]
    );
}

#[test]
fn aliases_that_start_or_end_with_punctuation_or_have_one_letter_match_bounded() {
    let engine = engine_from(
        r##"{"id":"dotnet","name":".NET","type":"ORGANIZATION"}
{"id":"metoo","name":"#MeToo","type":"OTHER_MOVEMENT"}
{"id":"r","name":"R","type":"LANGUAGE"}
{"id":"csharp","name":"C#","type":"LANGUAGE","aliases":["F#"]}
{"id":"cpp","name":"c++","type":"LANGUAGE"}
{"id":"ajman","name":"‘Ajmān","type":"PLACE"}
"##,
    );
    let found = |text: &str| -> Vec<String> {
        spans(&engine, text, Overlap::Longest)
            .into_iter()
            .map(|(span, id)| format!("{span}={id}"))
            .collect()
    };
    assert_eq!(
        found("the .NET runtime, (.NET) too"),
        [".NET=dotnet", ".NET=dotnet"]
    );
    assert_eq!(found("ASP.NET and x.NET"), [""; 0], "not inside a word");
    assert_eq!(found("the #MeToo movement"), ["#MeToo=metoo"]);
    assert_eq!(
        found("R, C# and F# beat c++."),
        ["R=r", "C#=csharp", "F#=csharp", "c++=cpp"]
    );
    assert_eq!(found("r or C#m or c or C++"), [""; 0], "own case, bounded");
    assert_eq!(found("Flights to ‘Ajmān."), ["‘Ajmān=ajman"]);
}

/// A dictionary with no alias that starts with punctuation matches as it
/// does without the rule: punctuation before a word changes nothing.
#[test]
fn punctuation_before_an_alias_changes_nothing() {
    let engine = test_engine();
    for text in ["(Tokyo)", "#Tokyo", ".Tokyo", "'Tokyo'", "\"Tokyo\""] {
        assert_eq!(
            spans(&engine, text, Overlap::Longest),
            [("Tokyo".to_string(), "Q1490".to_string())],
            "{text}"
        );
    }
}
