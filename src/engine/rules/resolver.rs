//! The resolver: each candidate kept after overlaps, in text order, to
//! the rule that reads it (a reading, a short form, a titled name, an
//! organization pattern), its mention recorded for the later ones; then
//! the caller's filters.
//!
//! With [`Options::explain`] each mention says which alias, title or
//! antecedent made it, and each dropped candidate says what beat it.

use std::hash::BuildHasher;

use smallvec::SmallVec;

use super::coreference::Coreference;
use super::readings::{Document, Reading, confidence};
use crate::dictionary::EntityType;
use crate::engine::extraction::{
    Dropped, Extraction, Mention, MentionSource, NamedEntity, Options, Referent,
};
use crate::engine::facts::is_person_type;
use crate::engine::lexicon::{TitleKind, honorific_prefix};
use crate::engine::scan::{Candidate, Kind, Target};
use crate::engine::text::normalize::fold_alias;
use crate::engine::words::{Word, joined_words, slug, sort_by_span};

pub(crate) struct Resolver<'a> {
    doc: Document<'a>,
    coreference: Coreference<'a>,
    extraction: Extraction,
    /// Named entities by id (indices into the extraction's, hashed by
    /// their id), so a name gets one entity per document.
    named_index: hashbrown::HashTable<usize>,
}

impl<'a> Resolver<'a> {
    /// A resolver for the `chosen` candidates of a document.
    pub(crate) fn new(doc: Document<'a>, chosen: usize) -> Resolver<'a> {
        Resolver {
            doc,
            // Room for every mention's, so that they never grow.
            coreference: Coreference::with_capacity(chosen),
            extraction: Extraction {
                mentions: Vec::with_capacity(chosen),
                ..Extraction::default()
            },
            named_index: hashbrown::HashTable::new(),
        }
    }

    /// Records why each candidate that lost an overlap was dropped.
    ///
    /// Linear in the candidates: the kept spans are looked up in a set, and
    /// the winner found by binary search. `chosen` is in text order, and
    /// under every policy that drops a candidate (`Longest`, `NoSub`) no
    /// kept span lies inside another, so the kept spans' ends rise with
    /// their starts: the first kept span that ends after a candidate starts
    /// is the first that can overlap it.
    pub(crate) fn explain_overlaps(&mut self, everything: &[Candidate], chosen: &[Candidate]) {
        // A titled name and an alias match of the same span are two
        // candidates; an organization pattern counts as an alias match.
        let key = |c: &Candidate| (c.start, c.end, c.kind == Kind::TitledName);
        let kept: rustc_hash::FxHashSet<(usize, usize, bool)> = chosen.iter().map(key).collect();
        for candidate in everything.iter().filter(|c| !kept.contains(&key(c))) {
            let Some(referent) = referent_guess(candidate) else {
                continue;
            };
            let first = chosen.partition_point(|k| k.end <= candidate.start);
            let winner = chosen
                .get(first)
                .filter(|k| k.start < candidate.end && candidate.start < k.end);
            let reason = match winner {
                Some(w) => format!(
                    "overlapped by {:?} [{}, {})",
                    &self.doc.text[w.start..w.end],
                    w.start,
                    w.end
                ),
                None => "overlapped by a longer candidate".to_string(),
            };
            self.extraction.dropped.push(Dropped {
                start: candidate.start,
                end: candidate.end,
                referent,
                reason,
            });
        }
    }

    /// Reads one candidate, in text order, with the rule its kind and
    /// targets call for.
    pub(crate) fn resolve(&mut self, candidate: &Candidate) {
        match candidate.kind {
            Kind::TitledName => return self.resolve_named(candidate),
            Kind::Phrase => return self.resolve_phrase(candidate),
            Kind::PlaceName => return self.resolve_place_name(candidate),
            Kind::Alias => {}
        }
        // Another person named in full before it beats a famous short form.
        if let Some(reading) = self.coreference.other_full_mention(&self.doc, candidate) {
            return self.push(candidate, reading);
        }
        // A short form refers to the latest entity mentioned in full
        // before it that it can stand for.
        if let Some(reading) = self.coreference.short_form(&self.doc, candidate) {
            return self.push(candidate, reading);
        }
        let full: SmallVec<[&(Target, bool); 2]> =
            candidate.targets.iter().filter(|(t, _)| !t.short).collect();
        if full.is_empty() {
            match Coreference::short_form_without_antecedent(&self.doc, candidate) {
                Ok(reading) => self.push(candidate, reading),
                Err(Some(dropped)) => self.extraction.dropped.push(dropped),
                Err(None) => {}
            }
            return;
        }
        let reading = self.doc.read(candidate, &full);
        self.push(candidate, reading);
    }

    /// A name after a title that no entry matches: a known person's surname
    /// or a new person.
    fn resolve_named(&mut self, candidate: &Candidate) {
        let Some(title) = self.doc.title(candidate) else {
            return;
        };
        let name = joined_words(&self.doc.text[candidate.start..candidate.end]);
        let folded = fold_alias(&name);
        if let Some(reading) =
            self.coreference
                .titled_surname(&self.doc, &title, &folded, candidate.start)
        {
            return self.push(candidate, reading);
        }
        let entity_type = match title.kind {
            TitleKind::Leader => EntityType::Leader,
            TitleKind::Official => EntityType::Official,
        };
        let index = self.named_entity(slug("gazette:person/", &folded), &name, entity_type);
        let words = name.split_whitespace().count();
        let confidence = if words >= 2 {
            confidence::TITLED_FULL_NAME
        } else {
            confidence::TITLED_ONE_WORD
        };
        let explanation = self.doc.explain(|| {
            format!(
                "capitalized name after the title {:?}; not in the dictionary",
                title.head(self.doc.text)
            )
        });
        let reading = Reading {
            referent: Referent::Named(index),
            entity_type,
            confidence,
            source: MentionSource::Title,
            alternatives: Vec::new(),
            explanation,
        };
        self.push(candidate, reading);
    }

    /// An organization-like name no entry has.
    fn resolve_phrase(&mut self, candidate: &Candidate) {
        self.resolve_pattern(
            candidate,
            EntityType::Organization,
            confidence::PHRASE,
            "capitalized name ending in an organization's head noun; not in the dictionary",
        );
    }

    /// A place named from a known place and a word around it.
    fn resolve_place_name(&mut self, candidate: &Candidate) {
        self.resolve_pattern(
            candidate,
            EntityType::Place,
            confidence::PLACE_NAME,
            "a known place with a direction or \"Mount\" around it; not in the dictionary",
        );
    }

    /// A name a pattern found, of `entity_type`, as an entity of its own.
    fn resolve_pattern(
        &mut self,
        candidate: &Candidate,
        entity_type: EntityType,
        confidence: f32,
        why: &str,
    ) {
        let name = joined_words(&self.doc.text[candidate.start..candidate.end]);
        let prefix = match entity_type {
            EntityType::Place => "gazette:place/",
            _ => "gazette:org/",
        };
        let index = self.named_entity(slug(prefix, &fold_alias(&name)), &name, entity_type);
        let explanation = self.doc.explain(|| why.into());
        let reading = Reading {
            referent: Referent::Named(index),
            entity_type,
            confidence,
            source: MentionSource::Pattern,
            alternatives: Vec::new(),
            explanation,
        };
        self.push(candidate, reading);
    }

    /// The index of the entity named `name` with `id`, added if new.
    fn named_entity(&mut self, id: String, name: &str, entity_type: EntityType) -> usize {
        let named = &mut self.extraction.named;
        let hash = |id: &str| rustc_hash::FxBuildHasher.hash_one(id);
        if let Some(&index) = self.named_index.find(hash(&id), |&i| named[i].id == id) {
            return index;
        }
        self.named_index
            .insert_unique(hash(&id), named.len(), |&i| hash(&named[i].id));
        named.push(NamedEntity {
            id,
            name: name.to_string(),
            entity_type,
        });
        named.len() - 1
    }

    /// Adds the mention `reading` makes of `candidate`, and records it for
    /// the short forms and surnames after it.
    fn push(&mut self, candidate: &Candidate, reading: Reading) {
        let Reading {
            referent,
            entity_type,
            confidence,
            source,
            alternatives,
            explanation,
        } = reading;
        let person = is_person_type(entity_type);
        let known = self.doc.known;
        if source != MentionSource::Coreference && person {
            let named = match referent {
                Referent::Named(index) => Some(self.extraction.named[index].name.as_str()),
                Referent::Entry { .. } => None,
            };
            self.coreference.remember(
                known.facts,
                known.entries,
                referent,
                named,
                entity_type,
                candidate.end,
            );
        }
        if let Referent::Entry { entry, .. } = referent
            && source != MentionSource::Coreference
            && known.facts.of(entry).has_short
        {
            self.coreference.record_full(entry, candidate.end);
        }
        let own_name = match referent {
            Referent::Entry { entry, .. } => Some(&*known.entries[entry].name),
            Referent::Named(_) => None,
        };
        self.extraction.mentions.push(Mention {
            start: trimmed_start(
                self.doc.text,
                candidate.start,
                candidate.end,
                person,
                own_name,
            ),
            end: candidate.end,
            referent,
            entity_type,
            confidence,
            source,
            alternatives,
            explanation,
        });
    }

    /// Adds the surnames found alone, applies the caller's filters, and
    /// puts mentions in text order.
    pub(crate) fn finish(mut self, words: &[Word]) -> Extraction {
        self.coreference
            .derived_surnames(&self.doc, words, &mut self.extraction.mentions);
        sort_by_span(&mut self.extraction.mentions, |m| (m.start, m.end));
        Coreference::defined_acronyms(&self.doc, words, &mut self.extraction.mentions);
        Coreference::native_names_in_parentheses(&self.doc, &mut self.extraction.mentions);
        let options: &Options = self.doc.options;
        let mut dropped = Vec::new();
        self.extraction.mentions.retain(|m| {
            let reason = if m.confidence < options.min_confidence {
                Some(format!(
                    "confidence {:.2} below min_confidence {:.2}",
                    m.confidence, options.min_confidence
                ))
            } else if !options.types.admits(m.entity_type) {
                Some(format!("type {} not requested", m.entity_type))
            } else {
                None
            };
            if let Some(reason) = reason {
                if options.explain {
                    dropped.push(Dropped {
                        start: m.start,
                        end: m.end,
                        referent: m.referent,
                        reason,
                    });
                }
                return false;
            }
            true
        });
        self.extraction.dropped.extend(dropped);
        sort_by_span(&mut self.extraction.mentions, |m| (m.start, m.end));
        if options.max_mentions > 0 && self.extraction.mentions.len() > options.max_mentions {
            self.extraction.mentions.truncate(options.max_mentions);
            self.extraction.truncated = true;
        }
        self.extraction.dropped.sort_by_key(|d| (d.start, d.end));
        // The explanation is bounded like the answer: at most max_mentions
        // dropped candidates, the first in text order.
        if options.max_mentions > 0 && self.extraction.dropped.len() > options.max_mentions {
            self.extraction.dropped.truncate(options.max_mentions);
            self.extraction.truncated = true;
        }
        self.extraction
    }
}

/// The entry a dropped candidate would most likely have been.
fn referent_guess(candidate: &Candidate) -> Option<Referent> {
    let (target, _) = candidate.targets.first()?;
    Some(Referent::Entry {
        entry: target.entry as usize,
        alias: Some(target.alias as usize),
    })
}

/// Where a mention really starts: a lower-case "the" ("the Netherlands")
/// and, for people, honorifics ("Sir Keir Starmer") are not part of it,
/// unless the person's own name starts with one ("Sheikh Hasina", "Sri
/// Mulyani Indrawati").
fn trimmed_start(
    text: &str,
    mut start: usize,
    end: usize,
    person: bool,
    own_name: Option<&str>,
) -> usize {
    loop {
        let rest = &text[start..end];
        let skip = if let Some(after) = rest.strip_prefix("the ") {
            Some(rest.len() - after.len())
        } else if person {
            honorific_prefix(rest)
                .filter(|&n| own_name.is_none_or(|name| !name.starts_with(&rest[..n])))
        } else {
            None
        };
        match skip {
            Some(n) if start + n < end => start += n,
            _ => return start,
        }
    }
}
