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

/// Up to this many patterns (a small hot set) the DFA's speed is worth its
/// memory: a full transition table per state, 32 MiB at 10,000 aliases.
const DFA_MAX_PATTERNS: usize = 2_000;

/// From this many patterns a plain trie, built in one pass over the sorted
/// patterns, takes over: building Aho-Corasick's failure transitions,
/// which anchored walks never follow, dominates load time (31 s of 39 s at
/// a million aliases). On the default dictionary (41,000 folded aliases)
/// the trie loads in 0.22 s against 0.36-0.53 s and 55 MB against 68 MB of
/// RSS, and tags as fast (bench: `GAZETTE_AUTOMATON=trie|nfa|dfa gazette
/// tag --threads 1`, medians of 3 on a shared machine).
const TRIE_MIN_PATTERNS: usize = 20_000;

/// An automaton over folded aliases that supports anchored walks.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Fastest; for small and medium dictionaries.
    Dfa(dfa::DFA),
    /// Compact; for large dictionaries.
    Nfa(contiguous::NFA),
    /// Cheapest to build; for very large dictionaries.
    Trie(Trie),
}

impl Matcher {
    /// Builds the automaton over `patterns` (pattern ids are their indices).
    pub fn build(patterns: &[String]) -> Result<Matcher, aho_corasick::BuildError> {
        // `GAZETTE_AUTOMATON=trie|nfa|dfa` forces one kind, for benchmarks.
        match std::env::var("GAZETTE_AUTOMATON").as_deref() {
            Ok("trie") => return Ok(Matcher::Trie(Trie::build(patterns))),
            Ok("nfa") => return Ok(Matcher::Nfa(nfa(patterns)?)),
            Ok("dfa") => return Ok(Matcher::Dfa(dfa(patterns)?)),
            _ => {}
        }
        if patterns.len() >= TRIE_MIN_PATTERNS {
            return Ok(Matcher::Trie(Trie::build(patterns)));
        }
        if patterns.len() <= DFA_MAX_PATTERNS {
            Ok(Matcher::Dfa(dfa(patterns)?))
        } else {
            Ok(Matcher::Nfa(nfa(patterns)?))
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

    /// Heap bytes used by the automaton.
    pub fn memory_usage(&self) -> usize {
        match self {
            Matcher::Dfa(a) => a.memory_usage(),
            Matcher::Nfa(a) => a.memory_usage(),
            Matcher::Trie(t) => t.memory_usage(),
        }
    }
}

fn dfa(patterns: &[String]) -> Result<dfa::DFA, aho_corasick::BuildError> {
    dfa::Builder::new()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .prefilter(false)
        .build(patterns)
}

fn nfa(patterns: &[String]) -> Result<contiguous::NFA, aho_corasick::BuildError> {
    contiguous::Builder::new()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(patterns)
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

/// A byte trie in depth-first order: each node lists its children as a
/// sibling chain sorted by byte; the root's children sit in a 256-entry
/// table.
#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<TrieNode>,
    root: Box<[u32; 256]>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    first_child: u32,
    next_sibling: u32,
    /// The pattern ending here, or `NONE`.
    pattern: u32,
    byte: u8,
}

const NONE: u32 = u32::MAX;

impl Trie {
    /// Builds in one pass over the patterns in sorted order: each pattern
    /// shares its longest common prefix with the one before it, and its
    /// new nodes are appended as the last child of the node where they
    /// part.
    fn build(patterns: &[String]) -> Trie {
        let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            patterns[a as usize]
                .as_bytes()
                .cmp(patterns[b as usize].as_bytes())
        });
        // Node 0 is the root.
        let mut nodes = vec![TrieNode {
            first_child: NONE,
            next_sibling: NONE,
            pattern: NONE,
            byte: 0,
        }];
        // The path of the previous pattern: node ids, and the last child
        // created under each.
        let mut path: Vec<u32> = vec![0];
        let mut last_child: Vec<u32> = vec![NONE];
        let mut previous: &[u8] = &[];
        for id in order {
            let pattern = patterns[id as usize].as_bytes();
            let common = pattern
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(common + 1);
            last_child.truncate(common + 1);
            for &byte in &pattern[common..] {
                let parent = *path.last().unwrap_or(&0);
                let node = nodes.len() as u32;
                nodes.push(TrieNode {
                    first_child: NONE,
                    next_sibling: NONE,
                    pattern: NONE,
                    byte,
                });
                let depth = path.len() - 1;
                match last_child[depth] {
                    NONE => nodes[parent as usize].first_child = node,
                    sibling => nodes[sibling as usize].next_sibling = node,
                }
                last_child[depth] = node;
                path.push(node);
                last_child.push(NONE);
            }
            if let Some(&end) = path.get(pattern.len()) {
                nodes[end as usize].pattern = id;
            }
            previous = pattern;
        }
        let mut root = Box::new([NONE; 256]);
        let mut child = nodes[0].first_child;
        while child != NONE {
            let node = nodes[child as usize];
            root[node.byte as usize] = child;
            child = node.next_sibling;
        }
        Trie { nodes, root }
    }

    #[inline]
    fn walk(&self, haystack: &[u8], start: usize, mut found: impl FnMut(usize, PatternID)) {
        let Some(&first) = haystack.get(start) else {
            return;
        };
        let mut node = self.root[first as usize];
        let mut end = start + 1;
        loop {
            if node == NONE {
                return;
            }
            let current = self.nodes[node as usize];
            if current.pattern != NONE {
                found(end, PatternID::new_unchecked(current.pattern as usize));
            }
            let Some(&byte) = haystack.get(end) else {
                return;
            };
            let mut child = current.first_child;
            while child != NONE {
                let candidate = self.nodes[child as usize];
                if candidate.byte >= byte {
                    break;
                }
                child = candidate.next_sibling;
            }
            node = if child != NONE && self.nodes[child as usize].byte == byte {
                child
            } else {
                NONE
            };
            end += 1;
        }
    }

    fn memory_usage(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<TrieNode>() + std::mem::size_of::<[u32; 256]>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_matches(matcher: &Matcher, haystack: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for start in 0..haystack.len() {
            matcher.matches_at(haystack.as_bytes(), start, |end, pattern| {
                found.push((start, end, pattern.as_usize()))
            });
        }
        found
    }

    #[test]
    fn trie_and_aho_corasick_agree() {
        let patterns: Vec<String> = [
            "korea",
            "south korea",
            "south",
            "so",
            "lee",
            "lee jae myung",
            "leeds",
            "東京",
            "東",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let haystack = "south korea and leeds, lee jae myung in 東京 so";
        let trie = Matcher::Trie(Trie::build(&patterns));
        let dfa = Matcher::build(&patterns).unwrap();
        assert_eq!(all_matches(&trie, haystack), all_matches(&dfa, haystack));
        assert!(!all_matches(&trie, haystack).is_empty());
    }
}
