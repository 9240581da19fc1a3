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
use super::scan::{Candidate, Kind, Scanned};
use super::words::words;
use readings::Document;
use resolver::Resolver;

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
    let titles = titles::apply(known, text, &words, &mut candidates);
    if options.filter.is_active() {
        keep_filtered(known, &mut candidates, options);
    }
    // Organization patterns have no entry, so no country or dictionary: a
    // filter keeps none.
    let phrases = if options.filter.is_active() {
        Vec::new()
    } else {
        phrases::find(text, &words)
    };
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
