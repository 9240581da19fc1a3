//! Organization names the dictionary lacks, from how news writes them: a
//! run of capitalized words with an organization's head noun, "Ministry of
//! Defence", "Constitutional Court", "National Election Committee",
//! "Australian Defence Force".

use crate::engine::lexicon::{
    AND, CONNECTOR, DEPUTY, FIRST_HEAD, FUNCTION, LAST_HEAD, LEADER_HEAD, LEGAL_SUFFIXES,
    LOWER_NOT_TITLE, OF_FOR, OFFICIAL_HEAD, PAIR_FIRST, QUALIFIER, SINGLE_WORD, THE, TITLE_EXTRA,
    TITLE_WORD,
};
use crate::engine::words::{Word, as_str, gap_is};

/// The most words a name may have.
const MAX_WORDS: usize = 12;

/// A candidate organization name: byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Phrase {
    /// Start of the name.
    pub(crate) start: usize,
    /// End of the name (exclusive).
    pub(crate) end: usize,
}

/// Finds organization-like names.
pub(crate) fn find(text: &str, words: &[Word]) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].capitalized || words[i].is(FUNCTION) || is_possessive_s(text, words[i]) {
            i += 1;
            continue;
        }
        // A title of a body is a person's, not the body: "Speaker of the
        // National Assembly", "Director-General of the World Trade
        // Organization". The body's name starts after it.
        if let Some(after) = title_of(text, words, i) {
            i = after;
            continue;
        }
        // "Minister Chinh and ...": a title before a name starts no body,
        // and "President House", "Governor House" are residences, not
        // the House.
        if is_title_head(words[i]) {
            let residence = words.get(i + 1).is_some_and(|w| {
                w.is(SINGLE_WORD)
                    && gap_is(text, words[i].end, w.start, b' ')
                    && !words
                        .get(i + 2)
                        .is_some_and(|n| gap_is(text, w.end, n.start, b' ') && n.capitalized)
            });
            i += if residence { 2 } else { 1 };
            continue;
        }
        // A run of capitalized words, with connectors inside.
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() && j - i < MAX_WORDS {
            let (end, start) = (words[j - 1].end, words[j].start);
            if !gap_is(text, end, start, b' ') && !gap_is(text, end, start, b'-') {
                break;
            }
            if words[j].is(LEADER_HEAD | OFFICIAL_HEAD)
                && !words[j].is(LOWER_NOT_TITLE)
                && (!words[j - 1].is(CONNECTOR) || words[j - 1].is(AND))
                // "Cabinet Secretary" is one title.
                && !as_str(text, words[j - 1]).eq_ignore_ascii_case("cabinet")
                && words.get(j + 1).is_some_and(|w| {
                    // A name ("To Lam" too), or the "of" of a body's title.
                    (w.capitalized && !w.is(THE | CONNECTOR | LAST_HEAD | FIRST_HEAD))
                        || w.is(OF_FOR)
                })
            {
                // "Bank of Japan Governor Kazuo Ueda", "Communist Party of
                // Vietnam General Secretary To Lam", "Chinh and Chairman of
                // the National Assembly": the body ends before a title (and
                // its qualifiers) and the name or body after it.
                while last > i && words[last].is(QUALIFIER | DEPUTY) {
                    last -= 1;
                }
                break;
            } else if words[j].capitalized && !words[j].is(FUNCTION) {
                last = j;
                j += 1;
            } else if words[j].is(AND) && words.get(j + 1).is_some_and(|w| w.is(THE)) {
                // "Japan and the Bank of Korea": two names, never one.
                break;
            } else if words[j].is(CONNECTOR) {
                j += 1;
            } else {
                break;
            }
        }
        // A legal suffix ends the name but is no head: "Acme Holdings Group
        // Ltd." is named by "Group" (the suffix joins the span later).
        while last > i && LEGAL_SUFFIXES.contains(&as_str(text, words[last])) {
            last -= 1;
        }
        // "Constitutional Court and Parliament", "the House and Congress"
        // are two names: a name ends at an "and" that follows a head noun
        // or a body's one-word name.
        if let Some(k) =
            (i + 1..last).find(|&k| words[k].is(AND) && words[k - 1].is(LAST_HEAD | SINGLE_WORD))
        {
            last = k - 1;
        }
        // "University of Santo Tomas and Georgetown University": two names
        // on either side of an "and" are two bodies ("Ministry of Trade and
        // Industry" is one: "Industry" names nothing).
        // The last such "and" splits: in "Ministry of Digital Development
        // and Information and Ministry of Health" the first one is inside
        // a portfolio.
        if let Some(k) = (i + 1..last).rfind(|&k| {
            words[k].is(AND) && names_a_body(words, i, k - 1) && names_a_body(words, k + 1, last)
        }) {
            last = k - 1;
        }
        // "the National Assembly Tran Thanh Man": a body, then a name the
        // run went on into.
        if !names_a_body(words, i, last)
            && let Some(k) =
                (i + 1..last).rfind(|&k| words[k].is(LAST_HEAD) && !is_title_head(words[k + 1]))
        {
            last = k;
        }
        let is_name = names_a_body(words, i, last);
        // Capitals all through are a heading or legal prose ("ANY OTHER
        // PARTY"), not a name written as news writes names.
        let shouted_run = || (i..=last).all(|k| !words[k].capitalized || shouted(text, words[k]));
        if is_name {
            if shouted_run() {
                i = last + 1;
                continue;
            }
            phrases.push(Phrase {
                start: words[i].start,
                end: words[last].end,
            });
        } else if words[i].is(SINGLE_WORD)
            && words
                .get(i + 1)
                .is_some_and(|w| w.is(TITLE_WORD) || is_members(text, *w))
            && !shouted_run()
        {
            // "House Speaker Dustin Burrows", "Senate Majority Leader",
            // "House Democrats": the body before a title or its members.
            phrases.push(Phrase {
                start: words[i].start,
                end: words[i].end,
            });
        } else if let Some(k) = (i + 1..last).find(|&k| words[k].is(AND)) {
            // "Dan Patrick and House Speaker Dustin Burrows": no body
            // across the "and"; one may start after it.
            i = k + 1;
            continue;
        }
        i = last + 1;
    }
    phrases
}

/// Whether the words `first..=last` name a body: one word that does
/// ("Parliament"), a last word that is a body's head noun ("Constitutional
/// Court"), or a head noun before "of" or "for" ("Bank of Korea").
fn names_a_body(words: &[Word], first: usize, last: usize) -> bool {
    if first == last {
        return words[first].is(SINGLE_WORD);
    }
    words[first].capitalized
        && (words[last].is(LAST_HEAD)
            || (first..last).any(|k| words[k].is(FIRST_HEAD) && words[k + 1].is(OF_FOR)))
}

/// Where the name after a title of a body starts, when the words from
/// `i` are one ("Speaker of the ...", "Director-General of ..."): the
/// index of the word after its "of" or "for".
fn title_of(text: &str, words: &[Word], i: usize) -> Option<usize> {
    let title = LEADER_HEAD | OFFICIAL_HEAD | QUALIFIER | DEPUTY | PAIR_FIRST | TITLE_EXTRA;
    if !words[i].is(LEADER_HEAD | OFFICIAL_HEAD | QUALIFIER | DEPUTY | PAIR_FIRST) {
        return None;
    }
    let mut k = i;
    while k + 1 < words.len()
        && words[k].is(title)
        && (gap_is(text, words[k].end, words[k + 1].start, b' ')
            || gap_is(text, words[k].end, words[k + 1].start, b'-'))
    {
        k += 1;
    }
    (k > i && words[k].is(OF_FOR) && words[k - 1].is(LEADER_HEAD | OFFICIAL_HEAD)).then_some(k + 1)
}

/// Whether a word is the "s" of a possessive ("PRIME MINISTER’S
/// OFFICE"), which starts no name.
fn is_possessive_s(text: &str, word: Word) -> bool {
    word.end == word.start + 1
        && text.as_bytes()[word.start].eq_ignore_ascii_case(&b's')
        && (text[..word.start].ends_with('’') || text[..word.start].ends_with('\''))
}

/// Whether a word is a title's head even when capitalized in a name
/// ("Minister", "Chairman"; not "Chief", "Justice", "General").
fn is_title_head(word: Word) -> bool {
    word.is(LEADER_HEAD | OFFICIAL_HEAD) && !word.is(LOWER_NOT_TITLE)
}

/// Whether a word names a body's members by party ("Democrats").
fn is_members(text: &str, word: Word) -> bool {
    matches!(
        as_str(text, word),
        "Democrats" | "Republicans" | "Conservatives" | "Tories"
    )
}

/// Whether a word is written in capitals only ("PARTY", "WHO").
pub(crate) fn shouted(text: &str, word: Word) -> bool {
    let word = as_str(text, word);
    word.len() >= 2 && !word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::words::words;

    fn names(text: &str) -> Vec<&str> {
        find(text, &words(text))
            .into_iter()
            .map(|p| &text[p.start..p.end])
            .collect()
    }

    /// Each text gives exactly its names.
    fn check(rows: &[(&str, &[&str])]) {
        for (text, expected) in rows {
            assert_eq!(names(text), *expected, "{text}");
        }
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
        assert_eq!(
            names("the Office of the President of Indonesia said"),
            vec!["Office of the President of Indonesia"]
        );
        assert_eq!(names("General Provisions apply"), Vec::<&str>::new());
    }

    #[test]
    fn a_body_ends_before_a_title_and_never_starts_with_one() {
        let rows: &[(&str, &[&str])] = &[
            (
                "call on Communist Party of Vietnam General Secretary To Lam",
                &["Communist Party of Vietnam"],
            ),
            (
                "meet Prime Minister Chinh and Chairman of the National Assembly Tran Thanh Man",
                &["National Assembly"],
            ),
            (
                "the Supreme Court Justice Sonia Sotomayor wrote",
                &["Supreme Court"],
            ),
        ];
        check(rows);
    }

    #[test]
    fn the_last_and_between_two_bodies_splits_them() {
        let rows: &[(&str, &[&str])] = &[
            (
                "Ministry of Digital Development and Information and Ministry of Health",
                &[
                    "Ministry of Digital Development and Information",
                    "Ministry of Health",
                ],
            ),
            (
                "University of Santo Tomas and Georgetown University",
                &["University of Santo Tomas", "Georgetown University"],
            ),
            (
                "the Ministry of Trade and Industry said",
                &["Ministry of Trade and Industry"],
            ),
        ];
        check(rows);
    }

    #[test]
    fn a_body_may_start_after_an_and_that_joins_no_bodies() {
        let rows: &[(&str, &[&str])] = &[
            (
                "Lt. Gov. Dan Patrick and House Speaker Dustin Burrows",
                &["House"],
            ),
            ("Ana Lopez and House Democrats walked out", &["House"]),
            ("Ana Lopez and Maria Reyes spoke", &[]),
        ];
        check(rows);
    }

    #[test]
    fn cartels_and_gangs_are_bodies() {
        let rows: &[(&str, &[&str])] = &[
            (
                "the Santa Rosa de Lima Cartel said",
                &["Santa Rosa de Lima Cartel"],
            ),
            ("members of the Gulf Cartel", &["Gulf Cartel"]),
            ("the Mara Salvatrucha Gang", &["Mara Salvatrucha Gang"]),
        ];
        check(rows);
    }
}
