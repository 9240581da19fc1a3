//! Salience: how central each entity is to a document, from 0 to 1, as
//! Google's `analyzeEntities` gives it. Computed after extraction from the
//! mentions alone, in one pass over them and a look at the first kilobyte
//! of the text; the matching core never sees it.
//!
//! # The formula
//!
//! Every mention `m` gets an integer weight, the product of four factors:
//!
//! - **position** `p(m)`: 300 in the headline, 250 in the first sentence,
//!   175 in the rest of the lead paragraph, then from 150 at the end of the
//!   lead down to 100 at the end of the text, linearly
//!   (`100 + 50 * (len - start) / (len - lead_end)`, integer division).
//!   The headline is the first line when it is at most 200 bytes, does not
//!   end like a sentence and text follows it; the first sentence ends at
//!   the first `.`, `!` or `?` before a space (not after an abbreviation
//!   such as `Mr.` or `U.S.`) or at a line break; the lead ends at the end
//!   of the first paragraph of the body, or 1,000 bytes into it.
//! - **form** `f(m)`: 10 for a full mention, 6 for a short one (a short
//!   alias such as a surname, or a coreference to an earlier full mention).
//! - **title** `t(m)`: 13 when a title word (`President`, `Minister`,
//!   `Mr.`) stands right before the mention, else 10.
//! - **type** `k(m)`: 10 for a leader, 9 for an official, 8 for an
//!   organization or a custom label, 6 for a place (places are more often
//!   the setting of a story than its subject).
//!
//! An entity's score is the sum of its mentions' weights,
//! `S(e) = sum over m of p(m) * f(m) * t(m) * k(m)`, and its salience is
//! its share of the document's: `salience(e) = S(e) / sum over e' of
//! S(e')`. So the saliences of a document add up to 1, a document with one
//! entity gives it 1, and:
//!
//! - every salience is in [0, 1];
//! - another mention of an entity never lowers its salience, and moving a
//!   mention earlier never lowers it (`p` never grows along the text);
//! - the weights are integers, so these hold exactly: a salience is one
//!   correctly rounded division of two exact sums.
//!
//! Entities are ranked by `S(e)`, highest first; equal scores keep the
//! order of first mention.

use super::lexicon;
use super::{Engine, Entities, Extraction, Mention, MentionSource, Referent};
use crate::dictionary::EntityType;

/// A headline is at most this long.
const HEADLINE_MAX: usize = 200;
/// The lead ends at most this far into the body.
const LEAD_MAX: usize = 1000;

/// Position weights.
const HEADLINE: u64 = 300;
const FIRST_SENTENCE: u64 = 250;
const LEAD: u64 = 175;
const BODY_START: u64 = 150;
const BODY_END: u64 = 100;

/// Where a text's headline, first sentence and lead paragraph end, in
/// bytes. Each ends no earlier than the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    headline: usize,
    sentence: usize,
    lead: usize,
    len: usize,
}

impl Layout {
    /// Finds the headline, first sentence and lead of `text`.
    pub fn of(text: &str) -> Layout {
        let bytes = text.as_bytes();
        let len = bytes.len();
        // Only the first kilobytes are read, whatever the text's size.
        let headline = match newline_before(bytes, 0, HEADLINE_MAX + 1) {
            Some(end)
                if !text[..end].trim_end().ends_with(['.', '!', '?', ':', ','])
                    && !text[end..].trim().is_empty() =>
            {
                end
            }
            _ => 0,
        };
        let body = headline + (text[headline..].len() - text[headline..].trim_start().len());
        let lead_limit = (body + LEAD_MAX).min(len);
        let sentence = sentence_end(text, body, lead_limit);
        let lead = newline_before(bytes, sentence, lead_limit).unwrap_or(lead_limit);
        Layout {
            headline,
            sentence,
            lead,
            len,
        }
    }

    /// The position weight of a mention starting at byte `start`.
    fn weight(&self, start: usize) -> u64 {
        if start < self.headline {
            HEADLINE
        } else if start < self.sentence {
            FIRST_SENTENCE
        } else if start < self.lead {
            LEAD
        } else {
            let rest = (self.len - self.lead).max(1) as u64;
            let left = self.len.saturating_sub(start) as u64;
            BODY_END + (BODY_START - BODY_END) * left.min(rest) / rest
        }
    }
}

/// The first `\n` in `bytes[from..to]`.
fn newline_before(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(bytes.len());
    memchr::memchr(b'\n', bytes.get(from..to)?).map(|i| from + i)
}

/// Where the sentence starting at `from` ends: after its `.`, `!` or `?`
/// followed by white space or the end, or at a line break; `limit` at the
/// latest.
fn sentence_end(text: &str, from: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = newline_before(bytes, from, limit).unwrap_or(limit);
    for i in memchr::memchr3_iter(b'.', b'!', b'?', &bytes[from..limit]).map(|i| from + i) {
        let at_end = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if !at_end {
            continue;
        }
        let word_start = bytes[from..i]
            .iter()
            .rposition(|&b| matches!(b, b' ' | b'\t' | b'\r'))
            .map_or(from, |j| from + j + 1);
        if !(bytes[i] == b'.' && abbreviation(&text[word_start..i])) {
            return i + 1;
        }
    }
    limit
}

/// A word before a period that does not end a sentence: short and
/// capitalized (`Mr`, `Dr`, `Gen`, `U.S`) or a single letter.
fn abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(['"', '\'', '(', '“', '‘']);
    word.len() <= 3 && word.chars().next().is_some_and(char::is_uppercase)
}

/// What salience needs of one mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// The index of the mention's entity among the document's entities.
    pub entity: usize,
    /// Where the mention starts, in bytes.
    pub start: usize,
    /// A short form: a short alias, or a coreference.
    pub short: bool,
    /// A title word stands right before it.
    pub titled: bool,
    /// The mention's type.
    pub entity_type: EntityType,
}

impl Signal {
    /// The signals of `mention`, the mention of entity `entity` in `text`.
    pub fn of(engine: &Engine, text: &str, mention: &Mention, entity: usize) -> Signal {
        let short = mention.source == MentionSource::Coreference
            || match mention.referent {
                Referent::Entry {
                    entry,
                    alias: Some(alias),
                } => engine.entries()[entry].aliases[alias].short,
                Referent::Entry { alias: None, .. } => true,
                Referent::Named(_) => false,
            };
        let titled = mention.source == MentionSource::Title || after_title(text, mention.start);
        Signal {
            entity,
            start: mention.start,
            short,
            titled,
            entity_type: mention.entity_type,
        }
    }

    /// The mention's weight: position, form, title and type multiplied.
    fn weight(&self, layout: &Layout) -> u64 {
        let form = if self.short { 6 } else { 10 };
        let title = if self.titled { 13 } else { 10 };
        let kind = match self.entity_type {
            EntityType::Leader => 10,
            EntityType::Official => 9,
            EntityType::Organization | EntityType::Other => 8,
            EntityType::Place => 6,
        };
        layout.weight(self.start) * form * title * kind
    }
}

/// Whether the word right before byte `start` is a title or an honorific
/// (`President`, `Minister`, `Mr.`), on the same line.
fn after_title(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\u{a0}']);
    if before.len() == start {
        return false;
    }
    let before = before.strip_suffix('.').unwrap_or(before);
    let word_start = before
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    if word_start == before.len() {
        return false;
    }
    let flags = lexicon::flags_at(text, word_start, before.len());
    let titles =
        lexicon::LEADER_HEAD | lexicon::OFFICIAL_HEAD | lexicon::ABBREVIATION | lexicon::HONORIFIC;
    flags & titles != 0
}

/// The entities of a document ranked by salience.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// Each entity's salience, by entity index.
    pub salience: Vec<f32>,
    /// The entity indices, most salient first.
    pub order: Vec<usize>,
}

/// Ranks `entities` entities from the signals of their mentions (see the
/// module documentation for the formula).
pub fn rank(
    layout: &Layout,
    signals: impl IntoIterator<Item = Signal>,
    entities: usize,
) -> Ranking {
    let mut scores = vec![0u64; entities];
    for signal in signals {
        if let Some(score) = scores.get_mut(signal.entity) {
            *score += signal.weight(layout);
        }
    }
    let total: u64 = scores.iter().sum();
    let salience = scores
        .iter()
        .map(|&s| {
            if total == 0 {
                0.0
            } else {
                (s as f64 / total as f64) as f32
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..entities).collect();
    // Stable: equal scores keep the order of first mention.
    order.sort_by_key(|&e| std::cmp::Reverse(scores[e]));
    Ranking { salience, order }
}

/// The entities of `extraction`'s mentions of `text`, grouped in order of
/// first mention, and their ranking.
pub fn ranked_entities<'a>(
    engine: &'a Engine,
    extraction: &'a Extraction,
    text: &str,
) -> (Entities<'a>, Ranking) {
    let entities = extraction.entities(engine);
    let ranking = rank_mentions(
        engine,
        text,
        &extraction.mentions,
        entities.entity_of_mentions(),
        entities.list.len(),
    );
    (entities, ranking)
}

/// Ranks the entities of an extraction of `text`: `entity_of[i]` is the
/// entity index of `mentions[i]`.
pub fn rank_mentions(
    engine: &Engine,
    text: &str,
    mentions: &[Mention],
    entity_of: &[usize],
    entities: usize,
) -> Ranking {
    let layout = Layout::of(text);
    rank(
        &layout,
        mentions
            .iter()
            .zip(entity_of)
            .map(|(m, &e)| Signal::of(engine, text, m, e)),
        entities,
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn signal(entity: usize, start: usize) -> Signal {
        Signal {
            entity,
            start,
            short: false,
            titled: false,
            entity_type: EntityType::Leader,
        }
    }

    #[test]
    fn layout_finds_headline_sentence_and_lead() {
        let text = "Lee meets Ishiba in Tokyo\n\nSEOUL - Mr. Lee flew to Tokyo on Monday. \
                    He met Ishiba.\nA second paragraph.";
        let layout = Layout::of(text);
        assert_eq!(&text[..layout.headline], "Lee meets Ishiba in Tokyo");
        assert_eq!(
            &text[layout.headline..layout.sentence].trim(),
            &"SEOUL - Mr. Lee flew to Tokyo on Monday."
        );
        assert!(text[layout.sentence..layout.lead].ends_with("He met Ishiba."));
        // No headline when the first line is a sentence.
        let layout = Layout::of("U.S. President Trump spoke. Then he left.");
        assert_eq!(layout.headline, 0);
        assert_eq!(layout.sentence, "U.S. President Trump spoke.".len());
        assert_eq!(Layout::of("Seoul").weight(0), FIRST_SENTENCE);
    }

    #[test]
    fn titles_before_a_mention_are_seen() {
        let text = "President Lee and Mr. Kim met Lee; Minister  Cho.";
        assert!(after_title(text, text.find("Lee").unwrap()));
        assert!(after_title(text, text.find("Kim").unwrap()));
        assert!(!after_title(text, text.rfind("Lee").unwrap()));
        assert!(after_title(text, text.find("Cho").unwrap()));
        assert!(!after_title(text, 0));
    }

    #[test]
    fn the_lead_entity_mentioned_most_ranks_first() {
        let layout = Layout::of(&format!("Headline\n{}", "x".repeat(5000)));
        let ranking = rank(
            &layout,
            [
                signal(0, 4000),
                signal(1, 2),
                signal(1, 3000),
                signal(1, 4500),
            ],
            2,
        );
        assert_eq!(ranking.order, vec![1, 0]);
        assert!(ranking.salience[1] > 0.7, "{:?}", ranking.salience);
        let sum: f32 = ranking.salience.iter().sum();
        assert!((sum - 1.0).abs() < 1e-6);
        // Ties keep the order of first mention.
        let ranking = rank(&layout, [signal(0, 10), signal(1, 10)], 2);
        assert_eq!(ranking.order, vec![0, 1]);
        assert_eq!(ranking.salience, vec![0.5, 0.5]);
    }

    fn signals(len: usize) -> impl Strategy<Value = Vec<Signal>> {
        let one = (
            0usize..4,
            0..=len,
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(EntityType::ALL.to_vec()),
        )
            .prop_map(|(entity, start, short, titled, entity_type)| Signal {
                entity,
                start,
                short,
                titled,
                entity_type,
            });
        prop::collection::vec(one, 1..30)
    }

    /// Texts with headlines, sentences and paragraphs in them.
    fn texts() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "Lee", "met", "Mr.", "U.S.", "Tokyo", " ", " ", ". ", "! ", "\n", "\n\n", "é",
            ]),
            0..200,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// `sentence_end` as its documentation says, byte by byte.
    fn sentence_end_by_bytes(text: &str, from: usize, limit: usize) -> usize {
        let bytes = text.as_bytes();
        let mut word_start = from;
        for i in from..limit {
            match bytes[i] {
                b'\n' => return i,
                b' ' | b'\t' | b'\r' => word_start = i + 1,
                b'.' | b'!' | b'?' => {
                    let at_end = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
                    if at_end && !(bytes[i] == b'.' && abbreviation(&text[word_start..i])) {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        limit
    }

    proptest! {
        #[test]
        fn sentences_end_where_the_bytes_say(text in texts(), from in 0usize..400, limit in 0usize..1200) {
            let limit = limit.min(text.len());
            let from = from.min(limit);
            prop_assume!(text.is_char_boundary(from));
            prop_assert_eq!(sentence_end(&text, from, limit), sentence_end_by_bytes(&text, from, limit));
        }

        #[test]
        fn salience_is_a_share_in_zero_one(text in texts(), signals in signals(2000)) {
            let layout = Layout::of(&text);
            let ranking = rank(&layout, signals.iter().copied(), 4);
            for &s in &ranking.salience {
                prop_assert!((0.0..=1.0).contains(&s), "{s}");
            }
            let sum: f32 = ranking.salience.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-5, "{sum}");
            for pair in ranking.order.windows(2) {
                prop_assert!(ranking.salience[pair[0]] >= ranking.salience[pair[1]]);
            }
        }

        #[test]
        fn another_mention_never_lowers_salience(
            text in texts(),
            signals in signals(2000),
            extra in signals(2000),
        ) {
            let layout = Layout::of(&text);
            let before = rank(&layout, signals.iter().copied(), 4);
            let added = extra[0];
            let mut more = signals.clone();
            more.push(added);
            let after = rank(&layout, more, 4);
            prop_assert!(
                after.salience[added.entity] >= before.salience[added.entity],
                "{} < {}", after.salience[added.entity], before.salience[added.entity]
            );
        }

        #[test]
        fn an_earlier_mention_never_lowers_salience(
            text in texts(),
            signals in signals(2000),
            which in any::<prop::sample::Index>(),
            earlier in any::<prop::sample::Index>(),
        ) {
            let layout = Layout::of(&text);
            let before = rank(&layout, signals.iter().copied(), 4);
            let i = which.index(signals.len());
            let mut moved = signals.clone();
            moved[i].start = earlier.index(signals[i].start + 1);
            let after = rank(&layout, moved, 4);
            let e = signals[i].entity;
            prop_assert!(
                after.salience[e] >= before.salience[e],
                "{} < {}", after.salience[e], before.salience[e]
            );
        }

        #[test]
        fn position_weight_never_grows_along_the_text(text in texts(), a in 0usize..3000, b in 0usize..3000) {
            let layout = Layout::of(&text);
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(layout.weight(early) >= layout.weight(late));
            prop_assert!(layout.headline <= layout.sentence && layout.sentence <= layout.lead);
            prop_assert!(layout.lead <= text.len());
        }
    }
}
