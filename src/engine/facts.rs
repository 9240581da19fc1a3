//! Per-entry facts, worked out once when the engine is built: what the
//! rules ask of an entry at every candidate (its country as a small
//! number, its priority and type, whether it is a building or a state),
//! and the folded surnames a later short mention of a person may use.

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::{
    DEMONYM, EAST_ASIAN_SURNAMES, FAMILY_NAME_FIRST, FUNCTION, HONORIFIC, NAME_PREFIX, PARTICLE,
    TITLE_WORD, WESTERN_GIVEN_NAMES_TOO, flags_at,
};
use super::text::normalize::fold_alias;
use crate::dictionary::{EntityType, Entry};

/// Whether a type names a person: a leader or an official.
pub(crate) fn is_person_type(entity_type: EntityType) -> bool {
    matches!(entity_type, EntityType::Leader | EntityType::Official)
}

pub(crate) fn is_person(entry: &Entry) -> bool {
    is_person_type(entry.entity_type)
}

/// What the context rules ask of each entry, worked out once when the
/// engine is built rather than at every mention: its country as a small
/// number, and the folded surnames a later short mention may use.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Per entry: what the rules read of it for every candidate, 12 bytes
    /// side by side, where the entry itself is a line of cache or more of
    /// its own, with its subtype behind a pointer.
    entries: Vec<EntryFacts>,
    /// Per entry: its surname keys are `surnames[surname_starts[e]..
    /// surname_starts[e + 1]]` (people only).
    surname_starts: Vec<u32>,
    surnames: Vec<Box<str>>,
    /// The folded given names of the dictionary's people ([`given_name`]):
    /// a capitalized one right before a person's name makes a longer name,
    /// another person's ("Ahmad Ali Khan" is not Ali Khan).
    given_names: rustc_hash::FxHashSet<Box<str>>,
}

/// What the rules read of an entry for every candidate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryFacts {
    /// An index into the document's countries, or `NO_COUNTRY`.
    pub(crate) country: u32,
    pub(crate) priority: i32,
    pub(crate) entity_type: EntityType,
    /// A landmark or building, which can act as the institution inside.
    pub(crate) building: bool,
    /// A state, region or province, which "state of" before it favours.
    pub(crate) state: bool,
    /// Has a short form, which needs a full mention before it.
    pub(crate) has_short: bool,
}

pub(crate) const NO_COUNTRY: u32 = u32::MAX;

impl Facts {
    pub(crate) fn build(entries: &[Entry]) -> Facts {
        let mut countries: HashMap<&str, u32> = HashMap::default();
        let mut facts = Facts {
            entries: Vec::with_capacity(entries.len()),
            surname_starts: Vec::with_capacity(entries.len() + 1),
            surnames: Vec::new(),
            given_names: Default::default(),
        };
        for entry in entries {
            let country = entry.attributes.get("country").map(String::as_str);
            facts.entries.push(EntryFacts {
                country: country.map_or(NO_COUNTRY, |c| {
                    let next = countries.len() as u32;
                    *countries.entry(c).or_insert(next)
                }),
                priority: entry.priority,
                entity_type: entry.entity_type,
                building: entry.entity_type == EntityType::Place
                    && matches!(&*entry.subtype, "landmark" | "building"),
                state: matches!(
                    &*entry.subtype,
                    "state" | "region" | "province" | "us_state"
                ),
                has_short: entry.aliases.iter().any(|a| a.short),
            });
            facts.surname_starts.push(facts.surnames.len() as u32);
            let family_first = country.is_some_and(|c| family_first(&entry.name, c));
            if is_person(entry)
                && !family_first
                && let Some(given) = given_name(&entry.name)
            {
                facts.given_names.insert(given.into_boxed_str());
            }
            if is_person(entry) {
                facts.surnames.extend(
                    Facts::surnames(entry)
                        .into_iter()
                        .map(String::into_boxed_str),
                );
            }
        }
        facts.surname_starts.push(facts.surnames.len() as u32);
        facts
    }

    /// The folded surnames of an entry's name, then its short aliases.
    pub(crate) fn surnames(entry: &Entry) -> Vec<String> {
        let family_first = entry
            .attributes
            .get("country")
            .is_some_and(|c| family_first(&entry.name, c));
        let mut keys: Vec<String> = family_name(&entry.name, family_first).into_iter().collect();
        if !family_first {
            keys.extend(given_name(&entry.name));
        }
        keys.extend(
            entry
                .aliases
                .iter()
                .filter(|a| a.short)
                .map(|a| fold_alias(&a.text)),
        );
        keys
    }

    /// What the rules read of entry `entry`.
    #[inline]
    pub(crate) fn of(&self, entry: usize) -> EntryFacts {
        self.entries[entry]
    }

    /// An entry's priority.
    pub(crate) fn priority(&self, entry: usize) -> i32 {
        self.entries[entry].priority
    }

    pub(crate) fn entity_type(&self, entry: usize) -> EntityType {
        self.entries[entry].entity_type
    }

    pub(crate) fn is_person(&self, entry: usize) -> bool {
        is_person_type(self.entity_type(entry))
    }

    /// Whether `folded` is the given name of some person of the dictionary.
    pub(crate) fn is_given_name(&self, folded: &str) -> bool {
        self.given_names.contains(folded)
    }

    pub(crate) fn surnames_of(&self, entry: usize) -> &[Box<str>] {
        &self.surnames[self.surname_starts[entry] as usize..self.surname_starts[entry + 1] as usize]
    }
}

/// Whether `name`, of a person of `country`, is written family name
/// first: in the countries of [`FAMILY_NAME_FIRST`], unless the last word
/// is a family name and the first is not ("Eric Chu" of Taiwan; not "Lee
/// Hsien Loong").
fn family_first(name: &str, country: &str) -> bool {
    if !FAMILY_NAME_FIRST.contains(&country) {
        return false;
    }
    let is_family = |w: &str| {
        EAST_ASIAN_SURNAMES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(w))
    };
    let mut words = name.split_whitespace();
    let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
        return true;
    };
    !(WESTERN_GIVEN_NAMES_TOO.contains(&country) && is_family(last) && !is_family(first))
}

/// The family name of a person's name: the first word for family-name-first
/// names, else the last (a hyphenated last word stays whole).
pub(crate) fn family_name(name: &str, family_first: bool) -> Option<String> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let last = words.next_back()?;
    let word = if family_first { first } else { last };
    Some(fold_alias(word.trim_end_matches('.')))
}

/// The given name of a person's name written given name first, when news
/// may use it alone after a full mention ("Kamala" for Kamala Harris,
/// "Tamim" for Tamim bin Hamad Al Thani): the first word, unless it is an
/// initial, an honorific, a title or a name prefix ("Muhammad").
pub(crate) fn given_name(name: &str) -> Option<String> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    words.next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let plain = first.chars().all(char::is_alphabetic) && letters >= 2;
    let listed = flags_at(first, 0, first.len())
        & (HONORIFIC | TITLE_WORD | FUNCTION | PARTICLE | NAME_PREFIX | DEMONYM)
        != 0;
    let initials = first.chars().all(char::is_uppercase);
    (plain && !listed && !initials).then(|| fold_alias(first))
}

/// The dictionary's entries with their facts: what the rules read of the
/// dictionary, one copyable value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    /// The entries, indexed as everywhere in the engine.
    pub(crate) entries: &'a [Entry],
    /// Their facts.
    pub(crate) facts: &'a Facts,
    /// Their countries and dictionaries, for request filters.
    pub(crate) filters: &'a super::filter::Index,
}
