//! The alias automaton, walked from word starts only.
//!
//! Every alias of a space-delimited script begins at a word start, so the
//! engine runs one anchored walk from each word start instead of one
//! unanchored scan over every byte. An anchored walk also sees every alias
//! that starts there, not only the longest: an unanchored leftmost-longest
//! scan with a boundary filter loses `New York` in `New Yorkers` once
//! `New York` fails its boundary... and never tries the shorter candidates.
//! Here each candidate gets its own boundary check.

use super::trie::Trie;
use aho_corasick::automaton::Automaton as AhoCorasick;
use aho_corasick::{Anchored, MatchKind, PatternID, StartKind, dfa, nfa::contiguous};

/// Up to this many patterns (a small hot set) the DFA's speed is worth its
/// memory: a full transition table per state, 32 MiB at 10,000 aliases.
const DFA_MAX_PATTERNS: usize = 2_000;

/// From this many patterns a plain trie, built in one pass over the sorted
/// patterns, takes over: building Aho-Corasick's failure transitions,
/// which anchored walks never follow, dominates load time at large sizes.
/// On the default dictionary the trie loads faster and smaller than either
/// Aho-Corasick automaton and tags as fast (figures in
/// docs/performance.md, "Automaton kinds").
const TRIE_MIN_PATTERNS: usize = 20_000;

/// Which automaton to build over the aliases: the caller's choice,
/// `Auto` by the number of patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Automaton {
    /// The DFA up to 2,000 patterns, the trie from 20,000, the contiguous
    /// NFA between.
    #[default]
    Auto,
    /// Aho-Corasick's DFA: fastest, a full transition table per state.
    Dfa,
    /// Aho-Corasick's contiguous NFA: compact.
    Nfa,
    /// The hand-written trie, which also gives words' flags to the scan
    /// (or the contiguous NFA when the patterns are too many for it).
    Trie,
}

/// An automaton over folded aliases that supports anchored walks.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// Fastest; for small and medium dictionaries.
    Dfa(dfa::DFA),
    /// Compact; for large dictionaries.
    Nfa(contiguous::NFA),
    /// Cheapest to build; for very large dictionaries.
    Trie(Trie),
}

impl Matcher {
    /// Builds an automaton of kind `kind` over `patterns` (pattern ids are
    /// their indices). The trie also keeps `word_flags`, flags of words as
    /// `keys::load` keys, and gives a word's flags from the probe its walk
    /// makes anyway (see [`Matcher::matches_from`]).
    pub fn build(
        patterns: Vec<String>,
        word_flags: &[(u128, u32)],
        kind: Automaton,
    ) -> Result<Matcher, aho_corasick::BuildError> {
        match kind {
            Automaton::Trie => trie(patterns, word_flags),
            Automaton::Nfa => Ok(Matcher::Nfa(nfa(&patterns)?)),
            Automaton::Dfa => Ok(Matcher::Dfa(dfa(&patterns)?)),
            Automaton::Auto if patterns.len() >= TRIE_MIN_PATTERNS => trie(patterns, word_flags),
            Automaton::Auto if patterns.len() <= DFA_MAX_PATTERNS => {
                Ok(Matcher::Dfa(dfa(&patterns)?))
            }
            Automaton::Auto => Ok(Matcher::Nfa(nfa(&patterns)?)),
        }
    }

    /// Which kind was built, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Matcher::Dfa(_) => "dfa",
            Matcher::Nfa(_) => "contiguous-nfa",
            Matcher::Trie(_) => "trie",
        }
    }

    /// Calls `found(end, pattern)` for every pattern that matches
    /// `haystack[start..end]` exactly, shortest first.
    #[inline]
    pub fn matches_at(&self, haystack: &[u8], start: usize, found: impl FnMut(usize, PatternID)) {
        match self {
            Matcher::Dfa(a) => walk(a, haystack, start, found),
            Matcher::Nfa(a) => walk(a, haystack, start, found),
            Matcher::Trie(t) => t.walk(haystack, start, found),
        }
    }

    /// [`Matcher::matches_at`] for a `start` whose first word (see
    /// `script::first_end`) ends at `first_end`, except that the matches
    /// ending inside that word may be left out: the trie looks the word up
    /// in one probe instead of stepping through its bytes. Returns the
    /// word's flags from `word_flags` (0 for a word not there), which the
    /// trie finds in the same probe; `None` from the other automata.
    #[inline]
    pub fn matches_from(
        &self,
        haystack: &[u8],
        start: usize,
        first_end: usize,
        found: impl FnMut(usize, PatternID),
    ) -> Option<u32> {
        match self {
            Matcher::Trie(t) => Some(t.walk_from_word(haystack, start, first_end, found)),
            _ => {
                self.matches_at(haystack, start, found);
                None
            }
        }
    }

    /// Whether [`Matcher::matches_from`] gives words' flags.
    pub fn gives_word_flags(&self) -> bool {
        matches!(self, Matcher::Trie(_))
    }

    /// Heap bytes used by the automaton.
    pub fn memory_usage(&self) -> usize {
        match self {
            Matcher::Dfa(a) => a.memory_usage(),
            Matcher::Nfa(a) => a.memory_usage(),
            Matcher::Trie(t) => t.memory_usage(),
        }
    }
}

/// The trie, or else the contiguous NFA (with its error) for more bytes of
/// patterns than the trie has ids for.
fn trie(
    patterns: Vec<String>,
    word_flags: &[(u128, u32)],
) -> Result<Matcher, aho_corasick::BuildError> {
    match Trie::build(patterns, word_flags) {
        Ok(trie) => Ok(Matcher::Trie(trie)),
        Err(patterns) => Ok(Matcher::Nfa(nfa(&patterns)?)),
    }
}

fn dfa<P: AsRef<[u8]>>(patterns: &[P]) -> Result<dfa::DFA, aho_corasick::BuildError> {
    dfa::Builder::new()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .prefilter(false)
        .build(patterns)
}

pub(super) fn nfa<P: AsRef<[u8]>>(
    patterns: &[P],
) -> Result<contiguous::NFA, aho_corasick::BuildError> {
    contiguous::Builder::new()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(patterns)
}

#[inline]
fn walk<A: AhoCorasick>(
    automaton: &A,
    haystack: &[u8],
    start: usize,
    mut found: impl FnMut(usize, PatternID),
) {
    let Ok(mut state) = automaton.start_state(Anchored::Yes) else {
        return;
    };
    for (i, &byte) in haystack[start..].iter().enumerate() {
        state = automaton.next_state(Anchored::Yes, state, byte);
        if !automaton.is_special(state) {
            continue;
        }
        if automaton.is_dead(state) {
            return;
        }
        if automaton.is_match(state) {
            let len = i + 1;
            // A match state also lists the patterns that are suffixes of
            // this one; only the one that starts at `start` counts.
            for k in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, k);
                if automaton.pattern_len(pattern) == len {
                    found(start + len, pattern);
                }
            }
        }
    }
}
