//! The matching engine: a compiled dictionary that finds mentions in text.
//!
//! An [`Engine`] is compiled once from a [`Dictionary`] and is immutable
//! afterwards; share it behind an `Arc` and swap it whole. The engine never
//! sees protobuf types, and the offsets it returns are byte offsets into the
//! caller's text, always on `char` boundaries.
//!
//! # The pipeline
//!
//! [`Engine::extract`] runs two stages, each a benchmark hook of its own:
//!
//! 1. **Scan** ([`Engine::scan`], `scan/`): fold the text with an offset
//!    map (`text/normalize.rs`), walk the alias automaton from each word
//!    start (`scan/automaton.rs`, `scan/trie.rs`), check each match's word
//!    boundaries (`text/script.rs`) and each target's case rule, and build
//!    the text's words on the way (`words.rs`). Out come candidates: spans
//!    with the entries they may mean, best first.
//! 2. **Rules** ([`Engine::resolve`], `rules/`): titles, organization
//!    patterns, the overlap policy, then each kept candidate in text order:
//!    which entry (readings), short forms and surnames (coreference), the
//!    type here and the confidence; then the caller's filters. Out comes
//!    the [`Extraction`].
//!
//! # Code map
//!
//! - `mod.rs`: this facade. [`Engine`] and its accessors.
//! - `extraction.rs`: what callers pass and get: [`Options`], [`Mention`],
//!   [`Extraction`], [`Dropped`], and [`Entities`], the grouping of
//!   mentions by entity that every response writer uses.
//! - `compile.rs`: building an engine's parts from a dictionary; the
//!   automaton kind ([`Automaton`]) is the caller's choice.
//! - `facts.rs`: per-entry facts worked out at build time (country,
//!   priority, type, building, state, surnames).
//! - `dates.rs`: dates and office holdings.
//! - `filter.rs`: request-time filters (countries, dictionaries), applied
//!   to candidates before overlaps.
//! - `salience.rs`: how central each entity is to a document, computed
//!   from an extraction's mentions after the rules.
//! - `lexicon.rs`: every word list of the rules, once, with its flag. To
//!   add an honorific, a title head or an organization head noun, edit it.
//! - `words.rs`: the word split the rules read, the scan's fused word
//!   list, and the string helpers the rules share. To change tokenization,
//!   edit it (its property test holds the two splits equal).
//! - `text/`: text as bytes and characters: `normalize.rs` (folding with
//!   the offset map), `script.rs` (character classes, word boundaries),
//!   `keys.rs` (short byte strings as integer keys, the open-addressing
//!   table), `swar.rs` (every bit trick on eight or sixteen bytes, each
//!   with its oracle test).
//! - `scan/`: `mod.rs` (candidates and case checks), `automaton.rs` (the
//!   choice of automaton), `trie.rs` (the hand-written trie).
//! - `rules/`: `mod.rs` (the rules in order), `titles.rs`, `phrases.rs`,
//!   `overlap.rs`, `readings.rs` (ambiguity scores, metonymy, the one
//!   table of confidences), `coreference.rs` (antecedents, short forms,
//!   surnames), `resolver.rs` (dispatch, explanations, filters). To change
//!   a confidence, edit `readings::confidence`.
//!
//! # Invariants
//!
//! - Imports run one way: `rules` → `scan` → `facts` → `words` →
//!   `lexicon` → `text`, never back; `extraction` and `dates` are types
//!   any stage may use, and only this facade and `compile` see them all.
//!   `.ci/engine-layers` checks it.
//! - Every word list exists once, in `lexicon.rs`.
//! - Bit tricks live only in `text/swar.rs`.
//! - Per-candidate code reads [`Facts`](facts::Facts) and targets, which
//!   sit side by side in memory, rather than dictionary entries; entries
//!   are read for explanations, offices and names.
//! - Only this facade, the extraction types, [`dates`] and [`normalize`]
//!   are public; the stage hooks for benchmarks are `#[doc(hidden)]`.

mod compile;
pub mod dates;
mod extraction;
mod facts;
pub mod filter;
mod lexicon;
mod rules;
pub mod salience;
mod scan;
mod text;
mod words;

use std::time::SystemTime;

use crate::dictionary::{Dictionary, Entry};
pub use compile::BuildError;
pub use extraction::{
    Dropped, Entities, EntityView, Extraction, Mention, MentionSource, NamedEntity, Options,
    Overlap, Referent, TypeSet,
};
use facts::{Facts, Known};
use scan::Scanner;
pub use scan::automaton::Automaton;
#[doc(hidden)]
pub use scan::{Candidate, Scanned};
pub use text::normalize;
#[doc(hidden)]
pub use words::{Word, words};

/// A compiled dictionary, ready to tag text.
#[derive(Debug)]
pub struct Engine {
    dictionary: Dictionary,
    /// The automaton and the entries each alias stands for.
    scanner: Scanner,
    /// What the rules need of each entry, worked out once.
    facts: Facts,
    /// The automaton kind asked for, kept for rebuilds.
    automaton: Automaton,
    /// Each entry's country and dictionary, for request filters.
    filters: filter::Index,
    version: String,
    loaded_at: SystemTime,
}

impl Engine {
    /// Compiles a dictionary, with the automaton kind that suits its size.
    pub fn build(dictionary: Dictionary) -> Result<Engine, BuildError> {
        Engine::build_with(dictionary, Automaton::Auto)
    }

    /// Compiles a dictionary with the automaton kind `automaton`.
    pub fn build_with(dictionary: Dictionary, automaton: Automaton) -> Result<Engine, BuildError> {
        let (compiled, filters) = rayon::join(
            || compile::compile(&dictionary, automaton),
            || filter::Index::build(dictionary.entries(), dictionary.sources()),
        );
        let compiled = compiled?;
        Ok(Engine {
            dictionary,
            scanner: compiled.scanner,
            facts: compiled.facts,
            automaton,
            filters,
            version: compiled.version,
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

    /// The countries and dictionaries request filters can name.
    pub fn filters(&self) -> &filter::Index {
        &self.filters
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
        self.scanner.alias_count()
    }

    /// The automaton kind this engine was asked to build, which a rebuild
    /// of its dictionary asks for again.
    pub fn automaton(&self) -> Automaton {
        self.automaton
    }

    /// Which automaton matches aliases: "dfa", "contiguous-nfa" or "trie".
    pub fn automaton_kind(&self) -> &'static str {
        self.scanner.matcher.kind()
    }

    /// Heap bytes used by the automaton.
    pub fn automaton_bytes(&self) -> usize {
        self.scanner.matcher.memory_usage()
    }

    /// The entries with id `query`, or else every entry with an alias that
    /// folds like `query`.
    pub fn lookup(&self, query: &str) -> Vec<&Entry> {
        if let Some(index) = self.dictionary.index_of(query.trim()) {
            return vec![&self.entries()[index]];
        }
        let key = normalize::fold_alias(query);
        if key.is_empty() {
            return Vec::new();
        }
        let Some(pattern) = self.scanner.pattern_of(&key) else {
            return Vec::new();
        };
        self.scanner
            .targets_of(pattern)
            .iter()
            .map(|t| &self.entries()[t.entry as usize])
            .collect()
    }

    /// Finds every mention in `text`, in text order.
    pub fn extract(&self, text: &str, options: &Options) -> Extraction {
        let scanned = self.scan(text);
        debug_assert!(
            scanned.words.as_ref().is_none_or(|w| *w == words(text)),
            "the scan's words differ from the word split's in {text:?}"
        );
        self.resolve(text, scanned, options)
    }

    /// The first stage of [`Engine::extract`], for benchmarks: normalize,
    /// walk the automaton from word starts, check boundaries and case
    /// rules.
    #[doc(hidden)]
    pub fn scan(&self, text: &str) -> Scanned {
        self.scanner.scan(text, &self.facts)
    }

    /// The second stage of [`Engine::extract`], for benchmarks: the rules
    /// (titles, organization patterns, overlaps, ambiguity, short forms,
    /// confidence) over the output of [`Engine::scan`].
    #[doc(hidden)]
    pub fn resolve(&self, text: &str, scanned: Scanned, options: &Options) -> Extraction {
        let known = Known {
            entries: self.dictionary.entries(),
            facts: &self.facts,
            filters: &self.filters,
        };
        rules::resolve(known, text, scanned, options)
    }
}

impl Extraction {
    /// Looks a referent up.
    pub fn view<'a>(&'a self, engine: &'a Engine, referent: Referent) -> EntityView<'a> {
        self.view_in(engine.entries(), referent)
    }

    /// The entities of the mentions, grouped, in order of first mention.
    pub fn entities<'a>(&'a self, engine: &'a Engine) -> Entities<'a> {
        Entities::group(self, engine.entries())
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
