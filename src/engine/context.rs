//! The context layer, between matching and the response: titles, overlaps,
//! ambiguity, short forms, metonymy, dates and confidence.
//!
//! Every rule here is cheap (one pass over the words of the document, plus
//! work per candidate) and explainable: with [`Options::explain`] each
//! mention says which alias, title or antecedent made it, and each dropped
//! candidate says what beat it.

use rustc_hash::FxHashMap as HashMap;

use super::dates::{self, Date};
use super::phrases;
use super::titles::{self, TitleHit, TitleKind, Word};
use super::{
    Candidate, Dropped, Engine, Extraction, Mention, MentionSource, NamedEntity, Options, Referent,
    Target, overlap,
};
use crate::dictionary::{EntityType, Entry};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Priority of a span made or confirmed by a title: it beats an equally
/// long dictionary match ("Governor Jordan" is a person).
const TITLE_PRIORITY: i32 = i32::MAX / 2;

/// Countries whose people are written family name first in English news,
/// so their surname is the first word ("Lee Jae Myung", "Xi Jinping").
/// Also where news calls people by their first name: Malay, Indonesian,
/// Thai and Ethiopian names ("Anwar", "Prabowo", "Paetongtarn", "Abiy"),
/// and Cambodian family names ("Hun" Manet).
const FAMILY_NAME_FIRST: &[&str] = &[
    "KR", "KP", "CN", "TW", "HK", "MO", "SG", "KH", "MY", "ID", "BN", "TH", "ET",
];

/// Common East Asian family names, for people the dictionary does not know
/// ("Foreign Minister Wang Yi" is Wang, not Yi).
const EAST_ASIAN_SURNAMES: &[&str] = &[
    "lee", "kim", "park", "choi", "jung", "chung", "kang", "cho", "yoon", "jang", "lim", "han",
    "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "yoo", "hong", "moon", "wi", "ban", "xi",
    "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu",
    "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han", "tang",
    "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "peng", "lu", "su",
    "jiang", "cai", "jia", "ding", "wei", "ye", "pan", "du", "dai", "fan", "qin",
];

/// Words after a building that show it acting as the institution inside:
/// "the White House said", "White House spokesperson".
const ACTING: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "warned",
    "warns",
    "stated",
    "states",
    "insisted",
    "declined",
    "responded",
    "argued",
    "told",
    "noted",
    "added",
    "urged",
    "called",
    "rejected",
    "dismissed",
    "released",
    "issued",
    "wants",
    "has",
    "is",
    "was",
    "will",
    "would",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press",
    "official",
    "officials",
    "aide",
    "aides",
    "chief",
    "counsel",
    "adviser",
    "advisers",
    "statement",
    "correspondents",
    "budget",
    "staff",
];

/// Turns candidates into the extraction.
pub(super) fn resolve(
    engine: &Engine,
    text: &str,
    mut candidates: Vec<Candidate>,
    words: Option<Vec<Word>>,
    options: &Options,
) -> Extraction {
    let words = words.unwrap_or_else(|| titles::words(text));
    let titles = apply_titles(engine, text, &words, &mut candidates);
    // Organization-like names: the lowest priority, so any dictionary
    // match of the same span wins, and any longer one too.
    candidates.extend(phrases::find(text, &words).into_iter().map(|p| Candidate {
        start: p.start,
        end: p.end,
        targets: Default::default(),
        priority: i32::MIN / 2,
        title: None,
        named: false,
        phrase: true,
    }));
    let everything = options.explain.then(|| candidates.clone());
    let chosen = overlap::resolve(candidates, options.overlap);

    let mut resolver = Resolver {
        engine,
        text,
        options,
        date: std::cell::OnceCell::new(),
        titles,
        countries: document_countries(engine, &chosen),
        extraction: Extraction {
            mentions: Vec::with_capacity(chosen.len()),
            ..Extraction::default()
        },
        named_index: hashbrown::HashTable::new(),
        // Room for every mention's, so that they never grow.
        surnames: HashMap::with_capacity_and_hasher(chosen.len(), Default::default()),
        full_mentions: HashMap::default(),
    };
    if let Some(everything) = &everything {
        resolver.explain_overlaps(everything, &chosen);
    }
    for candidate in &chosen {
        resolver.resolve(candidate);
    }
    resolver.derived_surnames(&words);
    resolver.finish()
}

/// Finds titles and lets them confirm, extend or create person candidates,
/// which refer to them by their index in the titles returned.
fn apply_titles(
    engine: &Engine,
    text: &str,
    words: &[Word],
    candidates: &mut Vec<Candidate>,
) -> Vec<TitleHit> {
    let mut hits = titles::find(text, words);
    if hits.is_empty() {
        return hits;
    }
    let person_target = |t: &Target| engine.facts.is_person(t.entry as usize);
    let person_candidate = |c: &Candidate| c.targets.iter().any(|(t, _)| person_target(t));
    // Candidates are sorted by start; each title looks only at those that
    // start near it, so the work stays linear in the text.
    let reach = candidates
        .iter()
        .map(|c| c.end - c.start)
        .max()
        .unwrap_or(0)
        + 1;
    let mut added = Vec::new();
    for (index, hit) in hits.iter_mut().enumerate() {
        let title = Some(index as u32);
        let low = candidates.partition_point(|c| c.start + reach < hit.title_start);
        let high = candidates.partition_point(|c| c.start < hit.name_end);
        let candidates = &mut candidates[low..high];
        // The title is part of a longer name ("General Motors", "Prime
        // Minister's Office"): not a title here.
        if candidates
            .iter()
            .any(|c| c.start < hit.title_end && c.end > hit.title_start)
        {
            continue;
        }
        // "European Commission President": the president of an
        // organization is an official.
        if hit.kind == TitleKind::Leader
            && candidates.iter().any(|c| {
                c.end < hit.title_start
                    && text[c.end..hit.title_start].trim().is_empty()
                    && best_type(engine, c) == Some(EntityType::Organization)
            })
        {
            hit.kind = TitleKind::Official;
        }
        // A person entry starting the name: the title confirms it, and a
        // short tail the entry lacks ("Abiy Ahmed Ali") joins the span.
        if let Some(c) = candidates
            .iter_mut()
            .filter(|c| c.start == hit.name_start && c.end <= hit.name_end)
            .filter(|c| c.targets.iter().any(|(t, _)| person_target(t)))
            .max_by_key(|c| c.end)
        {
            let tail_words = text[c.end..hit.name_end].split_whitespace().count();
            if c.end < hit.name_end && tail_words <= 2 && !c.targets.iter().all(|(t, _)| t.short) {
                c.end = hit.name_end;
            }
            c.title = title;
            c.priority = TITLE_PRIORITY;
            continue;
        }
        // A place or organization covering the whole name: not a person
        // ("to head South Korea's delegation").
        if candidates
            .iter()
            .any(|c| c.start <= hit.name_start && c.end >= hit.name_end && !person_candidate(c))
        {
            continue;
        }
        // A person entry ending the name, with the same first name
        // ("President Donald J. Trump"; not "Eduardo Bolsonaro").
        let first_word = text[hit.name_start..hit.name_end]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let same_first_name = |c: &Candidate| {
            c.targets.iter().any(|(t, _)| {
                let entry = &engine.entries()[t.entry as usize];
                is_person(entry) && entry.name.split_whitespace().next() == Some(first_word)
            })
        };
        if let Some(c) = candidates
            .iter()
            .find(|c| c.start > hit.name_start && c.end == hit.name_end && same_first_name(c))
        {
            let mut extended = c.clone();
            extended.start = hit.name_start;
            extended.targets.retain(|(t, _)| person_target(t));
            extended.priority = TITLE_PRIORITY;
            extended.title = title;
            added.push(extended);
            continue;
        }
        added.push(Candidate {
            start: hit.name_start,
            end: hit.name_end,
            targets: Default::default(),
            priority: TITLE_PRIORITY,
            title,
            named: true,
            phrase: false,
        });
    }
    candidates.extend(added);
    hits
}

/// Whether a type names a person: a leader or an official.
fn is_person_type(entity_type: EntityType) -> bool {
    matches!(entity_type, EntityType::Leader | EntityType::Official)
}

fn is_person(entry: &Entry) -> bool {
    is_person_type(entry.entity_type)
}

/// The type of a candidate's best full target.
fn best_type(engine: &Engine, candidate: &Candidate) -> Option<EntityType> {
    candidate
        .targets
        .iter()
        .find(|(t, _)| !t.short)
        .map(|(t, _)| engine.facts.entity_type(t.entry as usize))
}

/// What the context rules ask of each entry, worked out once when the
/// engine is built rather than at every mention: its country as a small
/// number, and the folded surnames a later short mention may use.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Per entry: what the rules read of it for every candidate, 12 bytes
    /// side by side, where the entry itself is a line of cache or more of
    /// its own, with its subtype behind a pointer.
    entries: Vec<EntryFacts>,
    /// Per entry: its surname keys are `surnames[surname_starts[e]..
    /// surname_starts[e + 1]]` (people only).
    surname_starts: Vec<u32>,
    surnames: Vec<Box<str>>,
}

/// What the rules read of an entry for every candidate.
#[derive(Debug, Clone, Copy)]
struct EntryFacts {
    /// An index into the document's countries, or `NO_COUNTRY`.
    country: u32,
    priority: i32,
    entity_type: EntityType,
    /// A landmark or building, which can act as the institution inside.
    building: bool,
    /// A state, region or province, which "state of" before it favours.
    state: bool,
    /// Has a short form, which needs a full mention before it.
    has_short: bool,
}

const NO_COUNTRY: u32 = u32::MAX;

impl Facts {
    pub(super) fn build(entries: &[Entry]) -> Facts {
        let mut countries: HashMap<&str, u32> = HashMap::default();
        let mut facts = Facts {
            entries: Vec::with_capacity(entries.len()),
            surname_starts: Vec::with_capacity(entries.len() + 1),
            surnames: Vec::new(),
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
    fn surnames(entry: &Entry) -> Vec<String> {
        let family_first = entry
            .attributes
            .get("country")
            .is_some_and(|c| FAMILY_NAME_FIRST.contains(&c.as_str()));
        let mut keys: Vec<String> = family_name(&entry.name, family_first).into_iter().collect();
        keys.extend(
            entry
                .aliases
                .iter()
                .filter(|a| a.short)
                .map(|a| crate::engine::normalize::fold_alias(&a.text)),
        );
        keys
    }

    /// An entry's priority.
    pub(super) fn priority(&self, entry: usize) -> i32 {
        self.entries[entry].priority
    }

    fn entity_type(&self, entry: usize) -> EntityType {
        self.entries[entry].entity_type
    }

    fn is_person(&self, entry: usize) -> bool {
        is_person_type(self.entity_type(entry))
    }

    fn surnames_of(&self, entry: usize) -> &[Box<str>] {
        &self.surnames[self.surname_starts[entry] as usize..self.surname_starts[entry + 1] as usize]
    }
}

/// How many unambiguous mentions each country has in the document: the
/// context that settles "Georgia" and "Washington".
fn document_countries(engine: &Engine, chosen: &[Candidate]) -> HashMap<u32, u32> {
    let mut countries = HashMap::default();
    for candidate in chosen {
        let mut full = candidate.targets.iter().filter(|(t, _)| !t.short);
        let (Some((only, _)), None) = (full.next(), full.next()) else {
            continue;
        };
        let country = engine.facts.entries[only.entry as usize].country;
        if country != NO_COUNTRY {
            *countries.entry(country).or_insert(0) += 1;
        }
    }
    countries
}

/// The family name of a person's name: the first word for family-name-first
/// names, else the last (a hyphenated last word stays whole).
fn family_name(name: &str, family_first: bool) -> Option<String> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let last = words.next_back()?;
    let word = if family_first { first } else { last };
    Some(crate::engine::normalize::fold_alias(
        word.trim_end_matches('.'),
    ))
}

/// A full mention a short one may refer to: where it ended, what it was
/// and its type.
type Antecedent = (usize, Referent, EntityType);

struct Resolver<'a> {
    engine: &'a Engine,
    text: &'a str,
    options: &'a Options,
    /// The document's date: [`Options::date`], or today's, read from the
    /// clock only when a rule asks (a title with dated offices).
    date: std::cell::OnceCell<Date>,
    /// The document's titles, which candidates refer to by index.
    titles: Vec<TitleHit>,
    countries: HashMap<u32, u32>,
    extraction: Extraction,
    /// Named entities by id (indices into the extraction's, hashed by
    /// their id), so a name gets one entity per document.
    named_index: hashbrown::HashTable<usize>,
    /// Folded surnames of people mentioned in full: where each full mention
    /// ended, what it was and its type. The keys of dictionary people are
    /// the engine's own, and most surnames have one mention: no allocation
    /// per person.
    surnames: HashMap<Cow<'a, str>, SmallVec<[Antecedent; 1]>>,
    /// Entries with short forms mentioned in full, and where the latest
    /// such mention ended.
    full_mentions: HashMap<usize, usize>,
}

impl<'a> Resolver<'a> {
    fn date(&self) -> Date {
        *self
            .date
            .get_or_init(|| self.options.date.unwrap_or_else(Date::today))
    }

    /// The title before a candidate, if one makes it a person.
    fn title(&self, candidate: &Candidate) -> Option<TitleHit> {
        candidate.title.map(|index| self.titles[index as usize])
    }

    fn entry(&self, index: usize) -> &Entry {
        &self.engine.entries()[index]
    }

    fn explain(&self, build: impl FnOnce() -> String) -> String {
        if self.options.explain {
            build()
        } else {
            String::new()
        }
    }

    /// Records why each candidate that lost an overlap was dropped.
    fn explain_overlaps(&mut self, everything: &[Candidate], chosen: &[Candidate]) {
        let kept = |c: &Candidate| {
            chosen
                .iter()
                .any(|k| k.start == c.start && k.end == c.end && k.named == c.named)
        };
        for candidate in everything.iter().filter(|c| !kept(c)) {
            let Some(referent) = self.referent_guess(candidate) else {
                continue;
            };
            let winner = chosen
                .iter()
                .find(|k| k.start < candidate.end && candidate.start < k.end);
            let reason = match winner {
                Some(w) => format!(
                    "overlapped by {:?} [{}, {})",
                    &self.text[w.start..w.end],
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

    /// The entry a dropped candidate would most likely have been.
    fn referent_guess(&self, candidate: &Candidate) -> Option<Referent> {
        let (target, _) = candidate.targets.first()?;
        Some(Referent::Entry {
            entry: target.entry as usize,
            alias: Some(target.alias as usize),
        })
    }

    fn resolve(&mut self, candidate: &Candidate) {
        if candidate.named {
            return self.resolve_named(candidate);
        }
        if candidate.phrase {
            return self.resolve_phrase(candidate);
        }
        // A short form refers to the latest entity mentioned in full
        // before it that it can stand for.
        let antecedent = candidate
            .targets
            .iter()
            .filter(|(t, _)| t.short)
            .filter_map(|(t, exact)| {
                let end = *self.full_mentions.get(&(t.entry as usize))?;
                (end <= candidate.start).then_some((end, t, *exact))
            })
            .max_by_key(|(end, _, _)| *end);
        if let Some((end, target, exact)) = antecedent {
            let entry = target.entry as usize;
            let entity_type = self.person_type(entry, self.title(candidate).as_ref());
            let why = self.explain(|| {
                format!(
                    "short form {:?} of {}, mentioned in full before [.., {end})",
                    self.entry(entry).aliases[target.alias as usize].text,
                    self.entry(entry).name
                )
            });
            let confidence = if exact { 0.9 } else { 0.8 };
            self.push(
                candidate,
                Referent::Entry {
                    entry,
                    alias: Some(target.alias as usize),
                },
                entity_type,
                confidence,
                MentionSource::Coreference,
                Vec::new(),
                why,
            );
            return;
        }
        let full: SmallVec<[&(Target, bool); 2]> =
            candidate.targets.iter().filter(|(t, _)| !t.short).collect();
        if full.is_empty() {
            return self.resolve_short_without_antecedent(candidate);
        }
        // Score each reading; the document decides, then priors.
        // One reading needs no score.
        let mut scored: SmallVec<[(i64, &Target, bool); 2]> = if full.len() == 1 {
            smallvec::smallvec![(0, &full[0].0, full[0].1)]
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
        let decided_by_context = ambiguous && best_score / 1000 != scored[1].0 / 1000;
        let (entity_type, metonym) = self.mention_type(entry, candidate);
        let confidence: f32 = match (candidate.title.is_some(), ambiguous, exact) {
            (true, _, _) => 0.97,
            (false, false, true) => 0.93,
            (false, false, false) => 0.85,
            (false, true, _) if decided_by_context => 0.9,
            (false, true, true) => 0.85,
            (false, true, false) => 0.75,
        };
        let confidence = if metonym {
            confidence.min(0.85)
        } else {
            confidence
        };
        let why = self.explain(|| {
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
        self.push(
            candidate,
            Referent::Entry {
                entry,
                alias: Some(best.alias as usize),
            },
            entity_type,
            confidence,
            MentionSource::Dictionary,
            alternatives,
            why,
        );
    }

    /// A reading's score: priority first, then the document's countries, a
    /// title before it, and words like "state of" before it.
    fn score(&self, target: &Target, candidate: &Candidate) -> i64 {
        let facts = self.engine.facts.entries[target.entry as usize];
        let mut score = i64::from(facts.priority.clamp(-1000, 1000));
        if let Some(&count) = self.countries.get(&facts.country) {
            score += 1000 * i64::from(count.min(3));
        }
        if let Some(title) = self.title(candidate) {
            if self.engine.facts.is_person(target.entry as usize) {
                let entry = self.entry(target.entry as usize);
                score += 100_000;
                if dates::office_on(entry, self.date()).is_some_and(|office| {
                    office
                        .to_lowercase()
                        .contains(&title.head(self.text).to_lowercase())
                }) {
                    score += 10_000;
                }
            }
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
            score += 100_000;
        }
        score
    }

    /// The type a mention of `entry` takes here: a leader's title makes an
    /// official a leader; a building that acts is an organization.
    fn mention_type(&self, entry: usize, candidate: &Candidate) -> (EntityType, bool) {
        let facts = self.engine.facts.entries[entry];
        if let Some(title) = self.title(candidate) {
            return (self.title_type(facts.entity_type, &title), false);
        }
        if facts.building && self.acts(candidate.start, candidate.end) {
            return (EntityType::Organization, true);
        }
        (facts.entity_type, false)
    }

    fn title_type(&self, entity_type: EntityType, title: &TitleHit) -> EntityType {
        match (entity_type, title.kind) {
            (EntityType::Official, TitleKind::Leader) => EntityType::Leader,
            (t, _) => t,
        }
    }

    fn person_type(&self, entry: usize, title: Option<&TitleHit>) -> EntityType {
        let t = self.engine.facts.entity_type(entry);
        title.map_or(t, |title| self.title_type(t, title))
    }

    /// Whether the words after `end` show a building acting.
    fn acts(&self, start: usize, end: usize) -> bool {
        let rest = &self.text[end..];
        if rest.starts_with("'s") || rest.starts_with("\u{2019}s") {
            return true;
        }
        // "According to the White House": a source, so an institution.
        let mut window = start.saturating_sub(20);
        while !self.text.is_char_boundary(window) {
            window -= 1;
        }
        if self.text[window..start]
            .to_lowercase()
            .ends_with("according to the ")
        {
            return true;
        }
        let next: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        rest.starts_with(' ') && ACTING.contains(&next.as_str())
    }

    /// A short form with no full mention before it counts only after a
    /// title, as the office holder of the document's date.
    fn resolve_short_without_antecedent(&mut self, candidate: &Candidate) {
        let Some(title) = self.title(candidate) else {
            if self.options.explain
                && let Some(referent) = self.referent_guess(candidate)
            {
                self.extraction.dropped.push(Dropped {
                    start: candidate.start,
                    end: candidate.end,
                    referent,
                    reason: "short form with no full mention of its entity before it".into(),
                });
            }
            return;
        };
        let head = title.head(self.text).to_lowercase();
        let best = candidate.targets.iter().map(|(t, _)| t).max_by_key(|t| {
            let entry = self.entry(t.entry as usize);
            let office = dates::office_on(entry, self.date());
            (
                office.is_some_and(|o| o.to_lowercase().contains(&head)),
                office.is_some(),
                entry.priority,
            )
        });
        let Some(target) = best else { return };
        let entry = target.entry as usize;
        let entity_type = self.person_type(entry, Some(&title));
        let why = self.explain(|| {
            format!(
                "short form {:?} after the title {:?}: {} held that office on the document's date",
                self.entry(entry).aliases[target.alias as usize].text,
                title.head(self.text),
                self.entry(entry).name
            )
        });
        let referent = Referent::Entry {
            entry,
            alias: Some(target.alias as usize),
        };
        self.push(
            candidate,
            referent,
            entity_type,
            0.75,
            MentionSource::Dictionary,
            Vec::new(),
            why,
        );
    }

    /// A name after a title that no entry matches: a known person's surname
    /// or a new person.
    fn resolve_named(&mut self, candidate: &Candidate) {
        let Some(title) = self.title(candidate) else {
            return;
        };
        let name = joined_words(&self.text[candidate.start..candidate.end]);
        let folded = crate::engine::normalize::fold_alias(&name);
        if let Some((end, referent, entity_type)) = self.antecedent(&folded, candidate.start) {
            let entity_type = match (entity_type, title.kind) {
                (EntityType::Official, TitleKind::Leader) => EntityType::Leader,
                (t, _) => t,
            };
            let why = self.explain(|| format!("surname after the title {:?}, of the person mentioned in full before [.., {end})", title.head(self.text)));
            self.push(
                candidate,
                referent,
                entity_type,
                0.85,
                MentionSource::Coreference,
                Vec::new(),
                why,
            );
            return;
        }
        let entity_type = match title.kind {
            TitleKind::Leader => EntityType::Leader,
            TitleKind::Official => EntityType::Official,
        };
        let index = self.named_entity(slug("gazette:person/", &folded), &name, entity_type);
        let words = name.split_whitespace().count();
        let confidence = if words >= 2 { 0.85 } else { 0.7 };
        let why = self.explain(|| {
            format!(
                "capitalized name after the title {:?}; not in the dictionary",
                title.head(self.text)
            )
        });
        self.push(
            candidate,
            Referent::Named(index),
            entity_type,
            confidence,
            MentionSource::Title,
            Vec::new(),
            why,
        );
    }

    /// [`Self::antecedent`] for a word as written; ASCII words (most of
    /// them) are looked up without allocating.
    fn surname_antecedent(&self, word: &str, at: usize) -> Option<Antecedent> {
        let mut buffer = [0u8; 32];
        match fold_plain_ascii(word, &mut buffer) {
            Some(folded) => self.antecedent(folded, at),
            None => self.antecedent(&crate::engine::normalize::fold_alias(word), at),
        }
    }

    /// An organization-like name no entry has.
    fn resolve_phrase(&mut self, candidate: &Candidate) {
        let name = joined_words(&self.text[candidate.start..candidate.end]);
        let index = self.named_entity(
            slug("gazette:org/", &crate::engine::normalize::fold_alias(&name)),
            &name,
            EntityType::Organization,
        );
        let why = self.explain(|| {
            "capitalized name ending in an organization's head noun; not in the dictionary".into()
        });
        self.push(
            candidate,
            Referent::Named(index),
            EntityType::Organization,
            0.7,
            MentionSource::Pattern,
            Vec::new(),
            why,
        );
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

    /// The latest person mentioned in full before `at` whose surname is
    /// `folded`.
    fn antecedent(&self, folded: &str, at: usize) -> Option<Antecedent> {
        // Each list is sorted by end: the latest one ending by `at` wins.
        let mentions = self.surnames.get(folded)?;
        let before = mentions.partition_point(|(end, _, _)| *end <= at);
        before.checked_sub(1).map(|i| mentions[i])
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        candidate: &Candidate,
        referent: Referent,
        entity_type: EntityType,
        confidence: f32,
        source: MentionSource,
        alternatives: Vec<usize>,
        explanation: String,
    ) {
        let person = is_person_type(entity_type);
        if source != MentionSource::Coreference && person {
            self.remember_person(referent, entity_type, candidate.end);
        }
        if let Referent::Entry { entry, .. } = referent
            && source != MentionSource::Coreference
            && self.engine.facts.entries[entry].has_short
        {
            self.full_mentions.insert(entry, candidate.end);
        }
        self.extraction.mentions.push(Mention {
            start: trimmed_start(self.text, candidate.start, candidate.end, person),
            end: candidate.end,
            referent,
            entity_type,
            confidence,
            source,
            alternatives,
            explanation,
        });
    }

    /// Registers the surnames a later short mention of this person may use.
    fn remember_person(&mut self, referent: Referent, entity_type: EntityType, end: usize) {
        let engine = self.engine;
        let mut remember = |key: Cow<'a, str>| match self.surnames.get_mut(&*key) {
            Some(list) => list.push((end, referent, entity_type)),
            None => {
                self.surnames
                    .insert(key, smallvec::smallvec![(end, referent, entity_type)]);
            }
        };
        match referent {
            Referent::Entry { entry, .. } if engine.facts.is_person(entry) => {
                for key in engine.facts.surnames_of(entry) {
                    remember(Cow::Borrowed(key));
                }
            }
            // An entry of another type that a title made a person.
            Referent::Entry { entry, .. } => {
                for key in Facts::surnames(&engine.entries()[entry]) {
                    remember(Cow::Owned(key));
                }
            }
            Referent::Named(index) => {
                let name = &self.extraction.named[index].name;
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
            }
        }
    }

    /// Later capitalized mentions of a surname of someone mentioned in full
    /// ("Takht-Ravanchi said"), when the dictionary does not list it.
    fn derived_surnames(&mut self, words: &[Word]) {
        if self.surnames.is_empty() {
            return;
        }
        sort_by_span(&mut self.extraction.mentions, |m| (m.start, m.end));
        let text = self.text;
        let mut found = Vec::new();
        let mentions = &self.extraction.mentions;
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
            {
                let explanation = self.explain(|| {
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
                    confidence: 0.9,
                    source: MentionSource::Coreference,
                    alternatives: Vec::new(),
                    explanation,
                });
            }
        }
        self.extraction.mentions.extend(found);
    }

    /// Applies the filters and puts mentions in text order.
    fn finish(mut self) -> Extraction {
        let options = self.options;
        let mut dropped = Vec::new();
        self.extraction.mentions.retain(|m| {
            let reason = if m.confidence < options.min_confidence {
                Some(format!(
                    "confidence {:.2} below min_confidence {:.2}",
                    m.confidence, options.min_confidence
                ))
            } else if options.types != 0 && options.types & m.entity_type.bit() == 0 {
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
        self.extraction
    }
}

/// Honorifics that precede a name but are not part of it.
const HONORIFICS: &[&str] = &[
    "Sir ",
    "Dame ",
    "Dr. ",
    "Dr ",
    "Mr. ",
    "Mr ",
    "Mrs. ",
    "Mrs ",
    "Ms. ",
    "Ms ",
    "Lord ",
    "Lady ",
    "Prof. ",
    "Professor ",
    "Hon. ",
    "The Honourable ",
    "the Honourable ",
    "The Honorable ",
    "the Honorable ",
    "H.E. ",
];

/// Where a mention really starts: a lower-case "the" ("the Netherlands")
/// and, for people, honorifics ("Sir Keir Starmer") are not part of it.
fn trimmed_start(text: &str, mut start: usize, end: usize, person: bool) -> usize {
    loop {
        let rest = &text[start..end];
        let skip = if let Some(after) = rest.strip_prefix("the ") {
            Some(rest.len() - after.len())
        } else if person {
            HONORIFICS
                .iter()
                .find(|h| rest.starts_with(**h))
                .map(|h| h.len())
        } else {
            None
        };
        match skip {
            Some(n) if start + n < end => start += n,
            _ => return start,
        }
    }
}

/// [`normalize::fold_alias`](crate::engine::normalize::fold_alias) of a
/// plain ASCII word of up to 32 bytes, in `buffer`: folding lower-cases it
/// and turns hyphens into spaces. `None` for other words, and for odd ones
/// (periods, leading, trailing or doubled hyphens), which need the full fold.
fn fold_plain_ascii<'b>(word: &str, buffer: &'b mut [u8; 32]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if !word.is_ascii() || bytes.len() > buffer.len() {
        return None;
    }
    // A space before the first byte: a leading one is odd too.
    let mut previous = b' ';
    let mut plain = true;
    for (slot, &byte) in buffer.iter_mut().zip(bytes) {
        let folded = if byte == b'-' {
            b' '
        } else {
            byte.to_ascii_lowercase()
        };
        plain &= folded != b'.' && !(folded == b' ' && previous == b' ');
        previous = folded;
        *slot = folded;
    }
    if !plain || previous == b' ' {
        return None;
    }
    std::str::from_utf8(&buffer[..bytes.len()]).ok()
}

/// Sorts `items` by their span, stably, unless they already are in order
/// (mostly so): a stable sort allocates its buffer before it looks.
pub(super) fn sort_by_span<T>(items: &mut [T], span: impl Fn(&T) -> (usize, usize)) {
    if !items.is_sorted_by_key(&span) {
        items.sort_by_key(span);
    }
}

/// Whether `text` lower-cased ends with `suffix`, lower-case ASCII letters
/// and spaces, without lower-casing it. Besides ASCII letters, only the
/// Kelvin sign lower-cases to a lone ASCII letter ("k", kept out of
/// `suffix`); "İ" gives "i" and a combining mark, which no suffix here can
/// match across.
fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    debug_assert!(
        !suffix.contains('k') && suffix.bytes().all(|b| b == b' ' || b.is_ascii_lowercase())
    );
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether `text[start..end]`, the gap between two words, is the one byte
/// `byte`.
pub(super) fn gap_is(text: &str, start: usize, end: usize, byte: u8) -> bool {
    end == start + 1 && text.as_bytes()[start] == byte
}

/// `prefix` then the slug of `folded`: `Majid Takht-Ravanchi` →
/// `majid-takht-ravanchi`, each run of other characters one hyphen, none
/// at either end.
fn slug(prefix: &str, folded: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + folded.len());
    id.push_str(prefix);
    // Other characters since the last letter or digit, if any came before.
    let mut gap = false;
    for c in folded.chars() {
        if !c.is_alphanumeric() {
            gap = id.len() > prefix.len();
            continue;
        }
        if gap {
            id.push('-');
            gap = false;
        }
        id.push(c);
    }
    id
}

/// The words of `span` joined by single spaces, borrowed when they already
/// are (almost always).
fn joined_words(span: &str) -> Cow<'_, str> {
    if span
        .split(' ')
        .all(|word| !word.is_empty() && !word.contains(char::is_whitespace))
    {
        Cow::Borrowed(span)
    } else {
        Cow::Owned(span.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::normalize::{fold_alias, has_double_space};

    #[test]
    fn plain_ascii_words_fold_as_aliases_do() {
        let words = [
            "Takht-Ravanchi",
            "TRUMP",
            "al-Sisi",
            "Ould-Cheikh-Ahmed",
            "x",
            "-Lead",
            "Trail-",
            "Double--Hyphen",
            "St.",
            "A.B",
            "two words",
            "two  spaces",
            "Erdoğan",
            "Abcdefghijklmnopqrstuvwxyz-abcde",
            "Abcdefghijklmnopqrstuvwxyz-abcdef",
        ];
        let mut plain = 0;
        for word in words {
            let mut buffer = [0u8; 32];
            if let Some(folded) = fold_plain_ascii(word, &mut buffer) {
                assert_eq!(folded, fold_alias(word), "{word:?}");
                plain += 1;
            }
        }
        // The first five, "two words" and the 32-byte word: not the odd
        // ones, the non-ASCII one or the 33-byte one.
        assert_eq!(plain, 7);
    }

    #[test]
    fn suffixes_match_as_after_lower_casing() {
        for text in [
            "the State of",
            "STATE OF",
            "in the province of",
            "Province Of",
            "estate of",
            "statE  of",
            "İstate of",
            "state ofİ",
            "ſtate of",
            "",
            "of",
        ] {
            for suffix in ["state of", "province of"] {
                assert_eq!(
                    ends_with_ignoring_case(text, suffix),
                    text.to_lowercase().ends_with(suffix),
                    "{text:?} {suffix:?}"
                );
            }
        }
    }

    #[test]
    fn slugs_and_joined_words_are_what_they_were() {
        fn slug_as_it_was(folded: &str) -> String {
            let mut slug = String::with_capacity(folded.len());
            for c in folded.chars() {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            slug.trim_matches('-').to_string()
        }
        for text in [
            "majid takht ravanchi",
            "  a..b  ",
            "-x-",
            "",
            "--",
            "erdoğan's party",
            "o'neil  & co.",
            "x",
        ] {
            assert_eq!(
                slug("p/", text),
                format!("p/{}", slug_as_it_was(text)),
                "{text:?}"
            );
        }
        for span in [
            "Wang Yi",
            "Wang  Yi",
            " Wang Yi",
            "Wang Yi ",
            "Wang\nYi",
            "Wang\u{a0}Yi",
            "Yi",
            "",
        ] {
            let joined = span.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(joined_words(span), joined, "{span:?}");
        }
    }

    #[test]
    fn double_spaces_are_found_anywhere() {
        for (text, expected) in [
            ("", false),
            (" ", false),
            ("  ", true),
            ("a b c", false),
            ("a  b", true),
            ("ab  ", true),
            ("é  ü", true),
        ] {
            assert_eq!(has_double_space(text), expected, "{text:?}");
            assert_eq!(has_double_space(text), text.contains("  "), "{text:?}");
        }
    }
}
