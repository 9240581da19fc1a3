//! Coreference: short forms and surnames that refer back to a full
//! mention earlier in the document.
//!
//! A full mention of a person registers the surnames a later mention may
//! use ([`Coreference::remember`]); a full mention of an entry with short
//! forms registers where it ended ([`Coreference::record_full`]). A short
//! form then refers to the latest such entity before it, a name after a
//! title may be a known person's surname, and after all mentions are in,
//! capitalized surnames alone become mentions too
//! ([`Coreference::derived_surnames`]).

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use super::readings::{Document, Reading, confidence};
use super::titles::TitleHit;
use crate::dictionary::{EntityType, Office};
use crate::engine::extraction::{Dropped, Mention, MentionSource, Referent};
use crate::engine::facts::{Facts, family_name, given_name, is_person_type};
use crate::engine::lexicon::EAST_ASIAN_SURNAMES;
use crate::engine::scan::Candidate;
use crate::engine::text::script::{Class, class};
use crate::engine::words::{Word, fold_word, gap_is, sort_by_span};

/// A full mention a short one may refer to: where it ended, what it was
/// and its type.
pub(crate) type Antecedent = (usize, Referent, EntityType);

/// The full mentions seen so far, as later short mentions look them up.
pub(crate) struct Coreference<'a> {
    /// Folded surnames of people mentioned in full: where each full mention
    /// ended, what it was and its type. The keys of dictionary people are
    /// the engine's own, and most surnames have one mention: no allocation
    /// per person.
    surnames: HashMap<Cow<'a, str>, SmallVec<[Antecedent; 1]>>,
    /// Entries with short forms mentioned in full, and where the latest
    /// such mention ended.
    full_mentions: HashMap<usize, usize>,
    /// Bit `n` (63 for 63 and more) is set when a surname of `n` bytes is
    /// in `surnames`: most capitalized words are looked up no further.
    lengths: u64,
}

impl<'a> Coreference<'a> {
    /// Room for `mentions` people, so that the surname table never grows.
    pub(crate) fn with_capacity(mentions: usize) -> Coreference<'a> {
        Coreference {
            surnames: HashMap::with_capacity_and_hasher(mentions, Default::default()),
            full_mentions: HashMap::default(),
            lengths: 0,
        }
    }

    /// Notes that entry `entry`, which has short forms, was mentioned in
    /// full up to `end`.
    pub(crate) fn record_full(&mut self, entry: usize, end: usize) {
        self.full_mentions.insert(entry, end);
    }

    /// A short form of the candidate whose entity was mentioned in full
    /// before it: the latest such entity.
    pub(crate) fn short_form(&self, doc: &Document<'_>, candidate: &Candidate) -> Option<Reading> {
        let (end, target, exact) = candidate
            .targets
            .iter()
            .filter(|(t, _)| t.short)
            .filter_map(|(t, exact)| {
                let end = *self.full_mentions.get(&(t.entry as usize))?;
                (end <= candidate.start).then_some((end, t, *exact))
            })
            .max_by_key(|(end, _, _)| *end)?;
        let entry = target.entry as usize;
        let entity_type = doc.person_type(entry, doc.title(candidate).as_ref());
        let explanation = doc.explain(|| {
            format!(
                "short form {:?} of {}, mentioned in full before [.., {end})",
                doc.entry(entry).aliases[target.alias as usize].text,
                doc.entry(entry).name
            )
        });
        Some(Reading {
            referent: Referent::Entry {
                entry,
                alias: Some(target.alias as usize),
            },
            entity_type,
            confidence: if exact {
                confidence::SHORT_FORM_EXACT
            } else {
                confidence::SHORT_FORM_FOLDED
            },
            source: MentionSource::Coreference,
            alternatives: Vec::new(),
            explanation,
        })
    }

    /// A short form with no full mention before it counts only after a
    /// title, as the office holder of the document's date. `Err` holds why
    /// it does not count, when explaining.
    pub(crate) fn short_form_without_antecedent(
        doc: &Document<'_>,
        candidate: &Candidate,
    ) -> Result<Reading, Option<Dropped>> {
        let Some(title) = doc.title(candidate) else {
            if let Some(reading) = Self::place_by_context(doc, candidate) {
                return Ok(reading);
            }
            let dropped = (|| {
                if !doc.options.explain {
                    return None;
                }
                let (target, _) = candidate.targets.first()?;
                Some(Dropped {
                    start: candidate.start,
                    end: candidate.end,
                    referent: Referent::Entry {
                        entry: target.entry as usize,
                        alias: Some(target.alias as usize),
                    },
                    reason: "short form with no full mention of its entity before it".into(),
                })
            })();
            return Err(dropped);
        };
        let head = title.head(doc.text).to_lowercase();
        let best = candidate.targets.iter().map(|(t, _)| t).max_by_key(|t| {
            let entry = doc.entry(t.entry as usize);
            let office = crate::engine::dates::office_on(entry, doc.date());
            (
                office.is_some_and(|o| o.to_lowercase().contains(&head)),
                office.is_some(),
                entry.priority,
            )
        });
        let Some(target) = best else {
            return Err(None);
        };
        let entry = target.entry as usize;
        let entity_type = doc.person_type(entry, Some(&title));
        let explanation = doc.explain(|| {
            let date = doc.date();
            let alias = &doc.entry(entry).aliases[target.alias as usize].text;
            let name = &doc.entry(entry).name;
            let held = crate::engine::dates::office_on(doc.entry(entry), date)
                .filter(|office| office.to_lowercase().contains(&head));
            match held {
                Some(office) => format!(
                    "short form {alias:?} after the title {:?}: {name} held the office {office:?} on {date}, the document's date",
                    title.head(doc.text)
                ),
                None => format!(
                    "short form {alias:?} after the title {:?}: no one in the dictionary held an office named so on {date}, the document's date; {name} by priority",
                    title.head(doc.text)
                ),
            }
        });
        Ok(Reading {
            referent: Referent::Entry {
                entry,
                alias: Some(target.alias as usize),
            },
            entity_type,
            confidence: confidence::SHORT_FORM_AFTER_TITLE,
            source: MentionSource::Dictionary,
            alternatives: Vec::new(),
            explanation,
        })
    }

    /// A place's short form with no full mention before it ("Madison" for
    /// Madison, Wisconsin) that the words around it make a place: "in
    /// Madison", "fled Victoria", "Victoria, Canada". The document's
    /// countries, then priority, choose among several.
    fn place_by_context(doc: &Document<'_>, candidate: &Candidate) -> Option<Reading> {
        let facts = doc.known.facts;
        let places = || {
            candidate
                .targets
                .iter()
                .filter(|(t, _)| facts.entity_type(t.entry as usize) == EntityType::Place)
        };
        places().next()?;
        if !doc.place_context(candidate.start, candidate.end) {
            return None;
        }
        let (target, _) = places().max_by_key(|(t, _)| doc.score(t, candidate))?;
        let entry = target.entry as usize;
        let explanation = doc.explain(|| {
            format!(
                "short form {:?} of {}, a place by the words around it",
                doc.entry(entry).aliases[target.alias as usize].text,
                doc.entry(entry).name
            )
        });
        Some(Reading {
            referent: Referent::Entry {
                entry,
                alias: Some(target.alias as usize),
            },
            entity_type: EntityType::Place,
            confidence: confidence::PLACE_BY_CONTEXT,
            source: MentionSource::Dictionary,
            alternatives: Vec::new(),
            explanation,
        })
    }

    /// A name after `title` that is the surname (`folded`) of a person
    /// mentioned in full before `at`.
    pub(crate) fn titled_surname(
        &self,
        doc: &Document<'_>,
        title: &TitleHit,
        folded: &str,
        at: usize,
    ) -> Option<Reading> {
        let (end, referent, entity_type) = self.antecedent(folded, at)?;
        let entity_type =
            super::readings::title_type(entity_type, title, doc.text, offices(doc, referent));
        let explanation = doc.explain(|| {
            format!(
                "surname after the title {:?}, of the person mentioned in full before [.., {end})",
                title.head(doc.text)
            )
        });
        Some(Reading {
            referent,
            entity_type,
            confidence: confidence::SURNAME_AFTER_TITLE,
            source: MentionSource::Coreference,
            alternatives: Vec::new(),
            explanation,
        })
    }

    /// Registers the surnames a later short mention of this person may
    /// use. `named` is the name of a [`Referent::Named`] person.
    pub(crate) fn remember(
        &mut self,
        facts: &'a Facts,
        entries: &[crate::dictionary::Entry],
        referent: Referent,
        named: Option<&str>,
        entity_type: EntityType,
        end: usize,
    ) {
        let mut remember = |key: Cow<'a, str>| {
            self.lengths |= 1 << key.len().min(63);
            match self.surnames.get_mut(&*key) {
                Some(list) => list.push((end, referent, entity_type)),
                None => {
                    self.surnames
                        .insert(key, smallvec::smallvec![(end, referent, entity_type)]);
                }
            }
        };
        match referent {
            Referent::Entry { entry, .. } if facts.is_person(entry) => {
                for key in facts.surnames_of(entry) {
                    remember(Cow::Borrowed(key));
                }
            }
            // An entry of another type that a title made a person.
            Referent::Entry { entry, .. } => {
                for key in Facts::surnames(&entries[entry]) {
                    remember(Cow::Owned(key));
                }
            }
            Referent::Named(_) => {
                let name = named.unwrap_or("");
                let first = name.split_whitespace().next().unwrap_or("");
                let words = name.split_whitespace().count();
                let family_first = (2..=3).contains(&words)
                    && if first.is_ascii() {
                        EAST_ASIAN_SURNAMES
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case(first))
                    } else {
                        EAST_ASIAN_SURNAMES.contains(&first.to_lowercase().as_str())
                    };
                if let Some(key) = family_name(name, family_first) {
                    remember(Cow::Owned(key));
                }
                if !family_first && let Some(key) = given_name(name) {
                    remember(Cow::Owned(key));
                }
            }
        }
    }

    /// Later capitalized mentions of a surname of someone mentioned in full
    /// ("Takht-Ravanchi said"), when the dictionary does not list it: added
    /// to `mentions`, which this sorts by span first.
    pub(crate) fn derived_surnames(
        &self,
        doc: &Document<'_>,
        words: &[Word],
        mentions: &mut Vec<Mention>,
    ) {
        if self.surnames.is_empty() {
            return;
        }
        sort_by_span(mentions, |m| (m.start, m.end));
        let text = doc.text;
        let mut found = Vec::new();
        // The mentions that start before the current name part's end: the
        // parts come in text order, so the count only grows. For "is this
        // word inside a mention": the furthest end among them.
        let mut starting_before = 0;
        let mut furthest = 0;
        let mut i = 0;
        while i < words.len() {
            // A name part: words joined by hyphens ("Takht-Ravanchi").
            let first = words[i];
            let start = first.start;
            let mut j = i;
            while j + 1 < words.len() && gap_is(text, words[j].end, words[j + 1].start, b'-') {
                j += 1;
            }
            let end = words[j].end;
            let next_word = words.get(j + 1).copied();
            i = j + 1;
            if !first.capitalized {
                continue;
            }
            while starting_before < mentions.len() && mentions[starting_before].start < end {
                furthest = furthest.max(mentions[starting_before].end);
                starting_before += 1;
            }
            if furthest > start {
                continue;
            }
            // "Trump Tower", "Lee Hsien Loong": part of a longer name.
            if next_word.is_some_and(|w| gap_is(text, end, w.start, b' ') && w.capitalized) {
                continue;
            }
            let Some((antecedent_end, referent, entity_type)) =
                self.surname_antecedent(&text[start..end], start)
            else {
                continue;
            };
            let explanation = doc.explain(|| {
                format!("surname of the person mentioned in full before [.., {antecedent_end})")
            });
            found.push(Mention {
                start,
                end,
                referent: match referent {
                    Referent::Entry { entry, .. } => Referent::Entry { entry, alias: None },
                    named => named,
                },
                entity_type,
                confidence: confidence::SURNAME,
                source: MentionSource::Coreference,
                alternatives: Vec::new(),
                explanation,
            });
        }
        mentions.extend(found);
    }

    /// Acronyms a document defines in parentheses right after a mention of
    /// a place or a body ("the Inland Revenue Board (LHDN)", "Democratic
    /// Party (DP)"): that mention's entity, there and in each later use of
    /// the acronym as a word that no mention covers. An acronym that is a
    /// mention already ("Washington (AP)") defines nothing. `mentions` are
    /// sorted by span.
    pub(crate) fn defined_acronyms(
        doc: &Document<'_>,
        words: &[Word],
        mentions: &mut Vec<Mention>,
    ) {
        let text = doc.text;
        let covered = |mentions: &[Mention], start: usize, end: usize| {
            let i = mentions.partition_point(|m| m.end <= start);
            mentions.get(i).is_some_and(|m| m.start < end)
        };
        let mut defined: SmallVec<[(usize, usize, usize); 2]> = SmallVec::new();
        for (i, m) in mentions.iter().enumerate() {
            if is_person_type(m.entity_type) {
                continue;
            }
            let Some(rest) = text[m.end..].strip_prefix(" (") else {
                continue;
            };
            let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let acronym = &rest[..len];
            let start = m.end + 2;
            if rest[len..].starts_with(')')
                && is_acronym(acronym)
                && !covered(mentions, start, start + len)
            {
                defined.push((i, start, start + len));
            }
        }
        if defined.is_empty() {
            return;
        }
        let mut found = Vec::new();
        for w in words {
            let word = &text[w.start..w.end];
            let Some(&(i, start, end)) = defined
                .iter()
                .find(|&&(_, start, end)| start <= w.start && &text[start..end] == word)
            else {
                continue;
            };
            if covered(mentions, w.start, w.end) {
                continue;
            }
            let m = &mentions[i];
            let explanation = doc.explain(|| {
                format!(
                    "acronym {:?} defined after the mention [{}, {})",
                    &text[start..end],
                    m.start,
                    m.end
                )
            });
            found.push(Mention {
                start: w.start,
                end: w.end,
                referent: m.referent,
                entity_type: m.entity_type,
                confidence: confidence::DEFINED_ACRONYM,
                source: MentionSource::Coreference,
                alternatives: Vec::new(),
                explanation,
            });
        }
        mentions.extend(found);
        sort_by_span(mentions, |m| (m.start, m.end));
    }

    /// A name in a script written without spaces, or in Hangul, in
    /// parentheses right after a person's mention ("Huang Kuo-chang
    /// (黃國昌)", "Lee Jae-myung (이재명)") is another mention of that
    /// person. `mentions` are in text order, and stay so.
    pub(crate) fn native_names_in_parentheses(doc: &Document<'_>, mentions: &mut Vec<Mention>) {
        let text = doc.text;
        let mut found = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            if !is_person_type(m.entity_type) {
                continue;
            }
            let rest = text[m.end..].strip_prefix(' ').unwrap_or(&text[m.end..]);
            let Some(inner) = rest.strip_prefix('(').or_else(|| rest.strip_prefix('（')) else {
                continue;
            };
            let len: usize = inner
                .chars()
                .take_while(|&c| matches!(class(c), Class::Hangul | Class::Unspaced))
                .map(char::len_utf8)
                .sum();
            let start = text.len() - inner.len();
            let end = start + len;
            let closed = inner[len..].starts_with(')') || inner[len..].starts_with('）');
            let taken = mentions.get(i + 1).is_some_and(|next| next.start < end);
            if !closed || inner[..len].chars().count() < 2 || taken {
                continue;
            }
            let explanation = doc.explain(|| {
                format!(
                    "native name in parentheses after the mention [{}, {})",
                    m.start, m.end
                )
            });
            found.push(Mention {
                start,
                end,
                referent: m.referent,
                entity_type: m.entity_type,
                confidence: confidence::NATIVE_NAME,
                source: MentionSource::Coreference,
                alternatives: Vec::new(),
                explanation,
            });
        }
        if !found.is_empty() {
            mentions.extend(found);
            sort_by_span(mentions, |m| (m.start, m.end));
        }
    }

    /// A one-word alias of a dictionary person that is the surname or
    /// given name of another person mentioned in full before it: that
    /// person ("State Rep. Tom Johnson ... Johnson said" is not Boris
    /// Johnson). A full mention in the document beats a famous short form.
    pub(crate) fn other_full_mention(
        &self,
        doc: &Document<'_>,
        candidate: &Candidate,
    ) -> Option<Reading> {
        if self.surnames.is_empty() {
            return None;
        }
        let span = &doc.text[candidate.start..candidate.end];
        // A part of a compound ("League-Nawaz") is no name of its own.
        let glued = doc.text[..candidate.start]
            .chars()
            .next_back()
            .is_some_and(|c| c == '-' || c.is_alphanumeric());
        if glued || span.contains(char::is_whitespace) {
            return None;
        }
        let facts = doc.known.facts;
        if !candidate
            .targets
            .iter()
            .any(|(t, _)| facts.is_person(t.entry as usize))
        {
            return None;
        }
        let (end, referent, entity_type) = self.surname_antecedent(span, candidate.start)?;
        // The person's own alias: the reading is theirs, unless other
        // entries share the alias ("Kallas" of Kaja and of Siim Kallas),
        // where the one mentioned in full wins.
        let mut own_alias = None;
        if let Referent::Entry { entry, .. } = referent
            && let Some((own, _)) = candidate
                .targets
                .iter()
                .find(|(t, _)| t.entry as usize == entry)
        {
            let shared = candidate
                .targets
                .iter()
                .any(|(t, _)| !t.short && t.entry as usize != entry);
            if !shared {
                return None;
            }
            own_alias = Some(own.alias as usize);
        }
        let entity_type = match doc.title(candidate) {
            Some(title) => {
                super::readings::title_type(entity_type, &title, doc.text, offices(doc, referent))
            }
            None => entity_type,
        };
        let explanation = doc.explain(|| {
            let chosen = match referent {
                Referent::Entry { entry, .. } => Some(entry),
                Referent::Named(_) => None,
            };
            let other = candidate
                .targets
                .iter()
                .find(|(t, _)| Some(t.entry as usize) != chosen)
                .map_or("", |(t, _)| &*doc.entry(t.entry as usize).name);
            format!("name of the person mentioned in full before [.., {end}), not {other}")
        });
        Some(Reading {
            referent: match referent {
                Referent::Entry { entry, .. } => Referent::Entry {
                    entry,
                    alias: own_alias,
                },
                named => named,
            },
            entity_type,
            confidence: confidence::SURNAME,
            source: MentionSource::Coreference,
            alternatives: Vec::new(),
            explanation,
        })
    }

    /// [`Self::antecedent`] for a word as written; ASCII words (most of
    /// them) are looked up without allocating.
    fn surname_antecedent(&self, word: &str, at: usize) -> Option<Antecedent> {
        // Folding only lower-cases a word of ASCII letters and digits.
        if self.lengths & (1 << word.len().min(63)) == 0
            && word.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return None;
        }
        self.antecedent(&fold_word(word, &mut [0u8; 32]), at)
    }

    /// The latest person mentioned in full before `at` whose surname is
    /// `folded`.
    fn antecedent(&self, folded: &str, at: usize) -> Option<Antecedent> {
        // Each list is sorted by end: the latest one ending by `at` wins.
        let mentions = self.surnames.get(folded)?;
        let before = mentions.partition_point(|(end, _, _)| *end <= at);
        before.checked_sub(1).map(|i| mentions[i])
    }
}

/// Whether `word` can be an acronym a document defines: two to eight
/// capitals and digits, a capital first, at least two capitals.
fn is_acronym(word: &str) -> bool {
    let bytes = word.as_bytes();
    (2..=8).contains(&bytes.len())
        && bytes[0].is_ascii_uppercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && bytes.iter().filter(|b| b.is_ascii_uppercase()).count() >= 2
}

/// The offices of `referent`'s entry; none for a name no entry has.
fn offices<'a>(doc: &Document<'a>, referent: Referent) -> &'a [Office] {
    match referent {
        Referent::Entry { entry, .. } => &doc.known.entries[entry].offices,
        Referent::Named(_) => &[],
    }
}
