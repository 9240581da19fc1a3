//! Titles before names: "Prime Minister Shigeru Ishiba", "Foreign Minister
//! Wang Yi", "Deputy Foreign Minister Majid Takht-Ravanchi".
//!
//! A title makes the capitalized name after it a person: a leader for the
//! titles of heads of state and government, an official for the others.
//! The name span never includes the title. Only the title's head word
//! decides its kind ("Foreign *Minister*"), with "Prime", "Deputy" and
//! "Vice" before it, and an organization before "President" ("European
//! Commission President"), adjusting it. [`apply`] then lets each title
//! confirm, extend or create the person candidate after it.

use crate::dictionary::EntityType;
use crate::engine::facts::{Known, is_person};
pub(crate) use crate::engine::lexicon::TitleKind;
use crate::engine::lexicon::{
    ABBREVIATION, ABBREVIATIONS, AND, DEMONYM, DEPARTMENT, DEPUTY, FUNCTION, HONORIFIC,
    HONORIFIC_PAIRS, HONOURABLE, LEADER_HEAD, LEADER_HEADS, LEADER_PAIRS, LOWER_NOT_TITLE,
    NAME_PREFIX, NOT_NAME, OF_FOR, OFFICIAL_HEAD, OFFICIAL_HEADS, PAIR_FIRST, PARTICLE, PORTFOLIO,
    QUALIFIER, THE, TITLE_START, TITLE_WORD,
};
use crate::engine::scan::{Candidate, Kind, Target, best_type};
use crate::engine::words::{Word, as_str, gap, is_space, lower, word_len};

/// Priority of a span made or confirmed by a title: it beats an equally
/// long dictionary match ("Governor Jordan" is a person).
const TITLE_PRIORITY: i32 = i32::MAX / 2;

/// A title followed by a name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitleHit {
    /// Where the title starts (its first word, qualifiers included).
    pub(crate) title_start: usize,
    /// Where the title's head word ends.
    pub(crate) title_end: usize,
    /// Where the head word ("Minister") starts and ends: see
    /// [`TitleHit::head`].
    pub(crate) head: (usize, usize),
    /// The kind the title gives.
    pub(crate) kind: TitleKind,
    /// The name after it: start and end byte offsets.
    pub(crate) name_start: usize,
    /// End of the name (exclusive).
    pub(crate) name_end: usize,
}

impl TitleHit {
    /// The head word as written in `text`, the text it was found in.
    pub(crate) fn head<'t>(&self, text: &'t str) -> &'t str {
        &text[self.head.0..self.head.1]
    }
}

/// The most words a name after a title may have.
const MAX_NAME_WORDS: usize = 5;

/// Finds titles and lets them confirm, extend or create person candidates,
/// which refer to them by their index in the titles returned.
pub(crate) fn apply(
    known: Known<'_>,
    text: &str,
    words: &[Word],
    candidates: &mut Vec<Candidate>,
) -> Vec<TitleHit> {
    let mut hits = find(text, words);
    if hits.is_empty() {
        return hits;
    }
    let person_target = |t: &Target| known.facts.is_person(t.entry as usize);
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
                    && best_type(known.facts, c) == Some(EntityType::Organization)
            })
        {
            hit.kind = TitleKind::Official;
        }
        // A person entry starting the name: the title confirms it, and a
        // short tail the entry lacks ("Abiy Ahmed Ali") joins the span.
        // A one-word alias is a name part, not the whole name: "Minister
        // Kim Min-seok" is not the dictionary's "Kim" (Kim Jong Un).
        if let Some(c) = candidates
            .iter_mut()
            .filter(|c| c.start == hit.name_start && c.end <= hit.name_end)
            .filter(|c| c.targets.iter().any(|(t, _)| person_target(t)))
            .max_by_key(|c| c.end)
            .filter(|c| c.end == hit.name_end || text[c.start..c.end].contains(' '))
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
                let entry = &known.entries[t.entry as usize];
                is_person(entry) && entry.name.split_whitespace().next() == Some(first_word)
            })
        };
        // A person entry inside the name after words that only lengthen
        // the same name ("Muhammad Nawaz Sharif"): the entry, with the
        // title. Another given name before it is another person ("Ahmad
        // Ali Khan" is not Ali Khan).
        let name_first = words.partition_point(|w| w.start < hit.name_start);
        let prefix_only = |c: &Candidate| {
            text[hit.name_start..c.start].ends_with(' ')
                && words[name_first..]
                    .iter()
                    .take_while(|w| w.end <= c.start)
                    .all(|w| w.is(NAME_PREFIX))
        };
        if let Some(c) = candidates
            .iter_mut()
            .filter(|c| c.start > hit.name_start && c.end <= hit.name_end)
            .filter(|c| c.targets.iter().any(|(t, _)| person_target(t)))
            .filter(|c| text[c.start..c.end].contains(' ') && prefix_only(c))
            .max_by_key(|c| c.end - c.start)
        {
            // The longer form is the span: "Muhammad Shehbaz Sharif".
            c.start = hit.name_start;
            c.title = title;
            c.priority = TITLE_PRIORITY;
            continue;
        }
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
            kind: Kind::TitledName,
        });
    }
    candidates.extend(added);
    hits
}

/// Finds every title followed by a capitalized name.
pub(crate) fn find(text: &str, words: &[Word]) -> Vec<TitleHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].is(TITLE_START) {
            i += 1;
            continue;
        }
        let Some((kind, head_start, head_end_index)) = title_at(text, words, i) else {
            i += 1;
            continue;
        };
        // The title's own span: qualifiers ("Deputy", "Prime") are part of
        // it; "of Foreign Affairs" after the head too.
        let mut last = head_end_index;
        let gap_after = words.get(last + 1).map(|w| gap(text, words[last], *w));
        let mut name_first = last + 1;
        // "Gen. Asim Munir", but not "environment minister. Despite ...":
        // only an abbreviated head reaches across its full stop.
        let abbreviated = gap_after == Some(". ") && words[last].is(ABBREVIATION);
        if !(gap_after.is_some_and(is_space) || abbreviated) {
            i = last + 1;
            continue;
        }
        // "Secretary of State Marco Rubio": skip "of" and department words.
        if words.get(name_first).is_some_and(|w| w.is(OF_FOR)) {
            let mut j = name_first + 1;
            while j < words.len()
                && words[j].is(DEPARTMENT)
                && is_space(gap(text, words[j - 1], words[j]))
            {
                j += 1;
            }
            let real_department = (name_first + 1..j).any(|k| !words[k].is(THE | AND));
            // "Minister for Energy and Green Transition": what follows an
            // "and" in a portfolio is more of the portfolio, not a name.
            let portfolio_goes_on = words[j - 1].is(AND);
            if real_department
                && !portfolio_goes_on
                && j < words.len()
                && is_space(gap(text, words[j - 1], words[j]))
            {
                last = j - 1;
                name_first = j;
            } else {
                i = name_first;
                continue;
            }
        }
        let name_first = skip_honorifics(text, words, name_first);
        let Some(name_end_index) = name_at(text, words, name_first) else {
            i = last + 1;
            continue;
        };
        // "PM Shri @narendramodi": honorifics alone are no name.
        if (name_first..=name_end_index).all(|k| words[k].is(HONORIFIC)) {
            i = last + 1;
            continue;
        }
        // Heads that are also everyday words ("General Provisions") need a
        // full name after them; shouted headings are not names.
        let single_word =
            !text[words[name_first].start..words[name_end_index].end].contains(char::is_whitespace);
        let shouted = (name_first..=name_end_index).all(|k| {
            let w = as_str(text, words[k]);
            w.chars().count() > 3 && !w.chars().any(char::is_lowercase)
        });
        if shouted || (single_word && words[head_end_index].is(LOWER_NOT_TITLE)) {
            i = last + 1;
            continue;
        }
        let head = (words[head_end_index].start, words[head_end_index].end);
        hits.push(TitleHit {
            title_start: words[head_start].start,
            title_end: words[last].end,
            head,
            kind,
            name_start: words[name_first].start,
            name_end: words[name_end_index].end,
        });
        i = name_end_index + 1;
        // "National Security Advisors Ajit Doval and Asim Malik": the title
        // covers a second name joined by "and".
        if let (Some(and), Some(&next)) = (words.get(i), words.get(i + 1))
            && and.is(AND)
            && is_space(gap(text, words[i - 1], *and))
            && is_space(gap(text, *and, next))
            && let Some(second_end) = name_at(text, words, i + 1)
            // "Kazakh President Tokayev and Uzbek President Mirziyoyev": a
            // second title, not a second name.
            && !words.get(second_end + 1).is_some_and(|w| w.is(TITLE_WORD))
        {
            hits.push(TitleHit {
                title_start: words[head_start].start,
                title_end: words[last].end,
                head,
                kind,
                name_start: next.start,
                name_end: words[second_end].end,
            });
            i = second_end + 1;
        }
    }
    hits
}

/// The title whose head word is `words[i]` (or starts there): its kind,
/// the index of its first word (qualifiers included) and of its head.
fn title_at(text: &str, words: &[Word], i: usize) -> Option<(TitleKind, usize, usize)> {
    let this = words[i];
    let word = as_str(text, this);
    let next = words.get(i + 1).copied();
    let joined_to_next = next.map(|w| gap(text, this, w));

    // Abbreviations, as written: "Gen." or "Gen" before a name.
    if this.is(ABBREVIATION) {
        for (abbreviation, kind) in ABBREVIATIONS {
            if word == *abbreviation {
                return Some((*kind, i, i));
            }
        }
    }
    // Two-word leader titles: "Prime Minister".
    if this.is(PAIR_FIRST) {
        for (first, second) in LEADER_PAIRS {
            if word.eq_ignore_ascii_case(first)
                && next.is_some_and(|n| as_str(text, n).eq_ignore_ascii_case(second))
                && joined_to_next.is_some_and(is_space)
            {
                let start = qualifiers_before(text, words, i);
                let kind = if deputy_before(text, words, i) {
                    TitleKind::Official
                } else {
                    TitleKind::Leader
                };
                return Some((kind, start, i + 1));
            }
        }
    }
    // Hyphenated heads: "Secretary-General", "President-elect". A
    // hyphenated compound that is not a title ("Attorney-Client") is not
    // one at all.
    let compound = match (joined_to_next, next) {
        (Some("-"), Some(next)) => Some(format!("{}-{}", lower(text, this), lower(text, next))),
        _ => None,
    };
    let (leader, official, head_index) = match &compound {
        Some(compound)
            if LEADER_HEADS.contains(&compound.as_str())
                || OFFICIAL_HEADS.contains(&compound.as_str()) =>
        {
            (
                LEADER_HEADS.contains(&compound.as_str()),
                OFFICIAL_HEADS.contains(&compound.as_str()),
                i + 1,
            )
        }
        Some(_) => return None,
        None => (false, false, i),
    };
    let vice = word
        .as_bytes()
        .get(..4)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"vice"));
    // A head word must not be followed by another title word: in "Foreign
    // Minister", "Foreign" is not a head anyway; in "Minister President"
    // the later one is taken.
    let kind = if leader || this.is(LEADER_HEAD) {
        if deputy_before(text, words, i) || vice {
            TitleKind::Official
        } else {
            TitleKind::Leader
        }
    } else if official || this.is(OFFICIAL_HEAD) {
        // A weak head in lower case is a title after a body or portfolio
        // ("NATO chief", "SEC chair", "EU trade chief", "party chief").
        let after_body = i > 0
            && is_space(gap(text, words[i - 1], this))
            && (words[i - 1].capitalized || words[i - 1].is(PORTFOLIO | DEPARTMENT))
            && !words[i - 1].is(FUNCTION);
        if this.is(LOWER_NOT_TITLE) && !this.capitalized && !after_body {
            return None;
        }
        // "Ivorian leader", "Chinese leader": a nation's leader.
        if word.eq_ignore_ascii_case("leader") && i > 0 && words[i - 1].is(DEMONYM) {
            return Some((TitleKind::Leader, i, i));
        }
        TitleKind::Official
    } else {
        return None;
    };
    // "President Vladimir Putin" must start with a capital or follow a
    // lower-case title ("said foreign minister Wang Yi"); either is fine.
    Some((kind, qualifiers_before(text, words, i), head_index))
}

/// Whether "Deputy", "Vice"... stands right before `words[i]`.
fn deputy_before(text: &str, words: &[Word], i: usize) -> bool {
    i > 0 && words[i - 1].is(DEPUTY) && matches!(gap(text, words[i - 1], words[i]), " " | "-")
}

/// Skips honorifics and ranks of every culture ("Tan Sri", "Dato' Sri",
/// "Sheikh", "Lt. Gen.", a "the" before "Honourable") and a demonym
/// ("counterparts Ghanaian Cassiel Ato Forson") at `first`.
fn skip_honorifics(text: &str, words: &[Word], mut first: usize) -> usize {
    let joined = |a: Word, b: Word| {
        let separator = gap(text, a, b);
        is_space(separator) || matches!(separator, ". " | "' " | "\u{2019} ")
    };
    while let Some(&word) = words.get(first) {
        let Some(&next) = words.get(first + 1) else {
            break;
        };
        if !joined(word, next) {
            break;
        }
        let pair = HONORIFIC_PAIRS.iter().any(|(a, b)| {
            as_str(text, word).eq_ignore_ascii_case(a) && as_str(text, next).eq_ignore_ascii_case(b)
        });
        if pair {
            match words.get(first + 2) {
                Some(&after) if joined(next, after) => {
                    first += 2;
                    continue;
                }
                _ => break,
            }
        }
        let before_honourable = word.is(THE) && next.is(HONOURABLE);
        if !(word.is(HONORIFIC | DEMONYM) || before_honourable) {
            break;
        }
        first += 1;
    }
    first
}

/// The first word of the qualifiers before a head ("Deputy Foreign").
fn qualifiers_before(text: &str, words: &[Word], mut i: usize) -> usize {
    while i > 0 {
        let previous = words[i - 1];
        let qualifier =
            previous.is(DEPUTY | QUALIFIER) || (previous.is(DEPARTMENT) && !previous.is(THE | AND));
        if !qualifier || !matches!(gap(text, previous, words[i]), " " | "-") {
            break;
        }
        i -= 1;
    }
    i
}

/// Whether a word can be part of a person's name: capitalized, and neither
/// a function word nor a title word.
fn name_word(word: Word) -> bool {
    word.capitalized && !word.is(FUNCTION | NOT_NAME | TITLE_WORD)
}

/// The index of the last word of a capitalized name starting at
/// `words[first]`, if one starts there.
fn name_at(text: &str, words: &[Word], first: usize) -> Option<usize> {
    // "Ivorian leader", "Brazilian Fernando Haddad": a demonym starts no
    // name (it may end one: "Bill English").
    let word = *words.get(first)?;
    if !name_word(word) || word.is(DEMONYM) {
        return None;
    }
    let mut last = first;
    let mut count = 1;
    let mut j = first + 1;
    while j < words.len() && count < MAX_NAME_WORDS {
        let separator = gap(text, words[j - 1], words[j]);
        let word = words[j];
        let hyphen = separator == "-" || separator == "\u{2010}";
        // An initial: "Donald J. Trump".
        let initial_gap = separator == ". " && word_len(text, words[j - 1]) == 1;
        if hyphen {
            // "Sung-lac", "Takht-Ravanchi", "al-Sudani" continue the name.
            last = j;
            j += 1;
            continue;
        }
        if !(is_space(separator) || initial_gap) {
            break;
        }
        if name_word(word) {
            last = j;
            count += 1;
            j += 1;
            continue;
        }
        // A particle continues the name only if a capitalized word follows.
        if word.is(PARTICLE) {
            let mut k = j;
            while k < words.len() && words[k].is(PARTICLE) {
                k += 1;
            }
            if k < words.len()
                && words[k].capitalized
                && matches!(gap(text, words[k - 1], words[k]), " " | "-")
            {
                j = k;
                continue;
            }
        }
        break;
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::words::words;

    fn names(text: &str) -> Vec<(&str, &str, TitleKind)> {
        let words = words(text);
        find(text, &words)
            .into_iter()
            .map(|h| {
                (
                    &text[h.title_start..h.title_end],
                    &text[h.name_start..h.name_end],
                    h.kind,
                )
            })
            .collect()
    }

    macro_rules! titles {
        ($($name:ident: $text:expr => [$(($title:expr, $person:expr, $kind:ident)),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(names($text), vec![$(($title, $person, TitleKind::$kind)),*]);
            }
        )*};
    }

    titles! {
        prime_minister: "met Prime Minister Shigeru Ishiba in Tokyo" => [("Prime Minister", "Shigeru Ishiba", Leader)];
        president_single_name: "President Trump said" => [("President", "Trump", Leader)];
        security_adviser: "National Security Adviser Wi Sung-lac said" => [("National Security Adviser", "Wi Sung-lac", Official)];
        deputy_leader_title_is_official: "Deputy Prime Minister Majid Takht-Ravanchi" => [("Deputy Prime Minister", "Majid Takht-Ravanchi", Official)];
        vice_president: "Vice President JD Vance" => [("Vice President", "JD Vance", Official)];
        secretary_of_state: "Secretary of State Marco Rubio arrived" => [("Secretary of State", "Marco Rubio", Official)];
        minister_of_foreign_affairs: "Minister of Foreign Affairs Wang Yi" => [("Minister of Foreign Affairs", "Wang Yi", Official)];
        secretary_general: "Secretary-General António Guterres" => [("Secretary-General", "António Guterres", Official)];
        abbreviation: "Gen. Ri Yong-gil and Sen. Lindsey Graham" => [("Gen", "Ri Yong-gil", Official), ("Sen", "Lindsey Graham", Official)];
        particles: "Crown Prince Mohammed bin Salman met King Abdullah" => [("Crown Prince", "Mohammed bin Salman", Leader), ("King", "Abdullah", Leader)];
        von_der: "Commission President Ursula von der Leyen" => [("President", "Ursula von der Leyen", Leader)];
        lower_case_title: "said foreign minister Wang Yi on Monday" => [("foreign minister", "Wang Yi", Official)];
        stops_before_weekday: "President Lee Jae Myung Saturday" => [("President", "Lee Jae Myung", Leader)];
        possessive_stops: "President Lee’s trip" => [("President", "Lee", Leader)];
        initial: "President Donald J. Trump" => [("President", "Donald J. Trump", Leader)];
        not_a_name: "the General Assembly and the president said" => [];
        weak_head_needs_full_name: "General Provisions apply; Gen. Ri Yong-gil spoke" => [("Gen", "Ri Yong-gil", Official)];
        hyphenated_non_title: "AN ATTORNEY-CLIENT RELATIONSHIP" => [];
        shouted_heading: "PRESIDENT TRUMP SPEAKS" => [];
        of_phrase_needs_a_department: "the Court of Justice of the European Communities" => [];
        honorific_skipped: "Foreign Minister Dr. Seyed Abbas Araghchi" => [("Foreign Minister", "Abbas Araghchi", Official)];
        honourable_skipped: "Prime Minister the Honourable Jeremiah Manele MP" => [("Prime Minister", "Jeremiah Manele", Leader)];
        two_names_one_title: "National Security Advisors Ajit Doval and Asim Malik agreed" => [("National Security Advisors", "Ajit Doval", Official), ("National Security Advisors", "Asim Malik", Official)];
        two_titles_two_names: "Kazakh President Tokayev and Uzbek President Mirziyoyev met" => [("President", "Tokayev", Leader), ("President", "Mirziyoyev", Leader)];
        qualifier_is_not_a_name: "Prime Minister and Senior Minister Lee Hsien Loong" => [("Senior Minister", "Lee Hsien Loong", Official)];
        counterpart: "his Chadian counterpart Abderaman Koulamallah at" => [("counterpart", "Abderaman Koulamallah", Official)];
        no_title_no_name: "the minister said" => [];
    }
}
