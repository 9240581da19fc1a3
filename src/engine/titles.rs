//! Titles before names: "Prime Minister Shigeru Ishiba", "Foreign Minister
//! Wang Yi", "Deputy Foreign Minister Majid Takht-Ravanchi".
//!
//! A title makes the capitalized name after it a person: a leader for the
//! titles of heads of state and government, an official for the others.
//! The name span never includes the title. Only the title's head word
//! decides its kind ("Foreign *Minister*"), with "Prime", "Deputy" and
//! "Vice" before it, and an organization before "President" ("European
//! Commission President"), adjusting it.

/// A word of the original text: a maximal run of letters, digits and marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// Splits `text` into words.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word { start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word {
            start: s,
            end: text.len(),
        });
    }
    words
}

/// Whether a title names a head of state or government, or another office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// President, Prime Minister, King...
    Leader,
    /// Minister, Secretary, Ambassador, General...
    Official,
}

/// A title followed by a name.
#[derive(Debug, Clone)]
pub struct TitleHit {
    /// Where the title starts (its first word, qualifiers included).
    pub title_start: usize,
    /// Where the title's head word ends.
    pub title_end: usize,
    /// The head word as written ("Minister").
    pub head: String,
    /// The kind the title gives.
    pub kind: TitleKind,
    /// The name after it: start and end byte offsets.
    pub name_start: usize,
    /// End of the name (exclusive).
    pub name_end: usize,
}

/// Head words of leaders' titles (lower case).
const LEADER_HEADS: &[&str] = &[
    "president",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emperor",
    "empress",
    "sultan",
    "emir",
    "taoiseach",
    "president-elect",
    "presidents",
    "premiers",
];

/// Two-word leaders' titles (lower case), matched before the one-word heads.
const LEADER_PAIRS: &[(&str, &str)] = &[
    ("prime", "minister"),
    ("supreme", "leader"),
    ("crown", "prince"),
    ("grand", "duke"),
];

/// Head words of officials' titles (lower case).
const OFFICIAL_HEADS: &[&str] = &[
    "minister",
    "secretary",
    "adviser",
    "advisor",
    "ambassador",
    "envoy",
    "governor",
    "mayor",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "congressmember",
    "lawmaker",
    "legislator",
    "general",
    "admiral",
    "commander",
    "colonel",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "commissioner",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "marshal",
    "undersecretary",
    "prosecutor",
    "chief",
    "head",
    "deputy",
    "vice-president",
    "vice-premier",
    "secretary-general",
    "attorney",
    "lieutenant",
    "sheriff",
    "councillor",
    "councilor",
    "diplomat",
    "negotiator",
    "executive",
    "justice",
    "officer",
    "counselor",
    "counsellor",
    "counterpart",
    "ministers",
    "ambassadors",
    "envoys",
    "governors",
    "senators",
    "advisers",
    "advisors",
];

/// Honorifics between a title and a name: "Foreign Minister Dr. Abbas
/// Araghchi", "Prime Minister the Honourable Jeremiah Manele".
const HONORIFIC_WORDS: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "sir",
    "dame",
    "prof",
    "professor",
    "hon",
    "honourable",
    "honorable",
    "lord",
    "lady",
];

/// Heads that are also everyday words ("in general", "to head"): titles
/// only when capitalized.
const CAPITALIZED_ONLY: &[&str] = &[
    "general",
    "chair",
    "head",
    "deputy",
    "speaker",
    "director",
    "marshal",
    "commander",
    "justice",
    "officer",
    "executive",
    "chief",
    "attorney",
    "lieutenant",
];

/// Abbreviated titles, recognized only as written, with or without a
/// period: "Gen. Ri Yong-gil", "Sen. Lindsey Graham", "PM Modi".
const ABBREVIATIONS: &[(&str, TitleKind)] = &[
    ("PM", TitleKind::Leader),
    ("Pres", TitleKind::Leader),
    ("Gen", TitleKind::Official),
    ("Lt", TitleKind::Official),
    ("Col", TitleKind::Official),
    ("Adm", TitleKind::Official),
    ("Sen", TitleKind::Official),
    ("Rep", TitleKind::Official),
    ("Gov", TitleKind::Official),
    ("Amb", TitleKind::Official),
    ("MP", TitleKind::Official),
];

/// Words before a leader's title that make it an official's: "Deputy
/// Prime Minister", "Vice President".
const DEPUTIES: &[&str] = &["deputy", "vice", "under", "assistant", "lieutenant"];

/// Department words that may follow "of"/"for" inside a title: "Minister
/// of Foreign Affairs Wang Yi", "Secretary of State Marco Rubio".
const DEPARTMENTS: &[&str] = &[
    "foreign",
    "affairs",
    "state",
    "defense",
    "defence",
    "finance",
    "treasury",
    "interior",
    "justice",
    "home",
    "trade",
    "commerce",
    "economy",
    "economic",
    "health",
    "energy",
    "education",
    "agriculture",
    "national",
    "security",
    "homeland",
    "labor",
    "labour",
    "transport",
    "environment",
    "culture",
    "information",
    "external",
    "internal",
    "exchequer",
    "unification",
    "industry",
    "planning",
    "budget",
    "development",
    "war",
    "staff",
    "the",
    "and",
    "public",
    "international",
    "cooperation",
    "relations",
    "strategic",
];

/// Function words, weekdays and verbs of saying: capitalized at the start
/// of a sentence, but never part of a name.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "to",
    "by",
    "as",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "during",
    "according",
    "however",
    "meanwhile",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "said",
    "says",
    "told",
    "has",
    "had",
    "was",
    "is",
    "will",
    "who",
    "also",
];

/// Institution nouns: capitalized in names of bodies, not of people.
const NOT_NAMES: &[&str] = &[
    "assembly",
    "council",
    "committee",
    "office",
    "ministry",
    "department",
    "motors",
    "electric",
    "dynamics",
    "secretariat",
    "court",
    "university",
    "hospital",
    "election",
    "elections",
    "administration",
    "government",
    "cabinet",
    "party",
    "forces",
    "army",
    "navy",
    "staff",
    "affairs",
    "house",
    "senate",
    "congress",
    "parliament",
    "bank",
    "fund",
    "agency",
    "commission",
    "service",
    "general",
    "minister",
    "president",
    "secretary",
];

/// Particles that may sit inside a name in lower case: "Mohammed bin
/// Salman", "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "bint", "ibn", "abu", "de", "da", "do", "dos", "das", "del", "della", "di",
    "du", "la", "le", "van", "von", "der", "den", "ter", "y",
];

/// The most words a name after a title may have.
const MAX_NAME_WORDS: usize = 5;

fn lower(text: &str, word: Word) -> String {
    text[word.start..word.end].to_lowercase()
}

fn capitalized(text: &str, word: Word) -> bool {
    text[word.start..word.end]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// The separator between two words.
fn gap(text: &str, a: Word, b: Word) -> &str {
    &text[a.end..b.start]
}

fn is_space(gap: &str) -> bool {
    gap == " " || gap == "\u{a0}"
}

/// Every word a title can start at, in lower case.
static TITLE_STARTS: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
    std::sync::LazyLock::new(|| {
        LEADER_HEADS
            .iter()
            .chain(OFFICIAL_HEADS)
            .map(|h| h.split('-').next().unwrap_or(h).to_string())
            .chain(LEADER_PAIRS.iter().map(|(first, _)| first.to_string()))
            .chain(ABBREVIATIONS.iter().map(|(a, _)| a.to_lowercase()))
            .collect()
    });

/// A cheap first test, without allocating, run on every word of every
/// document: could a title start here?
fn may_start_title(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() < 2 || bytes.len() > 24 || !word.is_ascii() {
        return false;
    }
    let mut buffer = [0u8; 24];
    for (slot, byte) in buffer.iter_mut().zip(bytes) {
        *slot = byte.to_ascii_lowercase();
    }
    std::str::from_utf8(&buffer[..bytes.len()]).is_ok_and(|lowered| TITLE_STARTS.contains(lowered))
}

/// Finds every title followed by a capitalized name.
pub fn find(text: &str, words: &[Word]) -> Vec<TitleHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !may_start_title(&text[words[i].start..words[i].end]) {
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
        let abbreviated = gap_after == Some(". ");
        if !(gap_after.is_some_and(is_space) || abbreviated) {
            i = last + 1;
            continue;
        }
        // "Secretary of State Marco Rubio": skip "of" and department words.
        if let Some(next) = words.get(name_first)
            && matches!(lower(text, *next).as_str(), "of" | "for")
        {
            let mut j = name_first + 1;
            while j < words.len()
                && DEPARTMENTS.contains(&lower(text, words[j]).as_str())
                && is_space(gap(text, words[j - 1], words[j]))
            {
                j += 1;
            }
            let real_department = (name_first + 1..j)
                .any(|k| !matches!(lower(text, words[k]).as_str(), "the" | "and"));
            if real_department && j < words.len() && is_space(gap(text, words[j - 1], words[j])) {
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
        // Heads that are also everyday words ("General Provisions") need a
        // full name after them; shouted headings are not names.
        let head_lower = lower(text, words[head_end_index]);
        let single_word =
            !text[words[name_first].start..words[name_end_index].end].contains(char::is_whitespace);
        let shouted = (name_first..=name_end_index).all(|k| {
            let w = &text[words[k].start..words[k].end];
            w.chars().count() > 3 && !w.chars().any(char::is_lowercase)
        });
        if shouted || (single_word && CAPITALIZED_ONLY.contains(&head_lower.as_str())) {
            i = last + 1;
            continue;
        }
        let head = text[words[head_end_index].start..words[head_end_index].end].to_string();
        hits.push(TitleHit {
            title_start: words[head_start].start,
            title_end: words[last].end,
            head: head.clone(),
            kind,
            name_start: words[name_first].start,
            name_end: name_end(text, words, name_end_index),
        });
        i = name_end_index + 1;
        // "National Security Advisors Ajit Doval and Asim Malik": the title
        // covers a second name joined by "and".
        if let (Some(and), Some(&next)) = (words.get(i), words.get(i + 1))
            && lower(text, *and) == "and"
            && is_space(gap(text, words[i - 1], *and))
            && is_space(gap(text, *and, next))
            && let Some(second_end) = name_at(text, words, i + 1)
            // "Kazakh President Tokayev and Uzbek President Mirziyoyev": a
            // second title, not a second name.
            && !words
                .get(second_end + 1)
                .is_some_and(|w| is_title_word(&lower(text, *w)))
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
    let word = &text[words[i].start..words[i].end];
    let lowered = word.to_lowercase();
    let next_lower = words.get(i + 1).map(|w| lower(text, *w));
    let joined_to_next = words.get(i + 1).map(|w| gap(text, words[i], *w));

    // Abbreviations, as written: "Gen." or "Gen" before a name.
    for (abbreviation, kind) in ABBREVIATIONS {
        if word == *abbreviation {
            return Some((*kind, i, i));
        }
    }
    // Two-word leader titles: "Prime Minister".
    for (first, second) in LEADER_PAIRS {
        if lowered == *first
            && next_lower.as_deref() == Some(second)
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
    // Hyphenated heads: "Secretary-General", "President-elect". A
    // hyphenated compound that is not a title ("Attorney-Client") is not
    // one at all.
    let hyphenated = match (joined_to_next, words.get(i + 1)) {
        (Some("-"), Some(next)) => Some(format!("{lowered}-{}", lower(text, *next))),
        _ => None,
    };
    let (head, head_index) = match hyphenated {
        Some(compound)
            if LEADER_HEADS.contains(&compound.as_str())
                || OFFICIAL_HEADS.contains(&compound.as_str()) =>
        {
            (compound, i + 1)
        }
        Some(_) => return None,
        None => (lowered.clone(), i),
    };
    // A head word must not be followed by another title word: in "Foreign
    // Minister", "Foreign" is not a head anyway; in "Minister President"
    // the later one is taken.
    let kind = if LEADER_HEADS.contains(&head.as_str()) || LEADER_HEADS.contains(&lowered.as_str())
    {
        if deputy_before(text, words, i) || head.starts_with("vice") {
            TitleKind::Official
        } else {
            TitleKind::Leader
        }
    } else if OFFICIAL_HEADS.contains(&head.as_str()) || OFFICIAL_HEADS.contains(&lowered.as_str())
    {
        if CAPITALIZED_ONLY.contains(&lowered.as_str()) && !capitalized(text, words[i]) {
            return None;
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
    i > 0
        && DEPUTIES.contains(&lower(text, words[i - 1]).as_str())
        && matches!(gap(text, words[i - 1], words[i]), " " | "-")
}

/// Skips honorifics (and a "the" before "Honourable") at `first`.
fn skip_honorifics(text: &str, words: &[Word], mut first: usize) -> usize {
    while let Some(word) = words.get(first) {
        let lowered = lower(text, *word);
        let before_honourable = lowered == "the"
            && words
                .get(first + 1)
                .is_some_and(|w| matches!(lower(text, *w).as_str(), "honourable" | "honorable"));
        if !(HONORIFIC_WORDS.contains(&lowered.as_str()) || before_honourable)
            || first + 1 >= words.len()
        {
            break;
        }
        let separator = gap(text, *word, words[first + 1]);
        if !(is_space(separator) || separator == ". ") {
            break;
        }
        first += 1;
    }
    first
}

/// The first word of the qualifiers before a head ("Deputy Foreign").
fn qualifiers_before(text: &str, words: &[Word], mut i: usize) -> usize {
    while i > 0 {
        let previous = lower(text, words[i - 1]);
        let qualifier = DEPUTIES.contains(&previous.as_str())
            || (DEPARTMENTS.contains(&previous.as_str())
                && !matches!(previous.as_str(), "the" | "and"))
            || matches!(
                previous.as_str(),
                "prime" | "first" | "senior" | "special" | "acting" | "former" | "interim"
            );
        if !qualifier || !matches!(gap(text, words[i - 1], words[i]), " " | "-") {
            break;
        }
        i -= 1;
    }
    i
}

/// Whether a word can never be part of a person's name.
fn not_a_name(lowered: &str) -> bool {
    FUNCTION_WORDS.contains(&lowered) || NOT_NAMES.contains(&lowered)
}

/// Whether a word belongs to titles rather than names ("Prime",
/// "Foreign", "Minister").
fn is_title_word(lowered: &str) -> bool {
    LEADER_HEADS.contains(&lowered)
        || OFFICIAL_HEADS.contains(&lowered)
        || DEPUTIES.contains(&lowered)
        || DEPARTMENTS.contains(&lowered)
        || LEADER_PAIRS.iter().any(|(first, _)| *first == lowered)
        || ABBREVIATIONS
            .iter()
            .any(|(a, _)| a.eq_ignore_ascii_case(lowered))
        || matches!(
            lowered,
            "senior" | "first" | "special" | "acting" | "former" | "interim" | "chief"
        )
}

/// The index of the last word of a capitalized name starting at
/// `words[first]`, if one starts there.
fn name_at(text: &str, words: &[Word], first: usize) -> Option<usize> {
    let first_word = *words.get(first)?;
    let first_lower = lower(text, first_word);
    if !capitalized(text, first_word) || not_a_name(&first_lower) || is_title_word(&first_lower) {
        return None;
    }
    let mut last = first;
    let mut count = 1;
    let mut j = first + 1;
    while j < words.len() && count < MAX_NAME_WORDS {
        let separator = gap(text, words[j - 1], words[j]);
        let word = words[j];
        let lowered = lower(text, word);
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
        if capitalized(text, word) && !not_a_name(&lowered) && !is_title_word(&lowered) {
            last = j;
            count += 1;
            j += 1;
            continue;
        }
        // A particle continues the name only if a capitalized word follows.
        if PARTICLES.contains(&lowered.as_str()) {
            let mut k = j;
            while k < words.len() && PARTICLES.contains(&lower(text, words[k]).as_str()) {
                k += 1;
            }
            if k < words.len()
                && capitalized(text, words[k])
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

fn word_len(text: &str, word: Word) -> usize {
    text[word.start..word.end].chars().count()
}

/// The end of a name: after its last word, plus the period of a final
/// initial ("George W.") is left out.
fn name_end(_text: &str, words: &[Word], last: usize) -> usize {
    words[last].end
}

#[cfg(test)]
mod tests {
    use super::*;

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
        honorific_skipped: "Foreign Minister Dr. Seyed Abbas Araghchi" => [("Foreign Minister", "Seyed Abbas Araghchi", Official)];
        honourable_skipped: "Prime Minister the Honourable Jeremiah Manele MP" => [("Prime Minister", "Jeremiah Manele", Leader)];
        two_names_one_title: "National Security Advisors Ajit Doval and Asim Malik agreed" => [("National Security Advisors", "Ajit Doval", Official), ("National Security Advisors", "Asim Malik", Official)];
        two_titles_two_names: "Kazakh President Tokayev and Uzbek President Mirziyoyev met" => [("President", "Tokayev", Leader), ("President", "Mirziyoyev", Leader)];
        qualifier_is_not_a_name: "Prime Minister and Senior Minister Lee Hsien Loong" => [("Senior Minister", "Lee Hsien Loong", Official)];
        counterpart: "his Chadian counterpart Abderaman Koulamallah at" => [("counterpart", "Abderaman Koulamallah", Official)];
        no_title_no_name: "the minister said" => [];
    }
}
