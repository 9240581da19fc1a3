//! The hand-written trie: the automaton for large dictionaries, and the
//! probe that gives each word's flags in the lexicon on the way.
//!
//! Its oracle is Aho-Corasick: the tests below walk the trie and an
//! Aho-Corasick automaton over the same patterns from every start of a
//! text and require the same matches.

use aho_corasick::PatternID;
use rayon::prelude::*;

use crate::engine::text::{keys, script};

/// A byte trie whose siblings are contiguous: node `n`'s children are the
/// nodes from its first child to the next one flagged [`LAST`], their bytes
/// sorted. A step reads one short run of [`Node`]s, where a linked chain of
/// siblings would read one node per sibling, each far from the last. The
/// runs are laid out depth first, each node's children and then their
/// descendants, so that the single-child tail of an alias is one stretch
/// of memory, where breadth-first order would put each step of a walk a
/// whole level further on. The root's children sit in a 256-entry table,
/// and its grandchildren in a 65,536-entry one.
///
/// A node is five bytes, its first child's id with flags for "a pattern
/// ends here" and "last sibling", and its byte: the pattern ids sit apart,
/// found by rank (most nodes end no pattern). About 5.6 bytes a node,
/// against 9 with the pattern id beside each, and half the cache lines for
/// the nodes a walk touches (sizes at a million aliases in
/// docs/performance.md).
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    /// Per node, its link and label, side by side.
    nodes: Vec<Node>,
    /// The patterns of the nodes flagged [`MATCH`].
    matches: Ranked,
    /// The nodes at depth one, by byte.
    root: Box<[u32; 256]>,
    /// The nodes at depth two, by their two bytes: the first two steps,
    /// where nodes have the most children, are one lookup in 256 KiB.
    pairs: Box<[u32]>,
    /// Where each alias's first word leads, by the word: the first steps
    /// of a walk from a word start in one probe.
    jumps: Jumps,
}

/// A node of the [`Trie`]: its first child's id (0 for none), with
/// [`MATCH`] set where a pattern ends and [`LAST`] on the last of its
/// siblings, and the byte on the edge into it. Side by side,
/// unpadded: a step finds the child by its byte and reads the child's link
/// from the same few bytes, where two arrays cost two cache misses.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed)]
struct Node {
    link: u32,
    label: u8,
}

const NONE: u32 = u32::MAX;

/// The flag on a node's link where a pattern ends.
const MATCH: u32 = 1 << 31;

/// The flag on a node's link when it is the last of its siblings.
const LAST: u32 = 1 << 30;

/// The first child's id in a node's link (0, the root's, for none).
const ID: u32 = LAST - 1;

/// Values for a sparse set of node ids, found by rank: one bit per node, a
/// running count per 64 nodes, the values in node order.
#[derive(Debug, Clone, Default)]
struct Ranked {
    bits: Vec<u64>,
    counts: Vec<u32>,
    values: Vec<u32>,
}

impl Ranked {
    /// The value of `node`, which must be in the set.
    #[inline]
    fn get(&self, node: u32) -> u32 {
        let word = node as usize / 64;
        let below = self.bits[word] & ((1u64 << (node % 64)) - 1);
        self.values[self.counts[word] as usize + below.count_ones() as usize]
    }

    fn memory_usage(&self) -> usize {
        self.bits.len() * 8 + self.counts.len() * 4 + self.values.len() * 4
    }
}

/// A pattern to lay out: its bytes in the arena, and its id.
struct Live {
    offset: u32,
    len: u32,
    id: u32,
}

impl Trie {
    /// Builds straight from the sorted patterns, where the patterns below
    /// each node are one run: each run is split by its next byte into the
    /// node's children, each byte of each pattern read once; no
    /// intermediate trie, so building takes little more memory than the
    /// result. Gives the patterns back when they hold more bytes than node
    /// ids have room for (a billion), for an automaton that reports a
    /// proper error.
    pub(crate) fn build(
        patterns: Vec<String>,
        word_flags: &[(u128, u32)],
    ) -> Result<Trie, Vec<String>> {
        // Ids must leave the flag bits free; a node per byte at most.
        if patterns.iter().map(String::len).sum::<usize>() + 2 >= LAST as usize {
            return Err(patterns);
        }
        let mut sorted: Vec<(&str, u32)> = patterns
            .iter()
            .enumerate()
            .map(|(id, p)| (p.as_str(), id as u32))
            .filter(|(pattern, _)| !pattern.is_empty())
            .collect();
        // Most of the build: on every core.
        sorted.par_sort_unstable();
        // The patterns copied in sorted order, so that the layout reads
        // memory mostly in order; and their first words, which sorting
        // brings mostly together (one copy each once sorted).
        let mut arena = Vec::with_capacity(sorted.iter().map(|(p, _)| p.len()).sum());
        let mut live: Vec<Live> = Vec::with_capacity(sorted.len());
        // The listed words first, then each first word once.
        let mut words: Vec<u128> = word_flags.iter().map(|&(key, _)| key).collect();
        for (pattern, id) in sorted {
            let word = &pattern.as_bytes()[..script::first_end(pattern, 0).0];
            if JUMP_LENGTHS.contains(&word.len())
                && let Some(key) = keys::load(word, 0, word.len())
                && words.last() != Some(&key)
            {
                words.push(key);
            }
            live.push(Live {
                offset: arena.len() as u32,
                len: pattern.len() as u32,
                id,
            });
            arena.extend_from_slice(pattern.as_bytes());
        }
        words.par_sort_unstable();
        words.dedup();
        // From here on the arena is the only copy.
        drop(patterns);
        // The number of nodes, so that the arrays never grow by doubling
        // (a third of the peak memory at a million aliases): one per byte
        // past the prefix each pattern shares with the one before it.
        let mut count = 1;
        let mut previous: &[u8] = &[];
        for pattern in &live {
            let bytes = &arena[pattern.offset as usize..][..pattern.len as usize];
            let common = bytes
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            count += bytes.len() - common;
            previous = bytes;
        }
        // Node 0 is the root. Blocks of siblings are laid out depth first:
        // a node's children as one block, then each child's descendants in
        // turn, so that a chain of single children (the tail of most
        // aliases) is one run of nodes, where breadth-first order put each
        // step a level, and a cache miss, further on. Each task is a node
        // whose children are not laid out yet, with its patterns: those of
        // `live[from..to]` longer than `depth`, all sharing their first
        // `depth` bytes.
        let mut nodes: Vec<Node> = Vec::with_capacity(count);
        nodes.push(Node { link: 0, label: 0 });
        let mut values: Vec<u32> = Vec::new();
        let mut tasks: Vec<(u32, usize, usize, usize)> = vec![(0, 0, live.len(), 0)];
        let mut children: Vec<(u32, usize, usize)> = Vec::new();
        while let Some((node, from, to, depth)) = tasks.pop() {
            let byte_at = |i: usize| arena[live[i].offset as usize + depth];
            // The pattern that ends at the node sorts first.
            let mut i = from;
            if i < to && live[i].len as usize == depth {
                i += 1;
            }
            if i == to {
                continue;
            }
            let first = nodes.len() as u32;
            nodes[node as usize].link |= first;
            children.clear();
            while i < to {
                let byte = byte_at(i);
                let start = i;
                while i < to && byte_at(i) == byte {
                    i += 1;
                }
                let child = nodes.len() as u32;
                let mut link = 0;
                // Nodes are made in id order, and so are the values.
                if live[start].len as usize == depth + 1 {
                    link |= MATCH;
                    values.push(live[start].id);
                }
                nodes.push(Node { link, label: byte });
                children.push((child, start, i));
            }
            nodes.last_mut().expect("a child was made").link |= LAST;
            // The first child's descendants next: tasks are taken last in,
            // first out.
            tasks.extend(
                children
                    .iter()
                    .rev()
                    .map(|&(child, from, to)| (child, from, to, depth + 1)),
            );
        }
        drop(live);
        drop(arena);
        let mut matches = Ranked {
            bits: vec![0; nodes.len().div_ceil(64)],
            counts: Vec::with_capacity(nodes.len().div_ceil(64)),
            values,
        };
        let mut seen = 0u32;
        for (id, node) in nodes.iter().enumerate() {
            let link = node.link;
            if id % 64 == 0 {
                matches.counts.push(seen);
            }
            if link & MATCH != 0 {
                matches.bits[id / 64] |= 1 << (id % 64);
                seen += 1;
            }
        }
        let mut trie = Trie {
            nodes,
            matches,
            root: Box::new([NONE; 256]),
            pairs: vec![NONE; 1 << 16].into_boxed_slice(),
            jumps: Jumps::default(),
        };
        for node in trie.children(0) {
            let first = trie.nodes[node as usize].label;
            trie.root[first as usize] = node;
            for child in trie.children(node) {
                let second = trie.nodes[child as usize].label;
                trie.pairs[(first as usize) << 8 | second as usize] = child;
            }
        }
        trie.jumps = Jumps::build(&trie, words, word_flags);
        Ok(trie)
    }

    /// The node that `bytes` lead to from the root, or [`NONE`].
    fn node_of(&self, bytes: &[u8]) -> u32 {
        let mut node = 0;
        for &byte in bytes {
            node = self.child(node, byte);
            if node == NONE {
                break;
            }
        }
        node
    }

    /// The ids of `node`'s children: from its first child's to the next
    /// one flagged [`LAST`].
    fn children(&self, node: u32) -> std::ops::Range<u32> {
        let first = self.nodes[node as usize].link & ID;
        if first == 0 {
            return 0..0;
        }
        let mut last = first as usize;
        while self.nodes[last].link & LAST == 0 {
            last += 1;
        }
        first..last as u32 + 1
    }

    /// The pattern ending at `node`, if any.
    #[inline]
    fn pattern(&self, node: u32) -> Option<PatternID> {
        (self.nodes[node as usize].link & MATCH != 0)
            .then(|| PatternID::new_unchecked(self.matches.get(node) as usize))
    }

    /// The child of `node` on `byte`, if any: a scan of its children,
    /// whose bytes are sorted, up to the byte or past it.
    #[inline]
    fn child(&self, node: u32, byte: u8) -> u32 {
        let mut child = (self.nodes[node as usize].link & ID) as usize;
        if child == 0 {
            return NONE;
        }
        loop {
            let Node { link, label } = self.nodes[child];
            if label == byte {
                return child as u32;
            }
            if label > byte || link & LAST != 0 {
                return NONE;
            }
            child += 1;
        }
    }

    /// The node among `from..to` (a node's children) on `byte`, if any.
    #[inline]
    fn child_between(&self, from: usize, to: usize, byte: u8) -> u32 {
        let children = &self.nodes[from..to];
        // Most nodes have one to a few children: a short scan beats a
        // binary search.
        let found = if children.len() <= 16 {
            children.iter().position(|child| child.label == byte)
        } else {
            children
                .binary_search_by_key(&byte, |child| child.label)
                .ok()
        };
        found.map_or(NONE, |k| (from + k) as u32)
    }

    #[inline]
    pub(crate) fn walk(
        &self,
        haystack: &[u8],
        start: usize,
        mut found: impl FnMut(usize, PatternID),
    ) {
        let Some(&first) = haystack.get(start) else {
            return;
        };
        let node = self.root[first as usize];
        if node == NONE {
            return;
        }
        if let Some(pattern) = self.pattern(node) {
            found(start + 1, pattern);
        }
        let Some(&second) = haystack.get(start + 1) else {
            return;
        };
        self.walk_on(
            self.pairs[(first as usize) << 8 | second as usize],
            haystack,
            start + 2,
            found,
        );
    }

    /// [`Trie::walk`] for a `start` whose first word ends at `first_end`;
    /// matches inside that word may be left out. Returns the word's flags.
    #[inline]
    pub(crate) fn walk_from_word(
        &self,
        haystack: &[u8],
        start: usize,
        first_end: usize,
        mut found: impl FnMut(usize, PatternID),
    ) -> u32 {
        let len = first_end - start;
        if !JUMP_LENGTHS.contains(&len) {
            // Longer than any key: no flags.
            self.walk(haystack, start, found);
            return 0;
        }
        let Some(jump) = keys::load(haystack, start, first_end).and_then(|w| self.jumps.0.get(w))
        else {
            return 0;
        };
        if jump.pattern != NONE {
            found(first_end, PatternID::new_unchecked(jump.pattern as usize));
        }
        if let Some(&byte) = haystack.get(first_end) {
            let (from, to) = jump.children;
            let node = self.child_between(from as usize, to as usize, byte);
            self.walk_on(node, haystack, first_end + 1, found);
        }
        jump.flags
    }

    /// Walks on from `node` (or [`NONE`]), which `haystack[..end]` led to.
    #[inline]
    fn walk_on(
        &self,
        mut node: u32,
        haystack: &[u8],
        mut end: usize,
        mut found: impl FnMut(usize, PatternID),
    ) {
        while node != NONE {
            if let Some(pattern) = self.pattern(node) {
                found(end, pattern);
            }
            let Some(&byte) = haystack.get(end) else {
                return;
            };
            node = self.child(node, byte);
            end += 1;
        }
    }

    pub(crate) fn memory_usage(&self) -> usize {
        std::mem::size_of_val(&*self.nodes)
            + self.matches.memory_usage()
            + std::mem::size_of::<[u32; 256]>()
            + self.pairs.len() * 4
            + self.jumps.memory_usage()
    }
}

/// The lengths of the first words in [`Jumps`]: every word that fits a key,
/// so that every word but the rare longer ones has its flags from a probe.
const JUMP_LENGTHS: std::ops::RangeInclusive<usize> = 1..=16;

/// Where each first word of a pattern leads in the trie, by the word as a
/// key (a first word holds no zero byte): a walk from a word start takes
/// one probe where it took a step per byte, and stops at once on a word
/// that no pattern starts with, as half the words of news are. The probe
/// also brings the node's pattern and children, the next reads of the
/// walk, which would each miss the cache on a node this deep.
///
/// The words of `word_flags` are there too, with their flags (in the slot's
/// padding: a slot is 32 bytes either way), so that the context layer's
/// word lists cost no second probe; those that start no pattern lead
/// nowhere.
#[derive(Debug, Clone, Default)]
struct Jumps(keys::Table<Jump>);

#[derive(Debug, Clone, Copy, Default)]
struct Jump {
    /// The pattern that is the word itself, or [`NONE`].
    pattern: u32,
    /// The node's children.
    children: (u32, u32),
    /// The word's flags from `word_flags`, or 0.
    flags: u32,
}

impl Jumps {
    /// The jumps of `words`, sorted and distinct: the first words of the
    /// patterns and the words of `word_flags`.
    fn build(trie: &Trie, words: Vec<u128>, word_flags: &[(u128, u32)]) -> Jumps {
        let mut flags = word_flags.to_vec();
        flags.sort_unstable();
        // Each word's walk is its own: on every core, then into the table.
        let jumps: Vec<(u128, Jump)> = words
            .into_par_iter()
            .map(|word| {
                let bytes = word.to_le_bytes();
                // A listed word may be in the trie only as the start of a
                // longer word, or not at all. Its children then continue a word
                // (a pattern's first word ends at a boundary), and a walk from
                // the end of a word in the text never takes them.
                let node = trie.node_of(&bytes[..keys::len(word)]);
                let (pattern, children) = match node {
                    NONE => (NONE, 0..0),
                    node => (
                        trie.pattern(node).map_or(NONE, |p| p.as_u32()),
                        trie.children(node),
                    ),
                };
                let jump = Jump {
                    pattern,
                    children: (children.start, children.end),
                    flags: flags
                        .binary_search_by_key(&word, |&(key, _)| key)
                        .map_or(0, |i| flags[i].1),
                };
                (word, jump)
            })
            .collect();
        // Mostly asked for words it lacks, which the fingerprints answer.
        Jumps(keys::Table::new(jumps.into_iter(), 1.5))
    }

    fn memory_usage(&self) -> usize {
        self.0.memory_usage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scan::automaton::{Automaton, Matcher, nfa};

    fn first_end(text: &str, start: usize) -> usize {
        script::first_end(text, start).0
    }

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
        let trie = Matcher::Trie(Trie::build(patterns.clone(), &[]).unwrap());
        let dfa = Matcher::build(patterns.clone(), &[], Automaton::Auto).unwrap();
        assert_eq!(all_matches(&trie, haystack), all_matches(&dfa, haystack));
        assert!(!all_matches(&trie, haystack).is_empty());
    }

    #[test]
    fn trie_agrees_with_aho_corasick_on_many_shared_prefixes() {
        // Pseudo-random patterns over a small alphabet, so that prefixes,
        // childless nodes and patterns inside patterns abound.
        let mut state = 0x2545_f491_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let alphabet = b"ab c\xc3\xa9";
        let mut patterns: Vec<String> = (0..3000)
            .map(|_| {
                let len = 1 + next() as usize % 7;
                let bytes: Vec<u8> = (0..len).map(|_| alphabet[next() as usize % 4]).collect();
                String::from_utf8(bytes).unwrap()
            })
            .collect();
        patterns.sort();
        patterns.dedup();
        let haystack: String = (0..4000)
            .map(|_| alphabet[next() as usize % 4] as char)
            .collect();
        // Listed words with flags: some are first words of patterns, some
        // only start longer ones, some are in no pattern.
        let mut listed: Vec<(u128, u32)> = (0..300)
            .map(|i| {
                let len = 1 + next() as usize % 5;
                let bytes: Vec<u8> = (0..len).map(|_| b"abc"[next() as usize % 3]).collect();
                (keys::load(&bytes, 0, len).unwrap(), i + 1)
            })
            .collect();
        listed.sort_unstable_by_key(|&(key, _)| key);
        listed.dedup_by_key(|(key, _)| *key);
        let trie = Matcher::Trie(Trie::build(patterns.clone(), &listed).unwrap());
        let nfa = Matcher::Nfa(nfa(&patterns).unwrap());
        assert_eq!(all_matches(&trie, &haystack), all_matches(&nfa, &haystack));
        assert!(all_matches(&trie, &haystack).len() > 1000);
        // From each start, the jump past the first word finds exactly the
        // matches that end at or after it (shorter ones may be left out).
        let mut jumped = 0;
        let mut flagged = 0;
        for start in 0..haystack.len() {
            let word_end = first_end(&haystack, start);
            let mut expected = Vec::new();
            nfa.matches_at(haystack.as_bytes(), start, |end, p| {
                if end >= word_end {
                    expected.push((end, p.as_usize()));
                }
            });
            let mut got = Vec::new();
            let flags = trie.matches_from(haystack.as_bytes(), start, word_end, |end, p| {
                if end >= word_end {
                    got.push((end, p.as_usize()))
                }
            });
            assert_eq!(got, expected, "from {start}");
            let word = keys::load(haystack.as_bytes(), start, word_end);
            let expected_flags = listed
                .iter()
                .find_map(|&(key, f)| (Some(key) == word).then_some(f))
                .unwrap_or(0);
            assert_eq!(flags, Some(expected_flags), "flags from {start}");
            flagged += usize::from(expected_flags != 0);
            jumped += usize::from(JUMP_LENGTHS.contains(&(word_end - start)) && !got.is_empty());
        }
        assert!(jumped > 100, "{jumped} walks jumped");
        assert!(flagged > 100, "{flagged} words flagged");
    }
}
