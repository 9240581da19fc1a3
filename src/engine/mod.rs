//! The matching engine: normalize, match from word starts, check
//! boundaries and case, then the context layer: titles, overlaps,
//! ambiguity, short forms, dates, confidence.
//!
//! An [`Engine`] is compiled once from a [`Dictionary`] and is immutable
//! afterwards; share it behind an `Arc` and swap it whole. The engine never
//! sees protobuf types, and the offsets it returns are byte offsets into the
//! caller's text, always on `char` boundaries.

mod automaton;
mod context;
pub mod dates;
mod keys;
pub mod normalize;
mod overlap;
pub mod phrases;
pub mod script;
pub mod titles;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;
use std::time::SystemTime;

use crate::dictionary::{Dictionary, EntityType, Entry};
use automaton::Matcher;
use normalize::{Normalized, fold, fold_alias};
pub use overlap::Overlap;
use script::{Class, class, class_at, class_before, glued, may_end, may_start};
use titles::Word;

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The automaton could not be built (too many states for its ids).
    #[error("cannot build the alias automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    /// The aliases' text does not fit 32-bit offsets (4 GiB).
    #[error("the dictionary's aliases hold more than 4 GiB of text")]
    TooLarge,
}

/// What a caller can ask of one extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// What to do with overlapping candidates.
    pub overlap: Overlap,
    /// A bit set of [`EntityType::bit`]; zero means every type.
    pub types: u8,
    /// Mentions below this confidence are dropped.
    pub min_confidence: f32,
    /// The document's date, for offices; today when `None`.
    pub date: Option<dates::Date>,
    /// Explain every mention and every dropped candidate.
    pub explain: bool,
    /// Keep at most this many mentions (the first in text order); 0 means
    /// no limit.
    pub max_mentions: usize,
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// An alias of the entry matched.
    Dictionary,
    /// A capitalized name after a title, not in the dictionary.
    Title,
    /// A short form (a surname) after a full mention of the same entity.
    Coreference,
    /// A capitalized name with an organization's head noun ("Ministry of
    /// Defence"), not in the dictionary.
    Pattern,
}

impl MentionSource {
    /// The name clients see.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionSource::Dictionary => "dictionary",
            MentionSource::Title => "title",
            MentionSource::Coreference => "coreference",
            MentionSource::Pattern => "pattern",
        }
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Referent {
    /// A dictionary entry, through one of its aliases (`None` when the
    /// span is a surname the engine derived, not a listed alias).
    Entry {
        /// Index into [`Engine::entries`].
        entry: usize,
        /// Index into that entry's aliases.
        alias: Option<usize>,
    },
    /// A person named after a title, not in the dictionary: an index into
    /// [`Extraction::named`].
    Named(usize),
}

/// One mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Start byte offset in the original text, on a `char` boundary.
    pub start: usize,
    /// End byte offset (exclusive), on a `char` boundary.
    pub end: usize,
    /// What it refers to.
    pub referent: Referent,
    /// Its type here: usually the entry's, but a title or the context can
    /// correct it ("the White House said" is an organization).
    pub entity_type: EntityType,
    /// From 0 to 1.
    pub confidence: f32,
    /// How the mention was found.
    pub source: MentionSource,
    /// Other entries the same span could mean, best first.
    pub alternatives: Vec<usize>,
    /// Why, in words; empty unless [`Options::explain`].
    pub explanation: String,
}

impl Mention {
    /// The dictionary entry, for mentions of one.
    pub fn entry(&self) -> Option<usize> {
        match self.referent {
            Referent::Entry { entry, .. } => Some(entry),
            Referent::Named(_) => None,
        }
    }
}

/// A person found after a title, with no dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEntity {
    /// `gazette:person/<slug of the name>`: the same name gets the same id
    /// in every document.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// The type the title gave.
    pub entity_type: EntityType,
}

/// A candidate that did not become a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// What it would have been.
    pub referent: Referent,
    /// Why not.
    pub reason: String,
}

/// Everything found in one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The mentions, in text order.
    pub mentions: Vec<Mention>,
    /// People named after titles, referred to by [`Referent::Named`].
    pub named: Vec<NamedEntity>,
    /// With [`Options::explain`], the candidates not kept.
    pub dropped: Vec<Dropped>,
    /// True when mentions were cut at [`Options::max_mentions`].
    pub truncated: bool,
}

/// What a client needs to know of a referent.
#[derive(Debug, Clone, Copy)]
pub struct EntityView<'a> {
    /// The stable id.
    pub id: &'a str,
    /// The canonical name.
    pub name: &'a str,
    /// The dictionary entry, when there is one.
    pub entry: Option<&'a Entry>,
}

impl<'a> EntityView<'a> {
    /// The label a mention of this entity shows when the context gave it
    /// `mention_type`: the entry's own (custom labels included), unless the
    /// context changed the type.
    pub fn label(&self, mention_type: EntityType) -> &'a str {
        match self.entry {
            Some(entry) if entry.entity_type == mention_type => &entry.label,
            _ => mention_type.as_str(),
        }
    }
}

impl Extraction {
    /// Looks a referent up.
    pub fn view<'a>(&'a self, engine: &'a Engine, referent: Referent) -> EntityView<'a> {
        match referent {
            Referent::Entry { entry, .. } => {
                let entry = &engine.entries()[entry];
                EntityView {
                    id: &entry.id,
                    name: &entry.name,
                    entry: Some(entry),
                }
            }
            Referent::Named(index) => {
                let named = &self.named[index];
                EntityView {
                    id: &named.id,
                    name: &named.name,
                    entry: None,
                }
            }
        }
    }

    /// The alias that matched, as written in the dictionary, or the span
    /// itself for names the engine found on its own.
    pub fn matched_alias<'a>(
        &self,
        engine: &'a Engine,
        text: &'a str,
        mention: &Mention,
    ) -> &'a str {
        match mention.referent {
            Referent::Entry {
                entry,
                alias: Some(alias),
            } => &engine.entries()[entry].aliases[alias].text,
            _ => &text[mention.start..mention.end],
        }
    }
}

/// One entry that a folded alias stands for, with the rules of that alias.
#[derive(Debug, Clone, Copy)]
struct Target {
    entry: u32,
    alias: u32,
    /// What a span is compared with, `Engine::forms[form.0..form.1]`: for
    /// a case-sensitive alias, the alias folded with its case kept (the
    /// span must fold to it); for the others, the alias as written (the
    /// span is exact when it equals it). Kept beside the targets, so that
    /// the check reads no entry, alias or string of the dictionary.
    form: (u32, u32),
    short: bool,
    case_sensitive: bool,
}

/// A candidate's targets.
type Targets = smallvec::SmallVec<[(Target, bool); 2]>;

/// A compiled dictionary, ready to tag text.
#[derive(Debug)]
pub struct Engine {
    dictionary: Dictionary,
    matcher: Matcher,
    /// The entries sharing each folded alias: pattern `p`'s are
    /// `targets[target_starts[p]..target_starts[p + 1]]` (one flat list
    /// rather than a box per pattern: a million aliases, a million fewer
    /// allocations).
    targets: Vec<Target>,
    target_starts: Vec<u32>,
    /// Every target's form ([`Target::form`]), end to end.
    forms: String,
    /// What the context rules need of each entry, worked out once.
    facts: context::Facts,
    version: String,
    loaded_at: SystemTime,
}

/// What [`Engine::scan`] found in a text.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Every span that an alias matches with its boundaries and case rule
    /// satisfied, sorted by start, then end.
    pub candidates: Vec<Candidate>,
    /// The text's words ([`titles::words`]), when the scan could split them.
    words: Option<Vec<Word>>,
}

/// A span that some alias matched, before overlaps and short forms are
/// resolved: found by [`Engine::scan`].
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Offsets in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The targets whose case rule the span passes, best first, each with
    /// whether the span has the alias's exact case. Almost always one or
    /// two: inline, not a heap allocation per candidate.
    targets: Targets,
    /// The best target's priority, for overlap ties.
    pub(crate) priority: i32,
    /// The title before the span, if one makes it a person: its index in
    /// the document's titles. Few candidates have one, and every candidate
    /// is moved several times (scan, sort, overlaps), 88 bytes each where
    /// they were 144 with the title inline.
    title: Option<u32>,
    /// True for a name after a title that no person entry matches.
    named: bool,
    /// True for an organization-like name no entry matches.
    phrase: bool,
}

impl Engine {
    /// Compiles a dictionary.
    pub fn build(dictionary: Dictionary) -> Result<Engine, BuildError> {
        // Each folded alias once, at its pattern id in `patterns`, found
        // again through a table of pattern ids hashed by their text (not a
        // map with a second copy of every key); then the entries it stands
        // for, as (pattern, target) pairs in one flat list, sized up front.
        // No large temporary is freed before the automaton is built: with
        // glibc that would leave holes under the automaton that stay
        // resident.
        let hash = |key: &str| FxBuildHasher.hash_one(key);
        let mut patterns: Vec<String> = Vec::new();
        let mut by_alias: HashTable<u32> = HashTable::new();
        let alias_count = dictionary.entries().iter().map(|e| e.aliases.len()).sum();
        let mut pairs: Vec<(u32, Target)> = Vec::with_capacity(alias_count);
        let mut forms = String::new();
        for (entry_index, entry) in dictionary.entries().iter().enumerate() {
            for (alias_index, alias) in entry.aliases.iter().enumerate() {
                let key = fold_alias(&alias.text);
                if key.is_empty() {
                    continue;
                }
                let found = by_alias.find(hash(&key), |&p| patterns[p as usize] == key);
                let pattern = match found {
                    Some(&pattern) => pattern,
                    None => {
                        let pattern = patterns.len() as u32;
                        by_alias
                            .insert_unique(hash(&key), pattern, |&p| hash(&patterns[p as usize]));
                        patterns.push(key);
                        pattern
                    }
                };
                // The same entry reached twice through one folded form (for
                // "Erdoğan" and "Erdogan") needs only its first alias; this
                // entry's pairs are the last ones.
                if pairs
                    .iter()
                    .rev()
                    .take_while(|(_, t)| t.entry == entry_index as u32)
                    .any(|(p, _)| *p == pattern)
                {
                    continue;
                }
                let form_start = forms.len();
                if alias.case_sensitive {
                    forms.push_str(&fold_cased_alias(&alias.text));
                } else {
                    forms.push_str(&alias.text);
                }
                let (Ok(form_start), Ok(form_end)) =
                    (u32::try_from(form_start), u32::try_from(forms.len()))
                else {
                    return Err(BuildError::TooLarge);
                };
                pairs.push((
                    pattern,
                    Target {
                        entry: entry_index as u32,
                        alias: alias_index as u32,
                        form: (form_start, form_end),
                        short: alias.short,
                        case_sensitive: alias.case_sensitive,
                    },
                ));
            }
        }
        drop(by_alias);
        // Grouped by pattern, in entry order within each: an entry has one
        // pair per pattern, so sorting by both is stable without the
        // buffer of a stable sort.
        pairs.sort_unstable_by_key(|(pattern, target)| (*pattern, target.entry));
        let mut target_starts = Vec::with_capacity(patterns.len() + 1);
        for (index, (pattern, _)) in pairs.iter().enumerate() {
            while target_starts.len() <= *pattern as usize {
                target_starts.push(index as u32);
            }
        }
        target_starts.push(pairs.len() as u32);
        // In place: a target is no larger than a pair.
        let targets: Vec<Target> = pairs.into_iter().map(|(_, target)| target).collect();
        let matcher = Matcher::build(patterns, &titles::lexicon::LISTED)?;
        let version = version_of(&dictionary);
        let facts = context::Facts::build(dictionary.entries());
        Ok(Engine {
            dictionary,
            matcher,
            targets,
            target_starts,
            forms,
            facts,
            version,
            loaded_at: SystemTime::now(),
        })
    }

    /// The entries, indexed by [`Mention::entry`].
    pub fn entries(&self) -> &[Entry] {
        self.dictionary.entries()
    }

    /// The dictionary this engine was built from.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// A content hash of the entries: equal dictionaries, equal versions.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// When the engine was built.
    pub fn loaded_at(&self) -> SystemTime {
        self.loaded_at
    }

    /// The number of distinct folded aliases.
    pub fn alias_count(&self) -> usize {
        self.target_starts.len() - 1
    }

    /// The entries sharing folded alias `pattern`, best first.
    fn targets_of(&self, pattern: usize) -> &[Target] {
        &self.targets
            [self.target_starts[pattern] as usize..self.target_starts[pattern + 1] as usize]
    }

    /// The pattern id of a folded alias, found by walking the matcher.
    fn pattern_of(&self, key: &str) -> Option<usize> {
        let mut found = None;
        self.matcher.matches_at(key.as_bytes(), 0, |end, pattern| {
            if end == key.len() {
                found = Some(pattern.as_usize());
            }
        });
        found
    }

    /// Which automaton matches aliases: "dfa", "contiguous-nfa" or "trie".
    pub fn automaton_kind(&self) -> &'static str {
        self.matcher.kind()
    }

    /// Heap bytes used by the automaton.
    pub fn automaton_bytes(&self) -> usize {
        self.matcher.memory_usage()
    }

    /// The entries with id `query`, or else every entry with an alias that
    /// folds like `query`.
    pub fn lookup(&self, query: &str) -> Vec<&Entry> {
        if let Some(index) = self.dictionary.index_of(query.trim()) {
            return vec![&self.entries()[index]];
        }
        let key = fold_alias(query);
        if key.is_empty() {
            return Vec::new();
        }
        let Some(pattern) = self.pattern_of(&key) else {
            return Vec::new();
        };
        self.targets_of(pattern)
            .iter()
            .map(|t| &self.entries()[t.entry as usize])
            .collect()
    }

    /// Finds every mention in `text`, in text order.
    pub fn extract(&self, text: &str, options: &Options) -> Extraction {
        let scanned = self.scan(text);
        debug_assert!(
            scanned
                .words
                .as_ref()
                .is_none_or(|w| *w == titles::words(text)),
            "the scan's words differ from the word split's in {text:?}"
        );
        self.resolve(text, scanned, options)
    }

    /// The second stage of [`Engine::extract`], public for benchmarks: the
    /// context layer (titles, organization patterns, overlaps, ambiguity,
    /// short forms, confidence) over the output of [`Engine::scan`].
    pub fn resolve(&self, text: &str, scanned: Scanned, options: &Options) -> Extraction {
        context::resolve(self, text, scanned.candidates, scanned.words, options)
    }

    /// The first stage of [`Engine::extract`], public for benchmarks:
    /// normalize, walk the automaton from word starts, check boundaries
    /// and case rules.
    ///
    /// The scan visits each word of the folded text and looks it up in one
    /// probe, which also gives its flags in the context rules' word lists.
    /// An ASCII word where the folded text and the original are aligned
    /// byte for byte is a word of the original too, unless a letter, digit
    /// or mark touches it there: the context layer's word split and its
    /// second probe are saved for it ([`titles::WordList`]). Only the rest
    /// of the text (around "Erdoğan", or a "™" folded into "tm") is split
    /// as before.
    pub fn scan(&self, text: &str) -> Scanned {
        let normalized = Normalized::new(text);
        let folded = normalized.text.as_str();
        let haystack = folded.as_bytes();
        // News has a candidate every 47 bytes (4 MB of the bench corpus):
        // room for most documents' without growing, and no more than 4,096
        // (360 KB) up front for a huge one.
        let mut candidates = Vec::with_capacity((text.len() / 32).min(4096));
        // Only the trie gives words' flags: with the other automata the
        // context layer splits the words itself.
        let mut words = self
            .matcher
            .gives_word_flags()
            .then(|| titles::WordList::new(text));
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
            if !may_start(first, before) {
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
                    if !may_end(class_before(folded, end), class_at(folded, end))
                        || glued(haystack, start, end)
                    {
                        return;
                    }
                    let original_start = normalized.original_start(start);
                    let original_end = normalized.original_end(text, end);
                    let span = &text[original_start..original_end];
                    if let Some(candidate) =
                        self.candidate(original_start, original_end, span, pattern.as_usize())
                    {
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

    /// The candidate for one matched span, if any target's case rule
    /// passes.
    fn candidate(&self, start: usize, end: usize, span: &str, pattern: usize) -> Option<Candidate> {
        let mut passing = Targets::new();
        for target in self.targets_of(pattern) {
            let form = &self.forms[target.form.0 as usize..target.form.1 as usize];
            let exact_case = if !target.case_sensitive {
                span == form
            } else if cased_equals(span, form) {
                true
            } else if title_cased_acronym(span, form) {
                false
            } else {
                continue;
            };
            passing.push((*target, exact_case));
        }
        if passing.is_empty() {
            return None;
        }
        let priority = |entry: u32| self.facts.priority(entry as usize);
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
            named: false,
            phrase: false,
        })
    }
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
fn fold_cased_alias(text: &str) -> String {
    normalize::collapse_spaces(fold(text, false))
}

/// A content hash (64-bit FNV-1a) of the dictionary as exported, hashed
/// as it is written rather than from a copy of the export (tens of
/// megabytes for a large dictionary).
fn version_of(dictionary: &Dictionary) -> String {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    // Hashing cannot fail.
    let _ = crate::dictionary::export_jsonl(dictionary.entries(), &mut hash);
    format!("{:016x}", hash.0)
}

/// A 64-bit FNV-1a hash that bytes are written to.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default dictionary's engine (a trie, so the scan splits words).
    fn default_engine() -> &'static Engine {
        static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(|| {
            Engine::build(crate::dictionary::Dictionary::embedded().unwrap()).unwrap()
        });
        &ENGINE
    }

    proptest::proptest! {
        /// The scan's words are the word split's, whatever non-ASCII
        /// characters sit in, beside or between ASCII words: letters that
        /// fold to ASCII ("ğ", "ﬁ"), marks, symbols that fold to letters
        /// ("™"), characters that fold to nothing, quotes, dashes, Korean,
        /// Chinese, Cyrillic.
        #[test]
        fn the_scans_words_are_the_word_splits(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Prime", "Minister", "the", "of", "Seoul", "x", "42", "ABC",
                    "President", "Lee", "Jae-myung", "al", "Mr", "said", "a",
                    " ", " ", " ", "-", ".", ",", "'", "\"", "\n", "$", "@",
                    "Erdoğan", "ğ", "é", "e\u{301}", "\u{301}", "ﬁ", "™", "²",
                    "\u{200b}", "\u{ad}", "’", "“", "—", "이재명", "東京", "д",
                    "Ｓｅｏｕｌ", "İ",
                ]),
                0..40,
            ),
        ) {
            let text: String = pieces.concat();
            let scanned = default_engine().scan(&text);
            proptest::prop_assert_eq!(scanned.words, Some(titles::words(&text)));
        }
    }

    #[test]
    fn the_scan_splits_words_with_their_flags() {
        let text = "Prime Minister Lee Jae-myung of South Korea met Erdoğan in Ankara.";
        let words = default_engine().scan(text).words.unwrap();
        assert_eq!(words, titles::words(text));
        assert_eq!(words.len(), 12);
        // "Prime" and "Minister" from the scan's probe, "of" too.
        assert!(words[0].is(titles::lexicon::PAIR_FIRST));
        assert!(words[1].is(titles::lexicon::TITLE_START));
        assert!(words[5].is(titles::lexicon::OF_FOR));
        assert!(!words[2].is(u32::MAX), "Lee is in no list");
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
