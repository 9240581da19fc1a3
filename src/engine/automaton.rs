//! The alias automaton, walked from word starts only.
//!
//! Every alias of a space-delimited script begins at a word start, so the
//! engine runs one anchored walk from each word start instead of one
//! unanchored scan over every byte. An anchored walk also sees every alias
//! that starts there, not only the longest: an unanchored leftmost-longest
//! scan with a boundary filter loses `New York` in `New Yorkers` once
//! `New York` fails its boundary... and never tries the shorter candidates.
//! Here each candidate gets its own boundary check.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, PatternID, StartKind, dfa, nfa::contiguous};

/// Above this many patterns the DFA's memory (a full transition table per
/// state) stops paying for its speed, and the contiguous NFA takes over.
const DFA_MAX_PATTERNS: usize = 20_000;

/// An automaton over folded aliases that supports anchored walks.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Fastest; for small and medium dictionaries.
    Dfa(dfa::DFA),
    /// Compact; for large dictionaries.
    Nfa(contiguous::NFA),
}

impl Matcher {
    /// Builds the automaton over `patterns` (pattern ids are their indices).
    pub fn build(patterns: &[String]) -> Result<Matcher, aho_corasick::BuildError> {
        if patterns.len() <= DFA_MAX_PATTERNS {
            let dfa = dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Anchored)
                .prefilter(false)
                .build(patterns)?;
            Ok(Matcher::Dfa(dfa))
        } else {
            let nfa = contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(patterns)?;
            Ok(Matcher::Nfa(nfa))
        }
    }

    /// Calls `found(end, pattern)` for every pattern that matches
    /// `haystack[start..end]` exactly, shortest first.
    #[inline]
    pub fn matches_at(&self, haystack: &[u8], start: usize, found: impl FnMut(usize, PatternID)) {
        match self {
            Matcher::Dfa(a) => walk(a, haystack, start, found),
            Matcher::Nfa(a) => walk(a, haystack, start, found),
        }
    }

    /// Heap bytes used by the automaton.
    pub fn memory_usage(&self) -> usize {
        match self {
            Matcher::Dfa(a) => a.memory_usage(),
            Matcher::Nfa(a) => a.memory_usage(),
        }
    }
}

#[inline]
fn walk<A: Automaton>(
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
