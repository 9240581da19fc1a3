//! Organization names the dictionary lacks, from how news writes them: a
//! run of capitalized words with an organization's head noun, "Ministry of
//! Defence", "Constitutional Court", "National Election Committee",
//! "Australian Defence Force".

use super::titles::{FUNCTION_WORDS, Word};

/// Head nouns that end an organization's name.
const LAST_HEADS: &[&str] = &[
    "ministry",
    "department",
    "court",
    "parliament",
    "assembly",
    "committee",
    "commission",
    "council",
    "agency",
    "party",
    "forum",
    "movement",
    "force",
    "forces",
    "army",
    "navy",
    "bank",
    "fund",
    "office",
    "service",
    "authority",
    "tribunal",
    "senate",
    "congress",
    "cabinet",
    "union",
    "federation",
    "association",
    "institute",
    "organization",
    "organisation",
    "corporation",
    "group",
    "front",
    "alliance",
    "coalition",
    "guard",
    "police",
    "bureau",
    "secretariat",
    "directorate",
    "foundation",
    "board",
    "chamber",
    "corps",
    "command",
    "ministries",
    "courts",
    "parties",
];

/// Head nouns that start one, followed by "of" or "for": "Ministry of
/// Defence", "Bank of Korea".
const FIRST_HEADS: &[&str] = &[
    "ministry",
    "department",
    "bank",
    "court",
    "office",
    "council",
    "bureau",
    "chamber",
    "union",
    "commission",
    "committee",
    "party",
    "federation",
    "league",
    "house",
];

/// Organizations written as one capitalized word.
const SINGLE: &[&str] = &[
    "parliament",
    "congress",
    "senate",
    "cabinet",
    "knesset",
    "duma",
    "bundestag",
    "politburo",
];

/// Small words allowed inside a name.
const CONNECTORS: &[&str] = &[
    "of", "for", "and", "on", "the", "de", "du", "des", "la", "el",
];

/// The most words a name may have.
const MAX_WORDS: usize = 8;

/// A candidate organization name: byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// Start of the name.
    pub start: usize,
    /// End of the name (exclusive).
    pub end: usize,
}

/// Whether `word` (any case) is in `list` (lower-case ASCII), without
/// allocating: this runs on every capitalized word of every document.
fn in_list(list: &[&str], text: &str, word: Word) -> bool {
    let word = &text[word.start..word.end];
    list.iter()
        .any(|w| w.len() == word.len() && w.eq_ignore_ascii_case(word))
}

fn capitalized(text: &str, word: Word) -> bool {
    text[word.start..word.end]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Finds organization-like names.
pub fn find(text: &str, words: &[Word]) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalized(text, words[i]) || in_list(FUNCTION_WORDS, text, words[i]) {
            i += 1;
            continue;
        }
        // A run of capitalized words, with connectors inside.
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() && j - i < MAX_WORDS {
            let separator = &text[words[j - 1].end..words[j].start];
            if separator != " " && separator != "-" {
                break;
            }
            if capitalized(text, words[j]) && !in_list(FUNCTION_WORDS, text, words[j]) {
                last = j;
                j += 1;
            } else if in_list(CONNECTORS, text, words[j]) {
                j += 1;
            } else {
                break;
            }
        }
        // "Constitutional Court and Parliament" are two names: a name ends
        // at an "and" that follows a head noun.
        if let Some(k) = (i + 1..last)
            .find(|&k| in_list(&["and"], text, words[k]) && in_list(LAST_HEADS, text, words[k - 1]))
        {
            last = k - 1;
        }
        let is_name = if last == i {
            in_list(SINGLE, text, words[i])
        } else {
            in_list(LAST_HEADS, text, words[last])
                || (i..last).any(|k| {
                    in_list(FIRST_HEADS, text, words[k])
                        && in_list(&["of", "for"], text, words[k + 1])
                })
        };
        if is_name {
            phrases.push(Phrase {
                start: words[i].start,
                end: words[last].end,
            });
        }
        i = last + 1;
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::titles::words;

    fn names(text: &str) -> Vec<&str> {
        find(text, &words(text))
            .into_iter()
            .map(|p| &text[p.start..p.end])
            .collect()
    }

    #[test]
    fn organization_names() {
        assert_eq!(
            names("the Ministry of Defence said"),
            vec!["Ministry of Defence"]
        );
        assert_eq!(names("Brazil's Supreme Court ruled"), vec!["Supreme Court"]);
        assert_eq!(
            names("The Constitutional Court and Parliament met"),
            vec!["Constitutional Court", "Parliament"]
        );
        assert_eq!(
            names("the National Election Committee said"),
            vec!["National Election Committee"]
        );
        assert_eq!(
            names("the Australian Defence Force"),
            vec!["Australian Defence Force"]
        );
        assert_eq!(
            names("Hostages and Missing Families Forum"),
            vec!["Hostages and Missing Families Forum"]
        );
        assert_eq!(names("The President said on Monday"), Vec::<&str>::new());
        assert_eq!(names("General Provisions apply"), Vec::<&str>::new());
    }
}
