//! Building an engine's parts from a dictionary: each folded alias once,
//! as a pattern of the automaton, with the entries it stands for; the
//! entries' facts; the dictionary's version.
//!
//! The kind of automaton is the caller's choice ([`Automaton`]);
//! `Automaton::Auto` picks one by the number of patterns.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::facts::Facts;
use super::lexicon::LISTED;
use super::scan::automaton::{Automaton, Matcher};
use super::scan::{Scanner, Target, fold_cased_alias};
use super::text::normalize::fold_alias;
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
    let matcher = Matcher::build(patterns, &LISTED, automaton)?;
    let version = version_of(dictionary);
    let facts = Facts::build(dictionary.entries());
    Ok(Compiled {
        scanner: Scanner {
            matcher,
            targets,
            target_starts,
            forms,
        },
        facts,
        version,
    })
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
