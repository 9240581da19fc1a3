//! The dictionary: the entry model, the file formats it is read from, and the
//! embedded default.
//!
//! A [`Dictionary`] is plain data: entries in load order, with later sources
//! overriding earlier ones by id. The engine compiles it into an automaton;
//! nothing here knows about matching beyond the alias rules an entry carries.

mod format;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

pub use format::{Format, export_jsonl, parse};

/// The embedded default dictionary, built by `data/build.py`: one file per
/// licence, so that share-alike data stays in its own attributed file
/// (`data/LICENSES.md`). Ids are unique across the files.
const DEFAULT_FILES: [(&str, &str); 4] = [
    (
        "default.jsonl",
        include_str!("../../data/dictionary/default.jsonl"),
    ),
    (
        "odbl.jsonl",
        include_str!("../../data/dictionary/odbl.jsonl"),
    ),
    (
        "cc-by-sa.jsonl",
        include_str!("../../data/dictionary/cc-by-sa.jsonl"),
    ),
    (
        "lgpl.jsonl",
        include_str!("../../data/dictionary/lgpl.jsonl"),
    ),
];

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
    pub text: String,
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

/// One entity of the dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// A stable id: a Wikidata id where known, else a namespaced slug.
    pub id: String,
    /// The canonical name. It is also `aliases[0]`.
    pub name: String,
    /// The kind of entity.
    pub entity_type: EntityType,
    /// The type label as written ("LEADER", or a custom label).
    pub label: String,
    /// A finer kind ("country", "head_of_state"...); may be empty.
    pub subtype: String,
    /// Every alias, the canonical name first, generated variants last.
    pub aliases: Vec<Alias>,
    /// Facts such as country and office, as strings.
    pub attributes: BTreeMap<String, String>,
    /// Breaks ties between entries sharing an alias; higher wins.
    pub priority: i32,
    /// The source this entry was read from ([`DEFAULT_SOURCE`] or a path).
    pub source: String,
}

impl Entry {
    /// Adds the variants that news writes but dictionaries rarely list:
    /// a hyphenated name also written with a space ("Wi Sung-lac" and
    /// "Wi Sung Lac"). Variants are marked generated and keep the rules of
    /// the alias they come from.
    pub fn add_generated_variants(&mut self) {
        let mut variants = Vec::new();
        for alias in &self.aliases {
            if !alias.text.contains('-') {
                continue;
            }
            let spaced = hyphens_to_spaces(&alias.text);
            if spaced != alias.text {
                variants.push(Alias {
                    text: spaced,
                    generated: true,
                    ..alias.clone()
                });
            }
        }
        for variant in variants {
            if !self.aliases.iter().any(|a| a.text == variant.text) {
                self.aliases.push(variant);
            }
        }
    }
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
}

/// A set of entries, merged from one or more sources.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: Vec<Entry>,
    sources: Vec<SourceInfo>,
}

/// Where to read dictionary entries from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The dictionary embedded in the binary.
    Default,
    /// A file, its format taken from its extension or its content.
    File(std::path::PathBuf),
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
            let (name, text) = match source {
                Source::Default => {
                    let mut entries = Vec::new();
                    for (file, text) in DEFAULT_FILES {
                        match parse(&format!("{DEFAULT_SOURCE}:{file}"), text, Format::JsonLines) {
                            Ok(mut found) => entries.append(&mut found),
                            Err(mut found) => problems.append(&mut found),
                        }
                    }
                    dictionary.merge(DEFAULT_SOURCE, entries);
                    continue;
                }
                Source::File(path) => match std::fs::read_to_string(path) {
                    Ok(text) => (path.display().to_string(), text),
                    Err(err) => {
                        problems.push(Problem {
                            file: path.display().to_string(),
                            line: 0,
                            reason: format!("cannot read the file: {err}"),
                        });
                        continue;
                    }
                },
                Source::Text { name, text } => (name.clone(), text.clone()),
            };
            let format = Format::detect(Path::new(&name), &text);
            match parse(&name, &text, format) {
                Ok(entries) => dictionary.merge(&name, entries),
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
    pub fn from_entries(name: &str, entries: Vec<Entry>) -> Dictionary {
        let mut dictionary = Dictionary::default();
        dictionary.merge(name, entries);
        dictionary
    }

    fn merge(&mut self, name: &str, entries: Vec<Entry>) {
        self.sources.push(SourceInfo {
            name: name.to_string(),
            entities: entries.len(),
        });
        let mut by_id: HashMap<String, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        for mut entry in entries {
            entry.source = name.to_string();
            entry.add_generated_variants();
            match by_id.get(&entry.id) {
                Some(&i) => self.entries[i] = entry,
                None => {
                    by_id.insert(entry.id.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
    }

    /// The entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The sources, in load order.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }
}
