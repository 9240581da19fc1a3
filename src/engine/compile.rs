//! Building an engine's parts from a dictionary: each folded alias once,
//! as a pattern of the automaton, with the entries it stands for; the
//! entries' facts; the version, from the dictionary's fingerprint.
//!
//! The kind of automaton is the caller's choice ([`Automaton`]);
//! `Automaton::Auto` picks one by the number of patterns.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::facts::Facts;
use super::lexicon::LISTED;
use super::scan::automaton::{Automaton, Matcher};
use super::scan::{Scanner, Target, fold_cased_alias};
use super::text::normalize::fold_alias;
use super::text::script::{Class, class};
use crate::dictionary::Dictionary;

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

/// What [`compile`] makes of a dictionary.
pub(crate) struct Compiled {
    pub(crate) scanner: Scanner,
    pub(crate) facts: Facts,
    pub(crate) version: String,
}

/// Compiles `dictionary` with an automaton of kind `automaton`.
pub(crate) fn compile(
    dictionary: &Dictionary,
    automaton: Automaton,
) -> Result<Compiled, BuildError> {
    // Each folded alias once, at its pattern id in `patterns`, found
    // again through a table of pattern ids hashed by their text (not a
    // map with a second copy of every key); then the entries it stands
    // for, as (pattern, target) pairs in one flat list, sized up front.
    // No large temporary is freed before the automaton is built: with
    // glibc that would leave holes under the automaton that stay
    // resident.
    let hash = |key: &str| FxBuildHasher.hash_one(key);
    let alias_count = dictionary.entries().iter().map(|e| e.aliases.len()).sum();
    let mut patterns: Vec<String> = Vec::with_capacity(alias_count);
    let mut by_alias: HashTable<u32> = HashTable::with_capacity(alias_count);
    let mut pairs: Vec<(u32, Target)> = Vec::with_capacity(alias_count);
    let mut forms = String::new();
    // Folding is most of the work, and each alias's is its own: on every
    // core, in alias order.
    let folded: Vec<(String, Option<String>)> = dictionary
        .entries()
        .par_iter()
        .flat_map_iter(|entry| {
            entry.aliases.iter().map(|alias| {
                let cased = alias.case_sensitive.then(|| fold_cased_alias(&alias.text));
                (fold_alias(&alias.text), cased)
            })
        })
        .collect();
    let mut folded = folded.into_iter();
    for (entry_index, entry) in dictionary.entries().iter().enumerate() {
        for (alias_index, alias) in entry.aliases.iter().enumerate() {
            let Some((key, cased)) = folded.next() else {
                break;
            };
            if key.is_empty() {
                continue;
            }
            let found = by_alias.find(hash(&key), |&p| patterns[p as usize] == key);
            let pattern = match found {
                Some(&pattern) => pattern,
                None => {
                    let pattern = patterns.len() as u32;
                    by_alias.insert_unique(hash(&key), pattern, |&p| hash(&patterns[p as usize]));
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
            forms.push_str(cased.as_deref().unwrap_or(&alias.text));
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
    pairs.par_sort_unstable_by_key(|(pattern, target)| (*pattern, target.entry));
    let mut target_starts = Vec::with_capacity(patterns.len() + 1);
    for (index, (pattern, _)) in pairs.iter().enumerate() {
        while target_starts.len() <= *pattern as usize {
            target_starts.push(index as u32);
        }
    }
    target_starts.push(pairs.len() as u32);
    // In place: a target is no larger than a pair.
    let targets: Vec<Target> = pairs.into_iter().map(|(_, target)| target).collect();
    let mut punctuation_starts = Box::new([false; 256]);
    for pattern in &patterns {
        if let Some(c) = pattern.chars().next()
            && class(c) == Class::Other
        {
            punctuation_starts[usize::from(pattern.as_bytes()[0])] = true;
        }
    }
    // The automaton and the facts need nothing of each other: on two
    // cores, side by side.
    let (matcher, facts) = rayon::join(
        || Matcher::build(patterns, &LISTED, automaton),
        || Facts::build(dictionary.entries()),
    );
    let matcher = matcher?;
    let version = format!("{:016x}", dictionary.fingerprint());
    Ok(Compiled {
        scanner: Scanner {
            matcher,
            targets,
            target_starts,
            forms,
            punctuation_starts,
        },
        facts,
        version,
    })
}
