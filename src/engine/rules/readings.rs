//! Readings: which entry a span means when several share its alias, the
//! type it takes here, and how confident the engine is.
//!
//! Each reading gets a [`Score`], compared layer by layer: what the text
//! right before the span says (a title for a person, "state of" for a
//! state), then the office the title names, then the document's
//! countries, then the dictionary's priority. The layers above priority
//! are the document's context; when they decide, the mention says so.
//! Every confidence the engine gives is in [`confidence`].

use std::cell::OnceCell;

use rustc_hash::FxHashMap as HashMap;

use super::titles::TitleHit;
use crate::dictionary::{EntityType, Entry, Office};
use crate::engine::dates::{self, Date};
use crate::engine::extraction::{MentionSource, Options, Referent};
use crate::engine::facts::{Known, NO_COUNTRY};
use crate::engine::lexicon::{ACTING, ADVERBIALS, MOTION, PLACE_PREPOSITIONS, TitleKind};
use crate::engine::scan::{Candidate, Target, best_type};
use crate::engine::words::ends_with_ignoring_case;

/// Every confidence the engine gives, by how the mention was found.
pub(crate) mod confidence {
    /// A dictionary alias right after a title that confirms it.
    pub(crate) const AFTER_TITLE: f32 = 0.97;
    /// One entry has the alias, written with the alias's exact case.
    pub(crate) const UNAMBIGUOUS_EXACT: f32 = 0.93;
    /// One entry has the alias, written in another case or with other
    /// marks ("erdogan" for "Erdoğan").
    pub(crate) const UNAMBIGUOUS_FOLDED: f32 = 0.85;
    /// Several entries have the alias and the document's context chose.
    pub(crate) const AMBIGUOUS_BY_CONTEXT: f32 = 0.9;
    /// Several entries have the alias and priority chose; exact case.
    pub(crate) const AMBIGUOUS_EXACT: f32 = 0.85;
    /// Several entries have the alias and priority chose; other case.
    pub(crate) const AMBIGUOUS_FOLDED: f32 = 0.75;
    /// At most this for a building read as the institution inside it.
    pub(crate) const METONYM_MAX: f32 = 0.85;
    /// A short form after a full mention of its entity, exact case.
    pub(crate) const SHORT_FORM_EXACT: f32 = 0.9;
    /// A short form after a full mention of its entity, other case.
    pub(crate) const SHORT_FORM_FOLDED: f32 = 0.8;
    /// A short form after a title, with no full mention before it: the
    /// holder of the title's office on the document's date.
    pub(crate) const SHORT_FORM_AFTER_TITLE: f32 = 0.75;
    /// A name after a title that is the surname of a person mentioned in
    /// full before it.
    pub(crate) const SURNAME_AFTER_TITLE: f32 = 0.85;
    /// A surname alone, of a person mentioned in full before it.
    pub(crate) const SURNAME: f32 = 0.9;
    /// A name of two words or more after a title, not in the dictionary.
    pub(crate) const TITLED_FULL_NAME: f32 = 0.85;
    /// A one-word name after a title, not in the dictionary.
    pub(crate) const TITLED_ONE_WORD: f32 = 0.7;
    /// An organization-like name not in the dictionary.
    pub(crate) const PHRASE: f32 = 0.7;
    /// A place named from a known place and a direction or "Mount"
    /// around it ("Borno North", "Mt. Kenya"), not in the dictionary.
    pub(crate) const PLACE_NAME: f32 = 0.7;
    /// An acronym the document defines in parentheses after a mention
    /// ("Inland Revenue Board (LHDN)"), there and later.
    pub(crate) const DEFINED_ACRONYM: f32 = 0.85;
    /// A person's name in its own script in parentheses after a mention
    /// of the person ("Huang Kuo-chang (黃國昌)").
    pub(crate) const NATIVE_NAME: f32 = 0.85;
    /// A place's short form ("Madison") with no full mention, after a
    /// preposition of place or before its state or country.
    pub(crate) const PLACE_BY_CONTEXT: f32 = 0.8;
}

/// What the rules know of the document being read.
pub(crate) struct Document<'a> {
    pub(crate) known: Known<'a>,
    pub(crate) text: &'a str,
    pub(crate) options: &'a Options,
    /// The document's date ([`Options::document_date`]), read from the
    /// clock only when a rule asks (a title with dated offices).
    date: OnceCell<Date>,
    /// The document's titles, which candidates refer to by index.
    pub(crate) titles: Vec<TitleHit>,
    /// How many unambiguous mentions each country has in the document.
    countries: HashMap<u32, u32>,
    /// Where the kept candidates that are places start, in text order.
    place_starts: Vec<usize>,
    /// The kept candidates, in text order.
    chosen: &'a [Candidate],
}

/// A mention to add: what a span refers to, and how and why.
pub(crate) struct Reading {
    pub(crate) referent: Referent,
    pub(crate) entity_type: EntityType,
    pub(crate) confidence: f32,
    pub(crate) source: MentionSource,
    pub(crate) alternatives: Vec<usize>,
    pub(crate) explanation: String,
}

/// How well a reading fits the document, compared field by field in
/// order: the text right before the span first, the dictionary's
/// priority last. A priority of any size stays within its layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Score {
    /// Words right beside the span that name what it is: a title before a
    /// person, "state of" or "province of" before a state, a place of the
    /// reading's country across a comma ("Atlanta, Georgia"). Each counts
    /// one.
    named_before: u8,
    /// The title before a person names the office the person held on the
    /// document's date.
    office: bool,
    /// Unambiguous mentions of the reading's country in the document, up
    /// to three.
    countries: u32,
    /// The entry's priority.
    priority: i32,
}

impl Score {
    /// The layers that come from the document rather than the dictionary.
    fn context(self) -> (u8, bool, u32) {
        (self.named_before, self.office, self.countries)
    }
}

impl<'a> Document<'a> {
    pub(crate) fn new(
        known: Known<'a>,
        text: &'a str,
        options: &'a Options,
        titles: Vec<TitleHit>,
        chosen: &'a [Candidate],
    ) -> Document<'a> {
        Document {
            known,
            text,
            options,
            date: OnceCell::new(),
            titles,
            countries: document_countries(known, chosen),
            place_starts: chosen
                .iter()
                .filter(|c| best_type(known.facts, c) == Some(EntityType::Place))
                .map(|c| c.start)
                .collect(),
            chosen,
        }
    }

    /// Whether a place written right beside `candidate` across a comma
    /// ("Atlanta, Georgia", "Savannah, Georgia", "Tbilisi, Georgia") can
    /// be a place of `country`: a city and its state or country name each
    /// other's country.
    fn beside_a_place_of(&self, candidate: &Candidate, country: u32) -> bool {
        let of_country = |c: &Candidate| {
            c.targets.iter().any(|(t, _)| {
                let facts = self.known.facts.of(t.entry as usize);
                !t.short && facts.entity_type == EntityType::Place && facts.country == country
            })
        };
        let before = self.text[..candidate.start]
            .strip_suffix(", ")
            .map(str::len)
            .is_some_and(|end| {
                // Kept candidates before the comma start before it; the
                // nearest few are the ones that can end there.
                let until = self.chosen.partition_point(|c| c.start < end);
                self.chosen[..until]
                    .iter()
                    .rev()
                    .take(4)
                    .any(|c| c.end == end && of_country(c))
            });
        before
            || self.text[candidate.end..]
                .strip_prefix(", ")
                .is_some_and(|rest| {
                    let start = self.text.len() - rest.len();
                    let from = self.chosen.partition_point(|c| c.start < start);
                    self.chosen[from..]
                        .iter()
                        .take_while(|c| c.start == start)
                        .any(of_country)
                })
    }

    /// Whether the words around `start..end` make it a place: a
    /// preposition or verb of place before it ("in Madison", "fled
    /// Victoria", "flew to Lincoln"), or a place after a comma ("Victoria,
    /// Canada").
    pub(crate) fn place_context(&self, start: usize, end: usize) -> bool {
        if self.place_word_before(start) {
            return true;
        }
        let Some(rest) = self.text[end..].strip_prefix(", ") else {
            return false;
        };
        let next = self.text.len() - rest.len();
        self.place_starts.binary_search(&next).is_ok()
    }

    /// Whether a preposition or verb of place stands right before `start`,
    /// a "the" between them allowed.
    fn place_word_before(&self, start: usize) -> bool {
        let mut window = start.saturating_sub(32);
        while !self.text.is_char_boundary(window) {
            window -= 1;
        }
        let before = self.text[window..start].to_lowercase();
        let mut previous = before.trim_end().rsplit(' ');
        let mut word = previous.next().unwrap_or("");
        if word == "the" {
            word = previous.next().unwrap_or("");
        }
        PLACE_PREPOSITIONS.contains(&word)
            || (word == "to" && previous.next().is_some_and(|w| MOTION.contains(&w)))
    }

    pub(crate) fn date(&self) -> Date {
        *self.date.get_or_init(|| self.options.document_date())
    }

    /// The title before a candidate, if one makes it a person.
    pub(crate) fn title(&self, candidate: &Candidate) -> Option<TitleHit> {
        candidate.title.map(|index| self.titles[index as usize])
    }

    pub(crate) fn entry(&self, index: usize) -> &'a Entry {
        &self.known.entries[index]
    }

    /// `build()`'s explanation when the caller asked for one, else nothing.
    pub(crate) fn explain(&self, build: impl FnOnce() -> String) -> String {
        if self.options.explain {
            build()
        } else {
            String::new()
        }
    }

    /// The reading of a candidate with full targets (`full`, not empty):
    /// the best by [`Score`], the others as alternatives.
    pub(crate) fn read(&self, candidate: &Candidate, full: &[&(Target, bool)]) -> Reading {
        // Score each reading; the document decides, then priors.
        // One reading needs no score.
        let mut scored: smallvec::SmallVec<[(Score, &Target, bool); 2]> = if full.len() == 1 {
            smallvec::smallvec![(Score::default(), &full[0].0, full[0].1)]
        } else {
            full.iter()
                .map(|(t, exact)| (self.score(t, candidate), t, *exact))
                .collect()
        };
        scored.sort_by_key(|(score, t, _)| (std::cmp::Reverse(*score), std::cmp::Reverse(t.entry)));
        let (best_score, best, exact) = scored[0];
        let entry = best.entry as usize;
        let mut alternatives: Vec<usize> = Vec::new();
        for (_, t, _) in &scored[1..] {
            let other = t.entry as usize;
            if self.entry(other).id != self.entry(entry).id && !alternatives.contains(&other) {
                alternatives.push(other);
            }
        }
        let ambiguous = !alternatives.is_empty();
        let decided_by_context = ambiguous && best_score.context() != scored[1].0.context();
        let (entity_type, metonym) = self.mention_type(entry, candidate);
        let confidence: f32 = match (candidate.title.is_some(), ambiguous, exact) {
            (true, _, _) => confidence::AFTER_TITLE,
            (false, false, true) => confidence::UNAMBIGUOUS_EXACT,
            (false, false, false) => confidence::UNAMBIGUOUS_FOLDED,
            (false, true, _) if decided_by_context => confidence::AMBIGUOUS_BY_CONTEXT,
            (false, true, true) => confidence::AMBIGUOUS_EXACT,
            (false, true, false) => confidence::AMBIGUOUS_FOLDED,
        };
        let confidence = if metonym {
            confidence.min(confidence::METONYM_MAX)
        } else {
            confidence
        };
        let explanation = self.explain(|| {
            let alias = &self.entry(entry).aliases[best.alias as usize];
            let mut why = format!(
                "alias {:?} of {}{}",
                alias.text,
                self.entry(entry).name,
                if alias.case_sensitive {
                    " (case-sensitive)"
                } else {
                    ""
                }
            );
            if let Some(title) = self.title(candidate) {
                why.push_str(&format!("; after the title {:?}", title.head(self.text)));
            }
            if ambiguous {
                let others: Vec<&str> = alternatives
                    .iter()
                    .map(|&a| self.entry(a).name.as_ref())
                    .collect();
                why.push_str(&format!(
                    "; chosen over {} by {}",
                    others.join(", "),
                    if decided_by_context {
                        "the document's context"
                    } else {
                        "priority"
                    }
                ));
            }
            if metonym {
                why.push_str(&format!("; acts as an institution here, so {entity_type}"));
            }
            why
        });
        Reading {
            referent: Referent::Entry {
                entry,
                alias: Some(best.alias as usize),
            },
            entity_type,
            confidence,
            source: MentionSource::Dictionary,
            alternatives,
            explanation,
        }
    }

    /// A reading's score: see [`Score`].
    pub(crate) fn score(&self, target: &Target, candidate: &Candidate) -> Score {
        let facts = self.known.facts.of(target.entry as usize);
        let mut score = Score {
            named_before: 0,
            office: false,
            countries: 0,
            priority: facts.priority,
        };
        if let Some(&count) = self.countries.get(&facts.country) {
            score.countries = count.min(3);
        }
        if facts.entity_type == EntityType::Place
            && facts.country != NO_COUNTRY
            && self.beside_a_place_of(candidate, facts.country)
        {
            score.named_before += 1;
        }
        if let Some(title) = self.title(candidate)
            && self.known.facts.is_person(target.entry as usize)
        {
            let entry = self.entry(target.entry as usize);
            score.named_before += 1;
            score.office = dates::office_on(entry, self.date()).is_some_and(|office| {
                office
                    .to_lowercase()
                    .contains(&title.head(self.text).to_lowercase())
            });
        }
        if !facts.state {
            return score;
        }
        let mut window = candidate.start.saturating_sub(24);
        while !self.text.is_char_boundary(window) {
            window -= 1;
        }
        let before = self.text[window..candidate.start].trim_end();
        if ends_with_ignoring_case(before, "state of")
            || ends_with_ignoring_case(before, "province of")
        {
            score.named_before += 1;
        }
        score
    }

    /// The type a mention of `entry` takes here, and whether it is a
    /// building read as an institution: a leader's title makes an official
    /// a leader; a building that acts is an organization.
    fn mention_type(&self, entry: usize, candidate: &Candidate) -> (EntityType, bool) {
        let facts = self.known.facts.of(entry);
        if let Some(title) = self.title(candidate) {
            return (
                title_type(
                    facts.entity_type,
                    &title,
                    self.text,
                    &self.known.entries[entry].offices,
                ),
                false,
            );
        }
        if facts.building && self.acts(candidate.start, candidate.end) {
            return (EntityType::Organization, true);
        }
        (facts.entity_type, false)
    }

    /// The type of a person entry's mention after `title`, if any.
    pub(crate) fn person_type(&self, entry: usize, title: Option<&TitleHit>) -> EntityType {
        let t = self.known.facts.entity_type(entry);
        title.map_or(t, |title| {
            title_type(t, title, self.text, &self.known.entries[entry].offices)
        })
    }

    /// Whether the words around a building show it acting as the
    /// institution inside: a possessive or a verb of saying after it
    /// ("The White House on Monday said"), or "according to" before it; a
    /// preposition of place before it ("at the White House", "visitors to
    /// the Élysée") makes it the building.
    fn acts(&self, start: usize, end: usize) -> bool {
        let rest = &self.text[end..];
        if rest.starts_with("'s") || rest.starts_with("\u{2019}s") {
            return true;
        }
        let mut window = start.saturating_sub(32);
        while !self.text.is_char_boundary(window) {
            window -= 1;
        }
        // "According to the White House": a source, so an institution.
        if self.text[window..start]
            .to_lowercase()
            .ends_with("according to the ")
        {
            return true;
        }
        if self.place_word_before(start) {
            return false;
        }
        if !rest.starts_with(' ') {
            return false;
        }
        // The verb may come after a time or an adverb: "on Monday said",
        // "also rejected", "later confirmed".
        let mut next_words = rest
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase);
        for _ in 0..4 {
            let Some(next) = next_words.next() else {
                return false;
            };
            if ACTING.contains(&next.as_str()) {
                return true;
            }
            if !ADVERBIALS.contains(&next.as_str()) {
                return false;
            }
        }
        false
    }
}

/// The type `entity_type` takes after a title: a leader's title makes an
/// official a leader, unless it is the title of an office the official
/// holds or held (`offices`, the entry's): "Chancellor Rachel Reeves" is
/// the Chancellor of the Exchequer, "President von der Leyen" the
/// President of the European Commission.
pub(crate) fn title_type(
    entity_type: EntityType,
    title: &TitleHit,
    text: &str,
    offices: &[Office],
) -> EntityType {
    match (entity_type, title.kind) {
        (EntityType::Official, TitleKind::Leader) if !holds_office(offices, title, text) => {
            EntityType::Leader
        }
        (t, _) => t,
    }
}

/// Whether one of `offices` is named by the head word of `title`, a
/// one-word leader's title ("Chancellor", "President"; not the "Minister"
/// of "Prime Minister").
fn holds_office(offices: &[Office], title: &TitleHit, text: &str) -> bool {
    let head = title.head(text);
    let paired = text[title.title_start..title.head.0]
        .trim_end()
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("prime"));
    !paired
        && offices.iter().any(|o| {
            o.title
                .split(' ')
                .next()
                .is_some_and(|first| first.eq_ignore_ascii_case(head))
        })
}

/// How many unambiguous mentions each country has in the document: the
/// context that settles "Georgia" and "Washington".
fn document_countries(known: Known<'_>, chosen: &[Candidate]) -> HashMap<u32, u32> {
    let mut countries = HashMap::default();
    for candidate in chosen {
        let mut full = candidate.targets.iter().filter(|(t, _)| !t.short);
        let (Some((only, _)), None) = (full.next(), full.next()) else {
            continue;
        };
        let country = known.facts.of(only.entry as usize).country;
        if country != NO_COUNTRY {
            *countries.entry(country).or_insert(0) += 1;
        }
    }
    countries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(named_before: u8, office: bool, countries: u32, priority: i32) -> Score {
        Score {
            named_before,
            office,
            countries,
            priority,
        }
    }

    #[test]
    fn the_context_outranks_any_priority() {
        assert!(score(0, false, 1, i32::MIN) > score(0, false, 0, i32::MAX));
        assert!(score(0, true, 0, 0) > score(0, false, 3, 5000));
        assert!(score(1, false, 0, 0) > score(0, true, 3, 5000));
        assert!(score(0, false, 0, 1001) > score(0, false, 0, 1000));
        assert_eq!(
            score(0, false, 0, 2000).context(),
            score(0, false, 0, 0).context()
        );
    }
}
