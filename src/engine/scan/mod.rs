//! The scan: normalize the text, walk the alias automaton from each word
//! start, check each match's boundaries and each target's case rule, and
//! keep the spans that pass as [`Candidate`]s.
//!
//! The scan also builds the text's words on the way ([`WordList`]), from
//! the probe the trie makes at each word anyway, so the rules need not
//! split the text again.

pub(crate) mod automaton;
mod trie;

use super::facts::Facts;
use super::text::normalize::{self, Normalized, fold};
use super::text::script::{self, Class, class, class_at, class_before, glued, may_end, may_start};
use super::words::{Word, WordList};
use crate::dictionary::EntityType;
use automaton::Matcher;
use smallvec::SmallVec;

/// One entry that a folded alias stands for, with the rules of that alias.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub(crate) entry: u32,
    pub(crate) alias: u32,
    /// What a span is compared with, `Scanner::forms[form.0..form.1]`: for
    /// a case-sensitive alias, the alias folded with its case kept (the
    /// span must fold to it); for the others, the alias as written (the
    /// span is exact when it equals it). Kept beside the targets, so that
    /// the check reads no entry, alias or string of the dictionary.
    pub(crate) form: (u32, u32),
    pub(crate) short: bool,
    pub(crate) case_sensitive: bool,
}

/// A candidate's targets.
pub(crate) type Targets = smallvec::SmallVec<[(Target, bool); 2]>;

/// What [`Scanner::scan`] found in a text.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Every span that an alias matches with its boundaries and case rule
    /// satisfied, sorted by start, then end.
    pub candidates: Vec<Candidate>,
    /// The text's words ([`words`](super::words::words)), when the scan
    /// could split them.
    pub(crate) words: Option<Vec<Word>>,
}

/// What made a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An alias of the dictionary matched it.
    Alias,
    /// A name after a title that no person entry matches.
    TitledName,
    /// An organization-like name no entry matches.
    Phrase,
    /// A place named from a known place and a word around it ("Borno
    /// North", "Central Virginia", "Mt. Kenya") that no entry matches.
    PlaceName,
}

/// A span that some alias matched, or that a rule proposes, before
/// overlaps and short forms are resolved.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Offsets in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The targets whose case rule the span passes, best first, each with
    /// whether the span has the alias's exact case. Almost always one or
    /// two: inline, not a heap allocation per candidate.
    pub(crate) targets: Targets,
    /// The best target's priority, for overlap ties.
    pub(crate) priority: i32,
    /// The title before the span, if one makes it a person: its index in
    /// the document's titles. Few candidates have one, and every candidate
    /// is moved several times (scan, sort, overlaps): an index keeps the
    /// candidate small where the title itself would not.
    pub(crate) title: Option<u32>,
    /// What made it.
    pub(crate) kind: Kind,
}

/// The matching side of an engine: the automaton over folded aliases and
/// the entries each alias stands for.
#[derive(Debug)]
pub(crate) struct Scanner {
    pub(crate) matcher: Matcher,
    /// The entries sharing each folded alias: pattern `p`'s are
    /// `targets[target_starts[p]..target_starts[p + 1]]` (one flat list
    /// rather than a box per pattern: a million aliases, a million fewer
    /// allocations).
    pub(crate) targets: Vec<Target>,
    pub(crate) target_starts: Vec<u32>,
    /// Every target's form ([`Target::form`]), end to end.
    pub(crate) forms: String,
    /// The first bytes of the folded aliases that start with a character
    /// that is not part of a word (`.NET`, `#MeToo`, `‘Ajmān`): a match may
    /// start at such a byte, where none starts otherwise.
    pub(crate) punctuation_starts: Box<[bool; 256]>,
}

impl Scanner {
    /// The number of distinct folded aliases.
    pub(crate) fn alias_count(&self) -> usize {
        self.target_starts.len() - 1
    }

    /// The entries sharing folded alias `pattern`, best first.
    pub(crate) fn targets_of(&self, pattern: usize) -> &[Target] {
        &self.targets
            [self.target_starts[pattern] as usize..self.target_starts[pattern + 1] as usize]
    }

    /// The pattern id of a folded alias, found by walking the matcher.
    pub(crate) fn pattern_of(&self, key: &str) -> Option<usize> {
        let mut found = None;
        self.matcher.matches_at(key.as_bytes(), 0, |end, pattern| {
            if end == key.len() {
                found = Some(pattern.as_usize());
            }
        });
        found
    }

    /// Normalizes `text`, walks the automaton from word starts, and checks
    /// boundaries and case rules; `facts` give the targets' priorities.
    ///
    /// The scan visits each word of the folded text and looks it up in one
    /// probe, which also gives its flags in the lexicon's lists. An ASCII
    /// word where the folded text and the original are aligned byte for
    /// byte is a word of the original too, unless a letter, digit or mark
    /// touches it there: the rules' word split and its second probe are
    /// saved for it ([`WordList`]). Only the rest of the text (around
    /// "Erdoğan", or a "™" folded into "tm") is split by the word split.
    pub(crate) fn scan(&self, text: &str, facts: &Facts) -> Scanned {
        let normalized = Normalized::new(text);
        let folded = normalized.text.as_str();
        let haystack = folded.as_bytes();
        // News has a candidate every 47 bytes (4 MB of the bench corpus):
        // room for most documents' without growing, and no more than 4,096
        // (360 KB) up front for a huge one.
        let mut candidates = Vec::with_capacity((text.len() / 32).min(4096));
        // Only the trie gives words' flags: with the other automata the
        // rules split the words themselves.
        let mut words = self.matcher.gives_word_flags().then(|| WordList::new(text));
        let datelines = datelines(text);
        let mut before = Class::Other;
        let mut next = 0;
        while next < haystack.len() {
            let start = next;
            // ASCII without decoding; other characters decoded once.
            let (first, len) = match haystack[start] {
                byte @ 0..0x80 => (script::ascii_class(byte), 1),
                _ => {
                    let c = folded[start..].chars().next().unwrap_or(' ');
                    (class(c), c.len_utf8())
                }
            };
            if !(may_start(first, before) || self.punctuation_start(first, before, haystack[start]))
            {
                next += len;
                before = first;
                continue;
            }
            // No match starts inside the first word: on after it.
            let (first_end, last, ascii) = script::first_end(folded, start);
            next = first_end;
            before = last;
            let flags = self
                .matcher
                .matches_from(haystack, start, first_end, |end, pattern| {
                    let (last, after) = (class_before(folded, end), class_at(folded, end));
                    // An alias that ends with punctuation ("C#", "c++")
                    // ends before a character that is not part of a word:
                    // "C#," but not "C#m".
                    if !may_end(last, after)
                        || (last == Class::Other && after == Class::Word)
                        || glued(haystack, start, end)
                    {
                        return;
                    }
                    let original_start = normalized.original_start(start);
                    let original_end = normalized.original_end(text, end);
                    let span = &text[original_start..original_end];
                    let in_dateline = datelines
                        .iter()
                        .any(|&(s, e)| s <= original_start && original_end <= e);
                    if let Some(candidate) = self.candidate(
                        facts,
                        original_start,
                        original_end,
                        span,
                        pattern.as_usize(),
                        in_dateline,
                    ) {
                        candidates.push(candidate);
                    }
                });
            if let (Some(list), Some(flags)) = (&mut words, flags)
                && ascii
            {
                list.ascii_word(&normalized, text, start, first_end, flags);
            }
        }
        Scanned {
            candidates,
            words: words.map(|list| list.finish(text)),
        }
    }

    /// Whether a match may start at a character of class `first` that is
    /// not part of a word, `byte` its first byte: when an alias starts with
    /// that byte and the character before is not part of a word either
    /// (".NET" in "the .NET runtime", not in "ASP.NET"). The table is read
    /// only at such characters.
    #[inline]
    fn punctuation_start(&self, first: Class, before: Class, byte: u8) -> bool {
        first == Class::Other
            && self.punctuation_starts[usize::from(byte)]
            && !matches!(before, Class::Word | Class::Hangul)
    }

    /// The candidate for one matched span, if any target's case rule
    /// passes. In a dateline (`in_dateline`) a name also passes in
    /// capitals ("GENEVA" for "Geneva").
    fn candidate(
        &self,
        facts: &Facts,
        start: usize,
        end: usize,
        span: &str,
        pattern: usize,
        in_dateline: bool,
    ) -> Option<Candidate> {
        let mut passing = Targets::new();
        for target in self.targets_of(pattern) {
            let form = &self.forms[target.form.0 as usize..target.form.1 as usize];
            let exact_case = if !target.case_sensitive {
                span == form
            } else if cased_equals(span, form) {
                true
            } else if title_cased_acronym(span, form) || in_dateline && capitals_of(span, form) {
                false
            } else {
                continue;
            };
            passing.push((*target, exact_case));
        }
        if passing.is_empty() {
            return None;
        }
        let priority = |entry: u32| facts.priority(entry as usize);
        // Best first: full aliases before short forms, then priority, then
        // the later source (user dictionaries load after the default).
        if passing.len() > 1 {
            passing.sort_by_key(|(t, _)| {
                (
                    t.short,
                    std::cmp::Reverse(priority(t.entry)),
                    std::cmp::Reverse(t.entry),
                )
            });
        }
        let priority = priority(passing[0].0.entry);
        Some(Candidate {
            start,
            end,
            targets: passing,
            priority,
            title: None,
            kind: Kind::Alias,
        })
    }
}

/// The type of a candidate's best full target.
pub(crate) fn best_type(facts: &Facts, candidate: &Candidate) -> Option<EntityType> {
    candidate
        .targets
        .iter()
        .find(|(t, _)| !t.short)
        .map(|(t, _)| facts.entity_type(t.entry as usize))
}

/// Whether `span` is `form` written in capitals ("THE HAGUE" for "The
/// Hague").
fn capitals_of(span: &str, form: &str) -> bool {
    let span = fold_cased_alias(span);
    span.chars().eq(form.chars().flat_map(char::to_uppercase))
}

/// The datelines of `text`: a run of capitals that starts a line and ends
/// at a colon, a comma, an opening parenthesis or a dash ("KUALA LUMPUR:",
/// "GENEVA, March 3 (Reuters) -", "THE HAGUE —"), as byte spans. Names in
/// them are written in capitals whatever their case elsewhere.
pub(crate) fn datelines(text: &str) -> SmallVec<[(usize, usize); 2]> {
    let mut found = SmallVec::new();
    let starts =
        std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    for line in starts {
        let rest = &text[line..];
        let start = line + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        let mut end = start;
        let mut capitals = 0;
        for (i, c) in text[start..].char_indices() {
            if c.is_uppercase() {
                capitals += 1;
            } else if !matches!(c, ' ' | '.' | '-' | '\'' | '\u{2019}') {
                end = start + i;
                break;
            }
            end = start + i + c.len_utf8();
        }
        let run = text[start..end].trim_end_matches(' ');
        let after = &text[start + run.len()..];
        let ends_dateline = [":", ",", " (", " \u{2014}", " \u{2013}", " -", "\u{2014}"]
            .iter()
            .any(|p| after.starts_with(p));
        if capitals >= 3 && ends_dateline {
            found.push((start, start + run.len()));
        }
    }
    found
}

/// Whether `span` is the acronym `form` written as a word, as British style
/// writes the ones it pronounces: "Nato", "Aukus", "Asean" for NATO, AUKUS,
/// ASEAN. Only letters-only acronyms of four or more letters qualify, so
/// "US" never matches "Us" and "Chad" keeps its case rule.
fn title_cased_acronym(span: &str, form: &str) -> bool {
    if form.chars().count() < 4 || !form.chars().all(|c| c.is_alphabetic() && c.is_uppercase()) {
        return false;
    }
    let span = fold_cased_alias(span);
    let mut form_chars = form.chars();
    let mut span_chars = span.chars();
    form_chars.next() == span_chars.next()
        && form_chars.eq(span_chars.flat_map(char::to_uppercase))
        && span.chars().skip(1).all(char::is_lowercase)
}

/// Whether `span`, folded keeping its case with its spaces collapsed,
/// equals `form`: [`fold_cased_alias`] without allocating for ASCII spans,
/// which is every span of most texts.
fn cased_equals(span: &str, form: &str) -> bool {
    if !span.is_ascii() {
        return fold_cased_alias(span) == form;
    }
    let mut expected = form.bytes();
    let mut space = false;
    let mut started = false;
    for byte in span.bytes() {
        let byte = normalize::fold_ascii(byte, false);
        if byte == b' ' {
            space = started;
            continue;
        }
        if space && expected.next() != Some(b' ') {
            return false;
        }
        space = false;
        started = true;
        if expected.next() != Some(byte) {
            return false;
        }
    }
    expected.next().is_none()
}

/// Folds an alias or a span keeping its case, spaces collapsed.
pub(crate) fn fold_cased_alias(text: &str) -> String {
    normalize::collapse_spaces(fold(text, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::lexicon;
    use crate::engine::words::words;

    /// The default dictionary's engine (a trie, so the scan splits words).
    fn default_engine() -> &'static crate::engine::Engine {
        static ENGINE: std::sync::LazyLock<crate::engine::Engine> =
            std::sync::LazyLock::new(|| {
                crate::engine::Engine::build(crate::dictionary::Dictionary::embedded().unwrap())
                    .unwrap()
            });
        &ENGINE
    }

    #[test]
    fn the_scan_splits_words_with_their_flags() {
        let text = "Prime Minister Lee Jae-myung of South Korea met Erdoğan in Ankara.";
        let words_found = default_engine().scan(text).words.unwrap();
        assert_eq!(words_found, words(text));
        assert_eq!(words_found.len(), 12);
        // "Prime" and "Minister" from the scan's probe, "of" too.
        assert!(words_found[0].is(lexicon::PAIR_FIRST));
        assert!(words_found[1].is(lexicon::TITLE_START));
        assert!(words_found[5].is(lexicon::OF_FOR));
        assert!(!words_found[2].is(u32::MAX), "Lee is in no list");
    }

    #[test]
    fn cased_equals_agrees_with_folding() {
        for (span, form) in [
            ("US", "US"),
            ("us", "US"),
            ("Yoon Suk-yeol", "Yoon Suk yeol"),
            ("Yoon  Suk\tyeol", "Yoon Suk yeol"),
            (" NATO ", "NATO"),
            ("NATO", "NATO "),
            ("Erdoğan", "Erdogan"),
            ("AUKUS", "AUKU"),
            ("", ""),
        ] {
            assert_eq!(
                cased_equals(span, form),
                fold_cased_alias(span) == form,
                "{span:?} {form:?}"
            );
        }
        assert!(cased_equals("Yoon Suk-yeol", "Yoon Suk yeol"));
        assert!(!cased_equals("us", "US"));
    }

    #[test]
    fn title_cased_acronyms() {
        assert!(title_cased_acronym("Nato", "NATO"));
        assert!(!title_cased_acronym("Us", "US"));
        assert!(!title_cased_acronym("NATO", "NATO"));
        assert!(!title_cased_acronym("nato", "NATO"));
    }
}
