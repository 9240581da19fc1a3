//! What an extraction returns and what a caller can ask of one: the
//! types the API edge converts, and nothing of how they are found.
//!
//! [`Entities`] groups an extraction's mentions by the entity they refer
//! to, in order of first mention: the grouping every response writer
//! (protobuf message, encoded bytes) uses.

use rustc_hash::FxHashMap;

use super::dates::Date;
use crate::dictionary::{EntityType, Entry};

/// What a caller can ask of one extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// What to do with overlapping candidates.
    pub overlap: Overlap,
    /// The types to return; the empty set means every type.
    pub types: TypeSet,
    /// Mentions below this confidence are dropped.
    pub min_confidence: f32,
    /// The document's date, for offices; today when `None` (see
    /// [`Options::document_date`]).
    pub date: Option<Date>,
    /// Explain every mention and every dropped candidate.
    pub explain: bool,
    /// Keep at most this many mentions (the first in text order); 0 means
    /// no limit.
    pub max_mentions: usize,
    /// Which entities to keep (countries, dictionaries), before overlaps
    /// are resolved; the default keeps every one.
    pub filter: super::filter::Filter,
}

impl Options {
    /// The date the document is read at: [`Options::date`], or today's
    /// (UTC). The one place where "today" is decided.
    pub fn document_date(&self) -> Date {
        self.date.unwrap_or_else(Date::today)
    }
}

/// What to do when candidate spans overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlap {
    /// Non-overlapping spans; the longest wins (`South Korea` over `Korea`),
    /// ties broken by priority, then by the earlier start.
    #[default]
    Longest,
    /// Every candidate.
    All,
    /// Every candidate except those strictly inside another one.
    NoSub,
}

/// A set of entity types, as a type filter: the empty set lets every type
/// through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeSet(u8);

impl TypeSet {
    /// The set with no type, which as a filter lets every type through.
    pub const EMPTY: TypeSet = TypeSet(0);

    /// Adds a type.
    pub fn insert(&mut self, entity_type: EntityType) {
        self.0 |= entity_type.bit();
    }

    /// Whether no type is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether a mention of `entity_type` passes the filter: the set holds
    /// it, or the set is empty.
    pub fn admits(self, entity_type: EntityType) -> bool {
        self.0 == 0 || self.0 & entity_type.bit() != 0
    }
}

impl From<EntityType> for TypeSet {
    fn from(entity_type: EntityType) -> TypeSet {
        TypeSet(entity_type.bit())
    }
}

impl FromIterator<EntityType> for TypeSet {
    fn from_iter<I: IntoIterator<Item = EntityType>>(types: I) -> TypeSet {
        let mut set = TypeSet::EMPTY;
        for t in types {
            set.insert(t);
        }
        set
    }
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// An alias of the entry matched.
    Dictionary,
    /// A capitalized name after a title, not in the dictionary.
    Title,
    /// A short form (a surname) after a full mention of the same entity.
    Coreference,
    /// A capitalized name with an organization's head noun ("Ministry of
    /// Defence"), not in the dictionary.
    Pattern,
}

impl MentionSource {
    /// The name clients see.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionSource::Dictionary => "dictionary",
            MentionSource::Title => "title",
            MentionSource::Coreference => "coreference",
            MentionSource::Pattern => "pattern",
        }
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Referent {
    /// A dictionary entry, through one of its aliases (`None` when the
    /// span is a surname the engine derived, not a listed alias).
    Entry {
        /// Index into `Engine::entries`.
        entry: usize,
        /// Index into that entry's aliases.
        alias: Option<usize>,
    },
    /// A name the engine found that is not in the dictionary (a person
    /// after a title, an organization by its head noun): an index into
    /// [`Extraction::named`].
    Named(usize),
}

/// One mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Start byte offset in the original text, on a `char` boundary.
    pub start: usize,
    /// End byte offset (exclusive), on a `char` boundary.
    pub end: usize,
    /// What it refers to.
    pub referent: Referent,
    /// Its type here: usually the entry's, but a title or the context can
    /// correct it ("the White House said" is an organization).
    pub entity_type: EntityType,
    /// From 0 to 1.
    pub confidence: f32,
    /// How the mention was found.
    pub source: MentionSource,
    /// Other entries the same span could mean, best first.
    pub alternatives: Vec<usize>,
    /// Why, in words; empty unless [`Options::explain`].
    pub explanation: String,
}

impl Mention {
    /// The dictionary entry, for mentions of one.
    pub fn entry(&self) -> Option<usize> {
        match self.referent {
            Referent::Entry { entry, .. } => Some(entry),
            Referent::Named(_) => None,
        }
    }
}

/// A name found in the text with no dictionary entry: a person after a
/// title ("Foreign Minister Abbas Araghchi"), or an organization by its
/// head noun ("Ministry of Defence").
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEntity {
    /// `gazette:person/<slug of the name>` or `gazette:org/<slug>`: the
    /// same name gets the same id in every document.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// Its type: the title's kind for a person, organization for a name
    /// with a head noun.
    pub entity_type: EntityType,
}

/// A candidate that did not become a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// What it would have been.
    pub referent: Referent,
    /// Why not.
    pub reason: String,
}

/// Everything found in one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Names found without an entry, referred to by [`Referent::Named`].
    pub named: Vec<NamedEntity>,
    /// With [`Options::explain`], the candidates not kept.
    pub dropped: Vec<Dropped>,
    /// True when mentions (or, with explain, dropped candidates) were cut
    /// at [`Options::max_mentions`].
    pub truncated: bool,
}

/// What a client needs to know of a referent.
#[derive(Debug, Clone, Copy)]
pub struct EntityView<'a> {
    /// The stable id.
    pub id: &'a str,
    /// The canonical name.
    pub name: &'a str,
    /// The dictionary entry, when there is one.
    pub entry: Option<&'a Entry>,
}

impl<'a> EntityView<'a> {
    /// The label a mention of this entity shows when the context gave it
    /// `mention_type`: the entry's own (custom labels included), unless the
    /// context changed the type.
    pub fn label(&self, mention_type: EntityType) -> &'a str {
        match self.entry {
            Some(entry) if entry.entity_type == mention_type => &entry.label,
            _ => mention_type.as_str(),
        }
    }
}

impl Extraction {
    /// Looks a referent up among `entries`, the entries of the engine that
    /// made this extraction.
    pub fn view_in<'a>(&'a self, entries: &'a [Entry], referent: Referent) -> EntityView<'a> {
        match referent {
            Referent::Entry { entry, .. } => {
                let entry = &entries[entry];
                EntityView {
                    id: &entry.id,
                    name: &entry.name,
                    entry: Some(entry),
                }
            }
            Referent::Named(index) => {
                let named = &self.named[index];
                EntityView {
                    id: &named.id,
                    name: &named.name,
                    entry: None,
                }
            }
        }
    }
}

/// Past this many entities in a document, [`Entities::group`] finds a
/// mention's entity in a map rather than along the list.
const LINEAR_ENTITIES: usize = 16;

/// An extraction's entities in order of first mention, each with the type
/// of its first mention and the indices of its mentions.
#[derive(Debug, Clone)]
pub struct Entities<'a> {
    /// The entities, with the type their first mention has.
    pub list: Vec<(EntityView<'a>, EntityType)>,
    /// Entity `e`'s mention indices are `indices[starts[e]..starts[e + 1]]`,
    /// in mention order: one list rather than a vector per entity.
    starts: Vec<usize>,
    indices: Vec<u32>,
    /// Each mention's entity index, in mention order.
    slots: Vec<usize>,
}

impl<'a> Entities<'a> {
    /// Groups `extraction`'s mentions by referent, an entry's aliases
    /// together.
    pub fn group(extraction: &'a Extraction, entries: &'a [Entry]) -> Entities<'a> {
        let mentions = &extraction.mentions;
        let mut keys: Vec<Referent> = Vec::new();
        // Most documents name a few entities: they are found by a look
        // along `keys`, and a map (keys come from the engine, not from
        // callers: no need for SipHash) only takes over past that.
        let mut index: Option<FxHashMap<Referent, usize>> = None;
        let mut list: Vec<(EntityView<'a>, EntityType)> = Vec::new();
        let mut slots: Vec<usize> = Vec::with_capacity(mentions.len());
        for m in mentions {
            let key = match m.referent {
                Referent::Entry { entry, .. } => Referent::Entry { entry, alias: None },
                named => named,
            };
            let slot = match &mut index {
                Some(map) => *map.entry(key).or_insert(keys.len()),
                None => keys.iter().position(|k| *k == key).unwrap_or(keys.len()),
            };
            if slot == keys.len() {
                keys.push(key);
                list.push((extraction.view_in(entries, m.referent), m.entity_type));
                if index.is_none() && keys.len() > LINEAR_ENTITIES {
                    index = Some(keys.iter().enumerate().map(|(i, k)| (*k, i)).collect());
                }
            }
            slots.push(slot);
        }
        let mut starts = vec![0; list.len() + 1];
        for &slot in &slots {
            starts[slot + 1] += 1;
        }
        for e in 0..list.len() {
            starts[e + 1] += starts[e];
        }
        let mut filled = starts.clone();
        let mut indices = vec![0u32; mentions.len()];
        for (index, &slot) in slots.iter().enumerate() {
            indices[filled[slot]] = index as u32;
            filled[slot] += 1;
        }
        Entities {
            list,
            starts,
            indices,
            slots,
        }
    }

    /// The indices into [`Extraction::mentions`] of entity `e`'s mentions,
    /// in text order.
    pub fn mentions_of(&self, e: usize) -> &[u32] {
        &self.indices[self.starts[e]..self.starts[e + 1]]
    }

    /// The entity index of each of [`Extraction::mentions`], in order.
    pub fn entity_of_mentions(&self) -> &[usize] {
        &self.slots
    }
}
