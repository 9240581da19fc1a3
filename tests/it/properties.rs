//! What must hold for every input, checked on generated text.

use gazette::engine::{Options, Overlap};
use proptest::prelude::*;

use crate::helpers::default_engine;

/// Text built from pieces that stress the engine: aliases, their parts,
/// non-ASCII letters, marks, invisible characters, emoji, CJK and Hangul.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("South Korea".to_string()),
        Just("Lee Jae Myung".to_string()),
        Just("Lee".to_string()),
        Just("US".to_string()),
        Just("U.S.".to_string()),
        Just("Erdoğan".to_string()),
        Just("İstanbul".to_string()),
        Just("東京".to_string()),
        Just("이재명은".to_string()),
        Just("\u{301}\u{301}".to_string()),
        Just("\u{200b}\u{ad}\u{202e}".to_string()),
        Just("🇰🇷👩‍👩‍👧".to_string()),
        Just("’s".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("\u{0}".to_string()),
        "[a-zA-Z]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn policy() -> impl Strategy<Value = Overlap> {
    prop_oneof![
        Just(Overlap::Longest),
        Just(Overlap::All),
        Just(Overlap::NoSub)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn offsets_are_valid_and_deterministic(text in text(), overlap in policy()) {
        let engine = default_engine();
        let options = Options { overlap, explain: true, ..Options::default() };
        let extraction = engine.extract(&text, &options);
        let mentions = &extraction.mentions;
        for m in mentions {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert!((0.0..=1.0).contains(&m.confidence));
        }
        for d in &extraction.dropped {
            prop_assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end) && d.start < d.end);
        }
        for pair in mentions.windows(2) {
            prop_assert!((pair[0].start, pair[0].end) <= (pair[1].start, pair[1].end), "text order");
            if overlap == Overlap::Longest {
                prop_assert!(pair[0].end <= pair[1].start, "no overlaps under LONGEST");
            }
        }
        prop_assert_eq!(&extraction, &engine.extract(&text, &options));
    }

    #[test]
    fn surrounding_text_does_not_change_a_mention(prefix in "[a-z ]{0,10}", suffix in "[a-z ]{0,10}") {
        // A full name between spaces is found whatever lowercase words
        // surround it.
        let engine = default_engine();
        let text = format!("{prefix} Shigeru Ishiba {suffix}");
        let mentions = engine.extract(&text, &Options::default()).mentions;
        prop_assert!(mentions.iter().any(|m| &text[m.start..m.end] == "Shigeru Ishiba"));
    }
}
