//! The rules: from the scan's candidates to an extraction, in this order.
//!
//! 1. [`titles`]: titles before names confirm, extend or create person
//!    candidates ("Prime Minister Shigeru Ishiba").
//! 2. [`phrases`]: organization-like names the dictionary lacks become
//!    candidates of the lowest priority ("Ministry of Defence").
//! 3. [`overlap`]: the overlap policy keeps some of the candidates.
//! 4. [`resolver`]: each kept candidate, in text order, becomes a mention:
//!    [`readings`] choose among the entries sharing an alias and give the
//!    confidence; [`coreference`] resolves short forms and surnames
//!    against the full mentions before them.
//! 5. The caller's filters (types, confidence, the mention limit).
//!
//! Every rule is cheap (one pass over the document's words, plus work per
//! candidate) and reads the entries' [`Facts`](super::facts::Facts) rather
//! than the entries themselves wherever a candidate is checked.

mod coreference;
pub(crate) mod overlap;
mod phrases;
mod readings;
mod resolver;
mod titles;

use super::extraction::{Extraction, Options};
use super::facts::Known;
use super::lexicon::{
    DEMONYM, FUNCTION, GOVERNMENT_HEADS, HONORIFIC, LAST_HEADS, LEGAL_SUFFIXES, NAME_PREFIX,
    NOT_NAME, PARTICLE, TITLE_WORD,
};
use super::scan::{Candidate, Kind, Scanned, best_type};
use super::words::{Word, ends_with_ignoring_case, fold_word, words};
use crate::dictionary::EntityType;
use phrases::{Phrase, shouted};
use readings::Document;
use resolver::Resolver;
use smallvec::SmallVec;

/// Priority of an organization pattern's candidate: the lowest, so any
/// dictionary match of the same span wins, and any longer one too.
const PHRASE_PRIORITY: i32 = i32::MIN / 2;

/// Turns the scan's candidates into the extraction.
pub(crate) fn resolve(
    known: Known<'_>,
    text: &str,
    scanned: Scanned,
    options: &Options,
) -> Extraction {
    let mut candidates = scanned.candidates;
    let words = scanned.words.unwrap_or_else(|| words(text));
    drop_shouted_words(text, &words, &mut candidates);
    drop_lone_letters(known, text, &mut candidates);
    drop_inside_izafat(text, &mut candidates);
    drop_inside_longer_names(known, text, &words, &mut candidates);
    // The dictionary's places and names, in text order, before titles add
    // theirs.
    let countries: Vec<(usize, usize)> = spans_of(known, &candidates, Some(EntityType::Place));
    let names: Vec<(usize, usize)> = spans_of(known, &candidates, None);
    let titles = titles::apply(known, text, &words, &mut candidates);
    if options.filter.is_active() {
        keep_filtered(known, &mut candidates, options);
    }
    // Organization patterns have no entry, so no country or dictionary: a
    // filter keeps none.
    let mut phrases = if options.filter.is_active() {
        Vec::new()
    } else {
        phrases::find(text, &words)
    };
    for phrase in &mut phrases {
        trim_phrase(text, &countries, &names, phrase);
    }
    let bodies = spans_of(known, &candidates, Some(EntityType::Organization));
    phrases.retain_mut(|phrase| around_known_body(text, &bodies, phrase));
    let split = split_country_before_body(known, text, &countries, &mut candidates);
    // The pattern that found the same name again does not undo the split.
    if !split.is_empty() {
        phrases.retain(|p| !split.contains(&(p.start, p.end)));
    }
    split_place_before_its_country(known, text, &mut candidates);
    // Like organization patterns, place names have no entry.
    if !options.filter.is_active() {
        place_names(known, text, &mut candidates);
    }
    for candidate in &mut candidates {
        if candidate.kind == Kind::Alias
            && best_type(known.facts, candidate) == Some(EntityType::Organization)
        {
            candidate.end = with_legal_suffix(text, candidate.end);
        }
    }
    for phrase in &mut phrases {
        phrase.end = with_legal_suffix(text, phrase.end);
    }
    candidates.extend(phrases.into_iter().map(|p| Candidate {
        start: p.start,
        end: p.end,
        targets: Default::default(),
        priority: PHRASE_PRIORITY,
        title: None,
        kind: Kind::Phrase,
    }));
    let everything = options.explain.then(|| candidates.clone());
    let chosen = overlap::resolve(candidates, options.overlap);

    let document = Document::new(known, text, options, titles, &chosen);
    let mut resolver = Resolver::new(document, chosen.len());
    if let Some(everything) = &everything {
        resolver.explain_overlaps(everything, &chosen);
    }
    for candidate in &chosen {
        resolver.resolve(candidate);
    }
    resolver.finish(&words)
}

/// Keeps the candidates' targets that `options.filter` keeps, and the
/// candidates left with one, before overlaps are resolved (names after a
/// title with no entry have no target, so none is kept).
fn keep_filtered(known: Known<'_>, candidates: &mut Vec<Candidate>, options: &Options) {
    candidates.retain_mut(|c| {
        let best = c.targets.first().map(|(t, _)| t.entry);
        c.targets
            .retain(|(t, _)| known.filters.keeps(&options.filter, t.entry as usize));
        let Some((first, _)) = c.targets.first() else {
            return false;
        };
        if c.title.is_none() && Some(first.entry) != best {
            c.priority = known.facts.priority(first.entry as usize);
        }
        true
    });
}

/// The spans of the alias candidates in text order: of every type; with
/// `Some(EntityType::Place)`, of countries only; with
/// `Some(EntityType::Organization)`, of organizations only.
fn spans_of(
    known: Known<'_>,
    candidates: &[Candidate],
    only: Option<EntityType>,
) -> Vec<(usize, usize)> {
    let of_kind = |c: &Candidate| {
        c.targets
            .iter()
            .find(|(t, _)| !t.short)
            .is_some_and(|(t, _)| {
                let entry = &known.entries[t.entry as usize];
                match only {
                    Some(EntityType::Place) => {
                        entry.entity_type == EntityType::Place && &*entry.subtype == "country"
                    }
                    Some(other) => entry.entity_type == other,
                    None => true,
                }
            })
    };
    candidates
        .iter()
        .filter(|c| c.kind == Kind::Alias)
        .filter(|c| only.is_none() || of_kind(c))
        .map(|c| (c.start, c.end))
        .collect()
}

/// Words that restate a known body's kind after its name: "NATO
/// Alliance" is NATO.
const RESTATING_HEADS: &[&str] = &["alliance", "bloc", "organization", "organisation"];

/// An organization pattern never swallows a known body (`bodies`, the
/// organizations' spans): "NATO Alliance" is NATO alone, and "Spring
/// Meetings of the World Bank Group" is the World Bank Group, with the
/// words before its "of" kept only when they name a body of their own
/// ("Ministry of Health of the Palestinian Authority"). Returns whether
/// the phrase stays.
fn around_known_body(text: &str, bodies: &[(usize, usize)], phrase: &mut Phrase) -> bool {
    if let Some(end) = longest_at(bodies, phrase.start, phrase.end)
        && let Some(rest) = text[end..phrase.end].strip_prefix(' ')
        && RESTATING_HEADS.iter().any(|h| rest.eq_ignore_ascii_case(h))
    {
        return false;
    }
    let from = bodies.partition_point(|&(s, _)| s <= phrase.start);
    let inner = bodies[from..]
        .iter()
        .take_while(|&&(s, _)| s < phrase.end)
        .find(|&&(_, e)| e == phrase.end);
    let Some(&(body_start, _)) = inner else {
        return true;
    };
    let before = &text[phrase.start..body_start];
    let Some(name) = before
        .strip_suffix(" of the ")
        .or_else(|| before.strip_suffix(" of "))
    else {
        return true;
    };
    phrase.end = phrase.start + name.len();
    ends_with_one_of(name, LAST_HEADS)
}

/// The longest span of `spans` (sorted by start) that starts at `start`
/// and ends before `before`.
fn longest_at(spans: &[(usize, usize)], start: usize, before: usize) -> Option<usize> {
    let from = spans.partition_point(|&(s, _)| s < start);
    spans[from..]
        .iter()
        .take_while(|&&(s, _)| s == start)
        .filter(|&&(_, e)| e < before)
        .map(|&(_, e)| e)
        .max()
}

/// An organization pattern never swallows a known name before "and" or
/// "&" ("Trump and Acme Corporation" is Trump, then Acme Corporation), and
/// a country before a government body is a place of its own ("US Labor
/// Department" is US, then Labor Department).
fn trim_phrase(
    text: &str,
    places: &[(usize, usize)],
    names: &[(usize, usize)],
    phrase: &mut Phrase,
) {
    if let Some(end) = longest_at(names, phrase.start, phrase.end) {
        let rest = &text[end..phrase.end];
        let after = rest
            .strip_prefix(" and ")
            .or_else(|| rest.strip_prefix(" & "))
            .map(|r| r.strip_prefix("the ").unwrap_or(r));
        if let Some(after) = after
            && !after.is_empty()
        {
            phrase.start = phrase.end - after.len();
            return;
        }
    }
    if let Some(end) = longest_at(places, phrase.start, phrase.end)
        && text[end..].starts_with(' ')
        && ends_with_government_head(&text[phrase.start..phrase.end])
    {
        phrase.start = end + 1;
    }
}

/// Whether the last word of `name` is a government body's head noun.
fn ends_with_government_head(name: &str) -> bool {
    ends_with_one_of(name, GOVERNMENT_HEADS)
}

/// Whether the last word of `name` is one of `heads`, in any case.
fn ends_with_one_of(name: &str, heads: &[&str]) -> bool {
    let bytes = name.as_bytes();
    heads.iter().any(|head| {
        let start = bytes.len().wrapping_sub(head.len());
        bytes.len() >= head.len()
            && (start == 0 || bytes[start - 1] == b' ')
            && bytes[start..].eq_ignore_ascii_case(head.as_bytes())
    })
}

/// A dictionary organization written with a country before a government
/// body ("US Navy", "U.S. Supreme Court") is the place, then the body; so
/// is a state or province before its chamber ("Texas House", "Ohio
/// Senate"). A body of a state named otherwise keeps its name ("Western
/// Cape High Court", "New York City Council").
/// Returns the spans the split names had.
fn split_country_before_body(
    known: Known<'_>,
    text: &str,
    places: &[(usize, usize)],
    candidates: &mut [Candidate],
) -> SmallVec<[(usize, usize); 2]> {
    let mut split = SmallVec::new();
    let region_at = |candidates: &[Candidate], start: usize, before: usize| {
        let from = candidates.partition_point(|c| c.start < start);
        candidates[from..]
            .iter()
            .take_while(|c| c.start == start)
            .filter(|c| c.kind == Kind::Alias && c.end < before)
            .filter(|c| {
                c.targets
                    .iter()
                    .find(|(t, _)| !t.short)
                    .is_some_and(|(t, _)| {
                        let entry = &known.entries[t.entry as usize];
                        entry.entity_type == EntityType::Place
                            && matches!(&*entry.subtype, "region" | "state" | "province")
                    })
            })
            .map(|c| c.end)
            .max()
    };
    for i in 0..candidates.len() {
        let candidate = &candidates[i];
        if candidate.kind != Kind::Alias {
            continue;
        }
        let name = &text[candidate.start..candidate.end];
        let end = longest_at(places, candidate.start, candidate.end)
            .filter(|_| ends_with_government_head(name))
            .or_else(|| {
                ends_with_one_of(name, CHAMBERS)
                    .then(|| region_at(candidates, candidate.start, candidate.end))
                    .flatten()
            })
            .filter(|_| best_type(known.facts, candidate) == Some(EntityType::Organization));
        if let Some(end) = end
            && text[end..].starts_with(' ')
        {
            split.push((candidates[i].start, candidates[i].end));
            candidates[i].start = end + 1;
        }
    }
    split
}

/// The chambers a state's or province's name stands before.
const CHAMBERS: &[&str] = &["house", "senate", "legislature"];

/// A place's name qualified by its state or country ("Kerr County,
/// Texas", "Birmingham, Alabama") is two mentions, as news readers count
/// them: the place, then the state or country, which is a candidate of its
/// own. A name whose part after the comma is the same entity ("Washington,
/// D.C.") stays whole.
fn split_place_before_its_country(known: Known<'_>, text: &str, candidates: &mut Vec<Candidate>) {
    let place_of = |c: &Candidate| {
        c.targets
            .iter()
            .find(|(t, _)| !t.short)
            .filter(|(t, _)| known.facts.entity_type(t.entry as usize) == EntityType::Place)
            .map(|(t, _)| t.entry)
    };
    let mut cuts: SmallVec<[(usize, usize, usize); 2]> = SmallVec::new();
    for i in 0..candidates.len() {
        let c = &candidates[i];
        if c.kind != Kind::Alias {
            continue;
        }
        let Some(comma) = memchr::memmem::find(&text.as_bytes()[c.start..c.end], b", ") else {
            continue;
        };
        let Some(whole) = place_of(c) else {
            continue;
        };
        let (after, end) = (c.start + comma + 2, c.end);
        let from = candidates.partition_point(|o| o.start < after);
        let other_place = candidates[from..]
            .iter()
            .take_while(|o| o.start == after)
            .any(|o| {
                o.end == end && o.kind == Kind::Alias && place_of(o).is_some_and(|e| e != whole)
            });
        if other_place {
            let cut = c.start + comma;
            candidates[i].end = cut;
            cuts.push((i, candidates[i].start, cut));
        }
    }
    // The qualified name says which place the bare one is: "Birmingham,
    // Alabama" is not the bigger Birmingham.
    let mut beaten: SmallVec<[usize; 2]> = SmallVec::new();
    for (i, start, end) in cuts {
        let from = candidates.partition_point(|o| o.start < start);
        beaten.extend(
            (from..candidates.len())
                .take_while(|&j| candidates[j].start == start)
                .filter(|&j| {
                    j != i && candidates[j].kind == Kind::Alias && candidates[j].end == end
                }),
        );
    }
    beaten.sort_unstable();
    beaten.dedup();
    remove_at(candidates, &beaten);
}

/// Administrative words after a place's name that belong to it: "Damboa
/// Local Government Area" is Damboa.
const PLACE_SUFFIXES: &[&str] = &[
    "Local Government Area",
    "LGA",
    "District",
    "Province",
    "Governorate",
    "Prefecture",
    "Region",
];

/// Directions after a place's name that name a part of it: "Borno
/// North", a senatorial district.
const DIRECTIONS_AFTER: &[&str] = &["North", "South", "East", "West", "Central"];

/// Directions and landforms before a place's name that name another
/// place: "Central Virginia", "Mt. Kenya".
const WORDS_BEFORE_PLACES: &[&str] = &[
    "Central",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Northeastern",
    "Northwestern",
    "Southeastern",
    "Southwestern",
    "Mount",
    "Mt.",
    "Mt",
];

/// A dictionary place with an administrative word after it takes the
/// word into its span ("Damboa Local Government Area"); with a direction
/// after it ("Borno North") or a direction or "Mount" before it ("Central
/// Virginia", "Mt. Kenya") it is a place of its own, a candidate of the
/// lowest priority, so that an entry of the longer name wins.
fn place_names(known: Known<'_>, text: &str, candidates: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let ends_word = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
    let mut found: SmallVec<[(usize, usize); 2]> = SmallVec::new();
    let mut extended = false;
    for i in 0..candidates.len() {
        let c = &candidates[i];
        if c.kind != Kind::Alias || best_type(known.facts, c) != Some(EntityType::Place) {
            continue;
        }
        let (start, end) = (c.start, c.end);
        let after = |words: &'static [&'static str]| {
            let rest = text[end..].strip_prefix(' ')?;
            words
                .iter()
                .find(|w| rest.starts_with(**w) && ends_word(end + 1 + w.len()))
                .map(|w| end + 1 + w.len())
        };
        if let Some(longer) = after(PLACE_SUFFIXES)
            && !candidates
                .iter()
                .any(|o| o.start == start && o.end == longer)
        {
            candidates[i].end = longer;
            extended = true;
            continue;
        }
        // "Borno North, Mohammed": not "Borno North Senatorial District".
        let name_after = |at: usize| {
            text[at..]
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(char::is_uppercase))
        };
        if let Some(longer) = after(DIRECTIONS_AFTER)
            && !name_after(longer)
        {
            found.push((start, longer));
            continue;
        }
        let before = &text[..start];
        if let Some(word) = WORDS_BEFORE_PLACES.iter().find(|w| {
            before
                .strip_suffix(' ')
                .and_then(|b| b.strip_suffix(**w))
                .is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric()))
        }) {
            found.push((start - 1 - word.len(), end));
        }
    }
    if found.is_empty() && !extended {
        return;
    }
    candidates.extend(found.into_iter().map(|(start, end)| Candidate {
        start,
        end,
        targets: Default::default(),
        priority: PHRASE_PRIORITY,
        title: None,
        kind: Kind::PlaceName,
    }));
    candidates.sort_by_key(|c| (c.start, c.end));
}

/// `end`, or the end of a legal suffix written right after it ("Toyota
/// Motor Corp.").
fn with_legal_suffix(text: &str, end: usize) -> usize {
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return end;
    };
    let Some(&first) = rest.as_bytes().first() else {
        return end;
    };
    // A first byte of none of them ends the look without a comparison of
    // strings.
    for suffix in LEGAL_SUFFIXES.iter().filter(|s| s.as_bytes()[0] == first) {
        if let Some(after) = rest.strip_prefix(suffix)
            && !after.starts_with(|c: char| c.is_alphanumeric())
        {
            return end + 1 + suffix.len();
        }
    }
    end
}

/// Drops a person's alias right after another capitalized given name of
/// the dictionary's people that is no part of that person's names: "Ahmad
/// Ali Khan" is another person than Ali Khan, "Mark Johnson" than Boris
/// Johnson. Honorifics, titles, demonyms and name prefixes ("Muhammad
/// Nawaz Sharif") before a name do not count.
fn drop_inside_longer_names(
    known: Known<'_>,
    text: &str,
    words: &[Word],
    candidates: &mut Vec<Candidate>,
) {
    let not_given = FUNCTION | TITLE_WORD | HONORIFIC | NAME_PREFIX | DEMONYM | NOT_NAME | PARTICLE;
    let persons_of = |c: &Candidate| -> SmallVec<[usize; 2]> {
        c.targets
            .iter()
            .map(|(t, _)| t.entry as usize)
            .filter(|&e| known.facts.is_person(e))
            .collect()
    };
    let mut drop: SmallVec<[usize; 4]> = SmallVec::new();
    let bytes = text.as_bytes();
    let end_of_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    for (i, c) in candidates.iter().enumerate() {
        // Only a word right before, one space away, can be a given name.
        if c.start < 2 || bytes[c.start - 1] != b' ' || !end_of_word(bytes[c.start - 2]) {
            continue;
        }
        let index = words.partition_point(|w| w.start < c.start);
        let Some(&before) = index.checked_sub(1).and_then(|i| words.get(i)) else {
            continue;
        };
        if !before.capitalized || before.is(not_given) || before.end + 1 != c.start {
            continue;
        }
        let persons = persons_of(c);
        if persons.is_empty() {
            continue;
        }
        // A candidate of the same person from the word before ("Donald
        // Trump" around "Trump") is that person's own longer name.
        let from = candidates.partition_point(|o| o.start < before.start);
        let own_longer = candidates[from..]
            .iter()
            .take_while(|o| o.start == before.start)
            .any(|o| o.end >= c.end && persons_of(o).iter().any(|e| persons.contains(e)));
        if own_longer {
            continue;
        }
        let mut buffer = [0u8; 32];
        let folded = fold_word(&text[before.start..before.end], &mut buffer);
        if !known.facts.is_given_name(&folded) {
            continue;
        }
        // The person's own names ("Donald" before "Trump") keep it.
        let own = persons.iter().any(|&e| {
            known.entries[e].aliases.iter().any(|a| {
                a.text
                    .split_whitespace()
                    .any(|w| fold_word(w, &mut [0u8; 32]) == folded)
            })
        });
        if !own {
            drop.push(i);
        }
    }
    remove_at(candidates, &drop);
}

/// Removes the candidates at `indices`, which are sorted and distinct.
fn remove_at(candidates: &mut Vec<Candidate>, indices: &[usize]) {
    if indices.is_empty() {
        return;
    }
    let mut index = 0;
    let mut next = indices.iter().peekable();
    candidates.retain(|_| {
        let keep = next.peek() != Some(&&index);
        if !keep {
            next.next();
        }
        index += 1;
        keep
    });
}

/// Drops a match joined to another word by the izafat of Urdu and Persian
/// names, "-e-" or "-i-" ("Marka-e-Haq", "Tehreek-e-Insaf"): it is a part
/// of the longer name, which an alias of its own matches whole.
fn drop_inside_izafat(text: &str, candidates: &mut Vec<Candidate>) {
    let izafat = |s: &str| s.starts_with("-e-") || s.starts_with("-i-");
    candidates.retain(|c| {
        let after = &text[c.end..];
        let before = &text[..c.start];
        let joined_after = izafat(after) && after[3..].starts_with(char::is_alphabetic);
        let joined_before = (before.ends_with("-e-") || before.ends_with("-i-"))
            && before[..before.len() - 3].ends_with(char::is_alphabetic);
        !(joined_after || joined_before)
    });
}

/// Drops an organization's one-letter alias ("X", the platform) except
/// where news names a platform: after "on" or "via" ("said on X", "via
/// X"), and before no letter, digit or hyphen ("X-ray"). Other types keep
/// theirs (a user's programming language "R").
fn drop_lone_letters(known: Known<'_>, text: &str, candidates: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    candidates.retain(|c| {
        if c.end - c.start != 1 || best_type(known.facts, c) != Some(EntityType::Organization) {
            return true;
        }
        let before = &text[..c.start];
        let after_word = |word: &str| {
            ends_with_ignoring_case(before, word)
                && before[..before.len() - word.len()]
                    .bytes()
                    .next_back()
                    .is_none_or(|b| b == b' ' || b == b'\n')
        };
        let next = bytes.get(c.end).copied();
        (after_word("on ") || after_word("via "))
            && next.is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'-')
    });
}

/// Drops acronyms that are everyday words ("WHO") inside a run of
/// capitals ("ANY OTHER PARTY WHO MODIFIES"): legal prose, not news.
fn drop_shouted_words(text: &str, words: &[Word], candidates: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    candidates.retain(|c| {
        // A lower-case second letter is no run of capitals: most
        // candidates are kept at this look.
        if c.end - c.start < 2 || bytes[c.start + 1].is_ascii_lowercase() {
            return true;
        }
        let index = words.partition_point(|w| w.start < c.start);
        let Some(&word) = words.get(index) else {
            return true;
        };
        if word.start != c.start || word.end != c.end || !word.is(FUNCTION) || !shouted(text, word)
        {
            return true;
        }
        let shouted_at = |i: Option<usize>| {
            i.and_then(|i| words.get(i))
                .is_some_and(|&w| shouted(text, w))
        };
        !(shouted_at(index.checked_sub(1)) && shouted_at(Some(index + 1)))
    });
}
