//! The dictionary: the entry model, the file formats it is read from, and the
//! embedded default.
//!
//! A [`Dictionary`] is plain data: entries in load order, with later sources
//! overriding earlier ones by id. The engine compiles it into an automaton;
//! nothing here knows about matching beyond the alias rules an entry carries.

mod format;
pub(crate) mod snapshot;

use std::collections::BTreeMap;
use std::fmt;
use std::hash::BuildHasher;
use std::path::Path;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

pub use format::{Format, export_jsonl, parse};
pub(crate) use snapshot::decode as decode_snapshot;

/// The files of the embedded default dictionary, in `data/dictionary/`,
/// written by `data/build.py`: one file per licence, so that share-alike
/// data stays in its own attributed file (`data/LICENSES.md`). Ids are
/// unique across the files. `build.rs` parses them into the snapshot the
/// binary embeds ([`snapshot`]).
pub const DEFAULT_FILES: [&str; 6] = [
    "default.jsonl",
    "odbl.jsonl",
    "cc-by-sa.jsonl",
    "lgpl.jsonl",
    "extra/open-data.jsonl",
    "extra/towns.jsonl",
];

/// The embedded default dictionary, as `build.rs` wrote it.
static DEFAULT_SNAPSHOT: &[u8] = default_snapshot!();

/// The name the embedded default dictionary goes by in sources and errors.
pub const DEFAULT_SOURCE: &str = "default";

/// The kind of thing an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A head of state or government, current or former.
    Leader,
    /// Any other named public official.
    Official,
    /// A named organization.
    Organization,
    /// A country, region, city, facility or landmark.
    Place,
    /// A custom label from a user dictionary.
    Other,
}

impl EntityType {
    /// All types, in their wire order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Leader,
        EntityType::Official,
        EntityType::Organization,
        EntityType::Place,
        EntityType::Other,
    ];

    /// Parses a type label. Known labels give their type; any other label is
    /// a custom one, of type [`EntityType::Other`].
    pub fn from_label(label: &str) -> EntityType {
        match label {
            "LEADER" => EntityType::Leader,
            "OFFICIAL" => EntityType::Official,
            "ORGANIZATION" => EntityType::Organization,
            "PLACE" => EntityType::Place,
            _ => EntityType::Other,
        }
    }

    /// The label of a built-in type ("LEADER"...), or "OTHER".
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Leader => "LEADER",
            EntityType::Official => "OFFICIAL",
            EntityType::Organization => "ORGANIZATION",
            EntityType::Place => "PLACE",
            EntityType::Other => "OTHER",
        }
    }

    /// A bit for this type, for cheap type filters.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way of writing an entry's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the dictionary.
    pub text: Box<str>,
    /// Matches only in its written case ("US", "May", "Chad").
    pub case_sensitive: bool,
    /// A short form (a common surname like "Lee") that only counts after a
    /// full mention of the same entity in the document.
    pub short: bool,
    /// Generated at load time from another alias (hyphen and space forms);
    /// never exported.
    pub generated: bool,
}

impl Alias {
    /// The case rule an alias gets when its file does not say: acronyms
    /// (no lower-case letter, at most five characters, like "US" or "NATO")
    /// match only in their written case; everything else in any case.
    pub fn default_case_sensitive(text: &str) -> bool {
        text.chars().count() <= 5
            && text.chars().any(char::is_uppercase)
            && !text.chars().any(char::is_lowercase)
    }
}

/// One office a person holds or held: what, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// The office as news names it, e.g. "Minister for Foreign Affairs".
    pub title: Box<str>,
    /// The country the office is of (ISO 3166-1 alpha-2), when it is a
    /// country's office.
    pub country: Option<Box<str>>,
    /// The organization the office is of ("NATO", "European Commission"),
    /// when it is an organization's office.
    pub organization: Option<Box<str>>,
    /// When it began: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, if known.
    pub start: Option<Box<str>>,
    /// When it ended, in the same forms; `None` while it is held.
    pub end: Option<Box<str>>,
}

/// One entity of the dictionary.
///
/// Strings are boxed, not `String`s, and the few distinct labels, subtypes
/// and sources are shared: a dictionary of a million aliases holds a few
/// hundred thousand entries, and every byte of an entry counts that many
/// times.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// A stable id: a Wikidata id where known, else a namespaced slug.
    pub id: Box<str>,
    /// The canonical name. It is also `aliases[0]`.
    pub name: Box<str>,
    /// The kind of entity.
    pub entity_type: EntityType,
    /// The type label as written ("LEADER", or a custom label), shared
    /// between the entries of a file that carry it.
    pub label: Arc<str>,
    /// A finer kind ("country", "head_of_state"...); may be empty. Shared
    /// like the label.
    pub subtype: Arc<str>,
    /// Every alias, the canonical name first, generated variants last.
    pub aliases: Box<[Alias]>,
    /// Facts such as country and role, as strings.
    pub attributes: BTreeMap<String, String>,
    /// The offices a person held, in the order the file gives them; empty
    /// for entries that hold none.
    pub offices: Box<[Office]>,
    /// Breaks ties between entries sharing an alias; higher wins.
    pub priority: i32,
    /// The source this entry was read from ([`DEFAULT_SOURCE`] or a path),
    /// shared by all its entries.
    pub source: Arc<str>,
}

impl Entry {
    /// Adds the variants that news writes but dictionaries rarely list:
    /// a hyphenated name also written with a space ("Wi Sung-lac" and
    /// "Wi Sung Lac"). Variants are marked generated and keep the rules of
    /// the alias they come from.
    pub fn add_generated_variants(&mut self) {
        if generated_variants(&self.aliases).is_empty() {
            return;
        }
        let aliases = std::mem::take(&mut self.aliases).into_vec();
        self.aliases = with_generated_variants(aliases);
    }
}

/// `aliases` followed by their generated variants
/// ([`Entry::add_generated_variants`]), in one allocation of the final
/// size. Parsers call it as they go, so that the aliases of a million
/// entries are not allocated twice.
pub(crate) fn with_generated_variants(aliases: Vec<Alias>) -> Box<[Alias]> {
    let mut variants = generated_variants(&aliases);
    if variants.is_empty() {
        return aliases.into_boxed_slice();
    }
    let mut all = Vec::with_capacity(aliases.len() + variants.len());
    all.extend(aliases);
    all.append(&mut variants);
    all.into_boxed_slice()
}

/// The generated variants of `aliases` that are not among them already:
/// hyphens written as spaces, and "and" between two capitalized words
/// written as "&" and back ("Antigua and Barbuda", "Antigua & Barbuda"),
/// and both. Aliases with their variants have no more variants.
fn generated_variants(aliases: &[Alias]) -> Vec<Alias> {
    let mut variants: Vec<Alias> = Vec::new();
    for alias in aliases {
        let has_hyphen = alias.text.contains('-');
        let has_and = alias.text.contains(" and ") || alias.text.contains(" & ");
        if !has_hyphen && !has_and {
            continue;
        }
        // Both changes at once too, so that a second pass adds nothing.
        // A hyphen may hide the capital an "and" needs ("el-Hamra and
        // Río"), or a swap may make one ("Co-operation and Development").
        let swapped = has_and.then(|| ampersand_swapped(&alias.text)).flatten();
        let spaced = has_hyphen.then(|| hyphens_to_spaces(&alias.text));
        let forms = [
            swapped
                .as_deref()
                .filter(|_| has_hyphen)
                .map(hyphens_to_spaces),
            spaced
                .as_deref()
                .filter(|_| has_and)
                .and_then(ampersand_swapped),
            spaced,
        ];
        let forms = std::iter::once(swapped).chain(forms);
        for form in forms.into_iter().flatten() {
            if *form != *alias.text
                && !aliases.iter().any(|a| *a.text == *form)
                && !variants.iter().any(|a| *a.text == *form)
            {
                variants.push(Alias {
                    text: form.into_boxed_str(),
                    case_sensitive: alias.case_sensitive,
                    short: alias.short,
                    generated: true,
                });
            }
        }
    }
    variants
}

/// The name with each "and" between two capitalized words written "&",
/// or each "&" written "and", whichever it has; `None` if neither joins
/// two capitalized words.
fn ampersand_swapped(text: &str) -> Option<String> {
    let capitalized = |word: Option<&str>| {
        word.and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut swapped = false;
    let out: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, &word)| {
            let joins = i > 0
                && capitalized(words.get(i - 1).copied())
                && capitalized(words.get(i + 1).copied());
            match word {
                "and" if joins => {
                    swapped = true;
                    "&"
                }
                "&" if joins => {
                    swapped = true;
                    "and"
                }
                _ => word,
            }
        })
        .collect();
    swapped.then(|| out.join(" "))
}

/// Replaces each hyphen between two letters with a space.
fn hyphens_to_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_letters = i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_alphabetic()
                && chars[i + 1].is_alphabetic();
            if c == '-' && between_letters { ' ' } else { c }
        })
        .collect()
}

/// A problem found in a dictionary file, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or source name) the problem is in.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong, in a sentence a person can act on.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// Every problem found while loading dictionaries. Nothing is loaded when
/// there is any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems, in file and line order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(Problem::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// Where entries came from, for `GetDictionary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// [`DEFAULT_SOURCE`] or the file path.
    pub name: String,
    /// How many entries the source held.
    pub entities: usize,
    /// The dictionary's name for request filters: `default` for the
    /// embedded one, the file's stem (`watch` for `lists/watch.jsonl`), or
    /// the name given with `--dictionary NAME=PATH`.
    pub dictionary: String,
}

/// The filter name of the source named `source`: `default` for the
/// embedded dictionary, else the stem of its file name.
pub fn dictionary_name(source: &str) -> String {
    if source == DEFAULT_SOURCE {
        return DEFAULT_SOURCE.to_string();
    }
    Path::new(source)
        .file_stem()
        .map_or_else(|| source.to_string(), |s| s.to_string_lossy().into_owned())
}

/// A set of entries, merged from one or more sources.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: Vec<Entry>,
    sources: Vec<SourceInfo>,
    /// Every entry's index, by id: for overrides while merging and for
    /// lookups afterwards.
    ids: Ids,
    /// The sources' fingerprints hashed in order ([`Dictionary::fingerprint`]).
    fingerprint: u64,
}

/// Entry indexes by id: a hash table of `u32` indexes that hashes and
/// compares the ids inside the entries, so that it holds no copy of them
/// (a `HashMap<String, _>` of a million-alias dictionary holds tens of
/// megabytes of copied ids).
#[derive(Debug, Clone, Default)]
struct Ids(HashTable<u32>);

impl Ids {
    /// The index of the entry with `id`, among `entries`.
    fn get(&self, entries: &[Entry], id: &str) -> Option<usize> {
        self.0
            .find(FxBuildHasher.hash_one(id), |&i| {
                *entries[i as usize].id == *id
            })
            .map(|&i| i as usize)
    }

    /// Indexes `entries[index]`, whose id must not be indexed yet.
    fn insert(&mut self, entries: &[Entry], index: usize) {
        let hash = FxBuildHasher.hash_one(&*entries[index].id);
        self.0.insert_unique(hash, index as u32, |&i| {
            FxBuildHasher.hash_one(&*entries[i as usize].id)
        });
    }
}

/// Where to read dictionary entries from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The dictionary embedded in the binary.
    Default,
    /// A file, its format taken from its extension or its content.
    File(std::path::PathBuf),
    /// A file with the name request filters know it by
    /// (`--dictionary NAME=PATH`), instead of its stem.
    Named {
        /// The dictionary's name.
        name: String,
        /// The file.
        path: std::path::PathBuf,
    },
    /// Text already read, with a name for error messages ("-" for stdin).
    Text {
        /// The name used in errors and in the source list.
        name: String,
        /// The file's content.
        text: String,
    },
}

impl Dictionary {
    /// Loads and merges sources in order; an entry overrides an earlier one
    /// with the same id. Every problem in every source is reported, and
    /// nothing is returned unless there are none.
    pub fn load(sources: &[Source]) -> Result<Dictionary, LoadError> {
        let mut dictionary = Dictionary::default();
        let mut problems = Vec::new();
        for source in sources {
            let mut dictionary_as = None;
            let (name, text) = match source {
                Source::Default => {
                    let source: Arc<str> = Arc::from(DEFAULT_SOURCE);
                    match decode_snapshot(DEFAULT_SNAPSHOT, &source) {
                        Ok((entries, fingerprint)) => {
                            dictionary.merge(DEFAULT_SOURCE, DEFAULT_SOURCE, entries, fingerprint)
                        }
                        Err(err) => problems.push(Problem {
                            file: DEFAULT_SOURCE.to_string(),
                            line: 0,
                            reason: err.to_string(),
                        }),
                    }
                    continue;
                }
                Source::File(path) | Source::Named { path, .. } => {
                    match std::fs::read_to_string(path) {
                        Ok(text) => (path.display().to_string(), text),
                        Err(err) => {
                            problems.push(Problem {
                                file: path.display().to_string(),
                                line: 0,
                                reason: format!("cannot read the file: {err}"),
                            });
                            continue;
                        }
                    }
                }
                Source::Text { name, text } => (name.clone(), text.clone()),
            };
            if let Source::Named { name, .. } = source {
                dictionary_as = Some(name.clone());
            }
            let dictionary_as = dictionary_as.unwrap_or_else(|| dictionary_name(&name));
            let format = Format::detect(Path::new(&name), &text);
            match parse(&name, &text, format) {
                Ok(entries) => {
                    let fingerprint = fnv1a(FNV_OFFSET, text.as_bytes());
                    dictionary.merge(&name, &dictionary_as, entries, fingerprint);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        if problems.is_empty() {
            Ok(dictionary)
        } else {
            Err(LoadError { problems })
        }
    }

    /// The embedded default dictionary alone.
    pub fn embedded() -> Result<Dictionary, LoadError> {
        Dictionary::load(&[Source::Default])
    }

    /// Builds a dictionary from entries already in memory (tests, tools).
    pub fn from_entries(name: &str, mut entries: Vec<Entry>) -> Dictionary {
        for entry in &mut entries {
            entry.add_generated_variants();
        }
        let fingerprint = export_fingerprint(&entries);
        let mut dictionary = Dictionary::default();
        dictionary.merge(name, &dictionary_name(name), entries, fingerprint);
        dictionary
    }

    /// Adds the entries of one source, whose content has `fingerprint`.
    /// Parsers and the snapshot give entries with their generated variants.
    fn merge(&mut self, name: &str, dictionary: &str, entries: Vec<Entry>, fingerprint: u64) {
        self.fingerprint = fnv1a(self.fingerprint(), &fingerprint.to_le_bytes());
        self.sources.push(SourceInfo {
            name: name.to_string(),
            entities: entries.len(),
            dictionary: dictionary.to_string(),
        });
        let source: Arc<str> = Arc::from(name);
        // The first source's entries stay where they are: no second copy
        // of the largest vector while loading.
        let start = self.entries.len();
        self.ids.0.reserve(entries.len(), |&i| {
            FxBuildHasher.hash_one(&*self.entries[i as usize].id)
        });
        if start == 0 {
            self.entries = entries;
        } else {
            self.entries.extend(entries);
        }
        // An entry that overrides an earlier one takes its place; its own
        // slot is left behind and removed below (parsers reject repeated
        // ids, so this happens only across sources and in `from_entries`).
        let mut overridden = Vec::new();
        for index in start..self.entries.len() {
            let entry = &mut self.entries[index];
            entry.source = source.clone();
            match self.ids.get(&self.entries, &self.entries[index].id) {
                Some(earlier) => {
                    self.entries.swap(earlier, index);
                    overridden.push(index);
                }
                None => self.ids.insert(&self.entries, index),
            }
        }
        if !overridden.is_empty() {
            let mut index = 0;
            let mut overridden = overridden.iter().peekable();
            self.entries.retain(|_| {
                let keep = overridden.next_if_eq(&&index).is_none();
                index += 1;
                keep
            });
            self.ids = Ids::default();
            for index in 0..self.entries.len() {
                self.ids.insert(&self.entries, index);
            }
        }
    }

    /// The index of the entry with id `id`, if there is one.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.get(&self.entries, id)
    }

    /// The entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The sources, in load order.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// A content hash of the sources, in order: the same sources give the
    /// same fingerprint. The engine's version is made of it.
    pub fn fingerprint(&self) -> u64 {
        if self.sources.is_empty() {
            FNV_OFFSET
        } else {
            self.fingerprint
        }
    }
}

/// The 64-bit FNV-1a hash's starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues the 64-bit FNV-1a hash `hash` over `bytes`.
pub fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The fingerprint of entries held in memory: the hash of their export,
/// hashed as it is written rather than from a copy of it.
fn export_fingerprint(entries: &[Entry]) -> u64 {
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 = fnv1a(self.0, bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hash = Fnv(FNV_OFFSET);
    // Hashing cannot fail.
    let _ = export_jsonl(entries, &mut hash);
    hash.0
}
