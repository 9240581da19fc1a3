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
    /// Which of the rules' word lists hold it (any case): bits of
    /// [`lexicon`], looked up once here instead of once per rule.
    flags: u32,
    /// Whether its first letter is upper case.
    pub capitalized: bool,
}

impl Word {
    fn new(text: &str, start: usize, end: usize) -> Word {
        let word = &text[start..end];
        let first = word.as_bytes()[0];
        let capitalized = if first < 0x80 {
            first.is_ascii_uppercase()
        } else {
            word.chars().next().is_some_and(char::is_uppercase)
        };
        Word {
            start,
            end,
            flags: lexicon::flags_at(text, start, end),
            capitalized,
        }
    }

    /// Whether the word is in any of the lists `flags`.
    #[inline]
    pub(super) fn is(self, flags: u32) -> bool {
        self.flags & flags != 0
    }
}

/// Splits `text` into words.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 5);
    split(text, 0, &mut words);
    words
}

/// Adds the words of `text` from byte `from` (the start of `text` or just
/// after a character that is no word's) to `words`.
fn split(text: &str, from: usize, words: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = from;
    while i < bytes.len() {
        // Runs of ASCII letters and digits, the most of any text, in a
        // tight loop.
        if bytes[i].is_ascii_alphanumeric() {
            start.get_or_insert(i);
            i = super::script::ascii_word_end(bytes, i);
            continue;
        }
        let (inside, len) = if bytes[i] < 0x80 {
            (false, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (inside_word(c), c.len_utf8())
        };
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word::new(text, s, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        words.push(Word::new(text, s, text.len()));
    }
}

/// The words of a text, from the ASCII words the scan finds in it (see
/// [`crate::engine::Engine::scan`]), with the rest split here: the same
/// list as [`words`].
///
/// An ASCII word counts where the folded text is aligned byte for byte
/// with the original over it, and no letter, digit or mark touches it in
/// the original. The text between two counted words then holds whole words
/// only. If no non-ASCII character of the original lies there, it holds
/// none: every ASCII word the scan did not count touches one. Otherwise
/// the words there are split as [`words`] splits them.
pub(super) struct WordList {
    words: Vec<Word>,
    /// The end of the last word counted.
    done: usize,
    /// For [`Normalized::aligned`].
    cursor: usize,
    /// Whether a non-ASCII character may lie after the last word counted.
    non_ascii: bool,
}

impl WordList {
    pub(super) fn new(text: &str) -> WordList {
        WordList {
            words: Vec::with_capacity(text.len() / 5),
            done: 0,
            cursor: 0,
            non_ascii: false,
        }
    }

    /// Offers the scan's next word, `folded[start..end]` of `normalized`,
    /// ASCII letters and digits alone, with `flags` in the lists.
    #[inline]
    pub(super) fn ascii_word(
        &mut self,
        normalized: &Normalized,
        text: &str,
        start: usize,
        end: usize,
        flags: u32,
    ) {
        // The non-ASCII characters of the original, in order, up to `end`.
        let passed = self.cursor;
        let at = normalized.aligned(&mut self.cursor, start, end);
        self.non_ascii |= self.cursor != passed;
        let Some(at) = at else {
            return;
        };
        let end = at + (end - start);
        if !edge_before(text, at) || !edge_after(text, end) {
            return;
        }
        debug_assert!(at >= self.done);
        if self.non_ascii {
            split(&text[..at], self.done, &mut self.words);
            self.non_ascii = false;
        }
        self.words.push(Word {
            start: at,
            end,
            flags,
            capitalized: text.as_bytes()[at].is_ascii_uppercase(),
        });
        self.done = end;
    }

    /// The words, once the scan has offered all of `text`'s.
    pub(super) fn finish(mut self, text: &str) -> Vec<Word> {
        if !text.as_bytes()[self.done..].is_ascii() {
            split(text, self.done, &mut self.words);
        }
        self.words
    }
}

/// Whether a character of a word: what [`words`] joins.
fn inside_word(c: char) -> bool {
    // Curly quotes and dashes, in every paragraph of news, skip the
    // Unicode tables (see `script::PUNCTUATION`).
    !super::script::PUNCTUATION.contains(&c)
        && (c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
}

/// Whether no word character ends at byte `at` of `text`.
#[inline]
fn edge_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => true,
        Some(b) if b < 0x80 => !b.is_ascii_alphanumeric(),
        Some(_) => !text[..at].chars().next_back().is_some_and(inside_word),
    }
}

/// Whether no word character starts at byte `at` of `text`.
#[inline]
fn edge_after(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => true,
        Some(&b) if b < 0x80 => !b.is_ascii_alphanumeric(),
        Some(_) => !text[at..].chars().next().is_some_and(inside_word),
    }
}

/// The rules' word lists as bit flags, so that each word is looked up
/// once: lower-cased ASCII words of up to 16 bytes (every listed word) are
/// packed into one integer key.
pub(super) mod lexicon {
    use super::*;
    use crate::engine::{keys, phrases};

    pub const LEADER_HEAD: u32 = 1 << 0;
    pub const OFFICIAL_HEAD: u32 = 1 << 1;
    /// A word a title can start at.
    pub const TITLE_START: u32 = 1 << 2;
    /// The first word of a two-word leader's title ("prime").
    pub const PAIR_FIRST: u32 = 1 << 3;
    /// An abbreviated title in some case ("gen"); the case is checked.
    pub const ABBREVIATION: u32 = 1 << 4;
    pub const HONORIFIC: u32 = 1 << 5;
    /// Heads that are titles only when capitalized ("general").
    pub const LOWER_NOT_TITLE: u32 = 1 << 6;
    pub const DEPUTY: u32 = 1 << 7;
    pub const DEPARTMENT: u32 = 1 << 8;
    pub const FUNCTION: u32 = 1 << 9;
    pub const NOT_NAME: u32 = 1 << 10;
    pub const PARTICLE: u32 = 1 << 11;
    /// "prime", "first", "senior"...: qualifiers before a head.
    pub const QUALIFIER: u32 = 1 << 12;
    /// "senior", "chief"...: title words that are no head.
    pub const TITLE_EXTRA: u32 = 1 << 13;
    pub const CONNECTOR: u32 = 1 << 14;
    pub const LAST_HEAD: u32 = 1 << 15;
    pub const FIRST_HEAD: u32 = 1 << 16;
    pub const SINGLE_WORD: u32 = 1 << 17;
    pub const OF_FOR: u32 = 1 << 18;
    pub const THE: u32 = 1 << 19;
    pub const AND: u32 = 1 << 20;
    pub const HONOURABLE: u32 = 1 << 21;

    /// Words that belong to titles rather than names.
    pub const TITLE_WORD: u32 =
        LEADER_HEAD | OFFICIAL_HEAD | DEPUTY | DEPARTMENT | PAIR_FIRST | ABBREVIATION | TITLE_EXTRA;

    /// The key of a word, if it can be in a list.
    fn key(word: &str) -> Option<u128> {
        key_at(word.as_bytes(), 0, word.len())
    }

    /// The key of `text[start..end]`: its bytes lower-cased, all sixteen at
    /// once, if they are ASCII.
    #[inline]
    fn key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
        const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
        const ONES: u128 = HIGH >> 7;
        let key = keys::load(text, start, end)?;
        if key & HIGH != 0 {
            return None;
        }
        // Every byte is below 0x80, so no sum carries into the next byte:
        // the high bit says "at least 'A'" and "above 'Z'".
        let at_least_a = key + ONES * u128::from(0x80 - b'A');
        let above_z = key + ONES * u128::from(0x7f - b'Z');
        let upper = at_least_a & !above_z & HIGH;
        Some(key | (upper >> 2))
    }

    /// Every listed word's key with its flags, each key once.
    pub static LISTED: std::sync::LazyLock<Vec<(u128, u32)>> = std::sync::LazyLock::new(|| {
        let mut map = rustc_hash::FxHashMap::default();
        let mut add = |words: &mut dyn Iterator<Item = &str>, flag: u32| {
            for word in words {
                if let Some(key) = key(word) {
                    *map.entry(key).or_insert(0) |= flag;
                }
            }
        };
        add(&mut LEADER_HEADS.iter().copied(), LEADER_HEAD);
        add(&mut OFFICIAL_HEADS.iter().copied(), OFFICIAL_HEAD);
        add(
            &mut LEADER_HEADS
                .iter()
                .chain(OFFICIAL_HEADS)
                .map(|h| h.split('-').next().unwrap_or(h))
                .chain(LEADER_PAIRS.iter().map(|(first, _)| *first))
                .chain(ABBREVIATIONS.iter().map(|(a, _)| *a)),
            TITLE_START,
        );
        add(
            &mut LEADER_PAIRS.iter().map(|(first, _)| *first),
            PAIR_FIRST,
        );
        add(&mut ABBREVIATIONS.iter().map(|(a, _)| *a), ABBREVIATION);
        add(&mut HONORIFIC_WORDS.iter().copied(), HONORIFIC);
        add(&mut CAPITALIZED_ONLY.iter().copied(), LOWER_NOT_TITLE);
        add(&mut DEPUTIES.iter().copied(), DEPUTY);
        add(&mut DEPARTMENTS.iter().copied(), DEPARTMENT);
        add(&mut FUNCTION_WORDS.iter().copied(), FUNCTION);
        add(&mut NOT_NAMES.iter().copied(), NOT_NAME);
        add(&mut PARTICLES.iter().copied(), PARTICLE);
        add(&mut QUALIFIERS.iter().copied(), QUALIFIER);
        add(&mut TITLE_EXTRAS.iter().copied(), TITLE_EXTRA);
        add(&mut phrases::CONNECTORS.iter().copied(), CONNECTOR);
        add(&mut phrases::LAST_HEADS.iter().copied(), LAST_HEAD);
        add(&mut phrases::FIRST_HEADS.iter().copied(), FIRST_HEAD);
        add(&mut phrases::SINGLE.iter().copied(), SINGLE_WORD);
        add(&mut ["of", "for"].into_iter(), OF_FOR);
        add(&mut ["the"].into_iter(), THE);
        add(&mut ["and"].into_iter(), AND);
        add(&mut ["honourable", "honorable"].into_iter(), HONOURABLE);
        map.into_iter().collect()
    });

    static LEXICON: std::sync::LazyLock<keys::Table<u32>> = std::sync::LazyLock::new(|| {
        // A quarter full: most words of a text are in no list.
        keys::Table::new(LISTED.iter().copied(), 4.0)
    });

    /// The lists that hold the word `text[start..end]`, in any case.
    #[inline]
    pub fn flags_at(text: &str, start: usize, end: usize) -> u32 {
        key_at(text.as_bytes(), start, end).map_or(0, |k| LEXICON.get(k).unwrap_or(0))
    }

    /// The lists that hold `word`, in any case.
    #[cfg(test)]
    pub fn flags(word: &str) -> u32 {
        key(word).map_or(0, |k| LEXICON.get(k).unwrap_or(0))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_listed_word_fits_a_key() {
            let lists: [&[&str]; 8] = [
                HONORIFIC_WORDS,
                CAPITALIZED_ONLY,
                DEPUTIES,
                DEPARTMENTS,
                FUNCTION_WORDS,
                NOT_NAMES,
                PARTICLES,
                phrases::LAST_HEADS,
            ];
            for word in lists.iter().flat_map(|l| l.iter()) {
                assert!(key(word).is_some(), "{word}");
                assert_ne!(flags(word), 0, "{word}");
            }
            for word in LEADER_HEADS.iter().chain(OFFICIAL_HEADS) {
                assert!(word.contains('-') || key(word).is_some(), "{word}");
            }
            assert!(flags("Minister") & OFFICIAL_HEAD != 0);
            assert!(flags("MINISTER") & TITLE_START != 0);
            assert_eq!(flags("Seoul"), 0);
            assert_eq!(flags("Ministère"), 0);
            assert_eq!(key("AZaz@[`{09"), key("azaz@[`{09"));
            assert_ne!(key("@"), key("`"));
        }
    }
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
#[derive(Debug, Clone, Copy)]
pub struct TitleHit {
    /// Where the title starts (its first word, qualifiers included).
    pub title_start: usize,
    /// Where the title's head word ends.
    pub title_end: usize,
    /// Where the head word ("Minister") starts and ends: see
    /// [`TitleHit::head`].
    pub head: (usize, usize),
    /// The kind the title gives.
    pub kind: TitleKind,
    /// The name after it: start and end byte offsets.
    pub name_start: usize,
    /// End of the name (exclusive).
    pub name_end: usize,
}

impl TitleHit {
    /// The head word as written in `text`, the text it was found in.
    pub fn head<'t>(&self, text: &'t str) -> &'t str {
        &text[self.head.0..self.head.1]
    }
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

use super::normalize::Normalized;
use lexicon::*;

/// Qualifiers before a head ("Prime", "Senior", "Acting" Minister).
const QUALIFIERS: &[&str] = &[
    "prime", "first", "senior", "special", "acting", "former", "interim",
];

/// Title words that are not heads.
const TITLE_EXTRAS: &[&str] = &[
    "senior", "first", "special", "acting", "former", "interim", "chief",
];

fn lower(text: &str, word: Word) -> String {
    text[word.start..word.end].to_lowercase()
}

fn as_str(text: &str, word: Word) -> &str {
    &text[word.start..word.end]
}

/// The separator between two words.
fn gap(text: &str, a: Word, b: Word) -> &str {
    &text[a.end..b.start]
}

fn is_space(gap: &str) -> bool {
    gap == " " || gap == "\u{a0}"
}

/// Finds every title followed by a capitalized name.
pub fn find(text: &str, words: &[Word]) -> Vec<TitleHit> {
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
        let abbreviated = gap_after == Some(". ");
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
        if this.is(LOWER_NOT_TITLE) && !this.capitalized {
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
    i > 0 && words[i - 1].is(DEPUTY) && matches!(gap(text, words[i - 1], words[i]), " " | "-")
}

/// Skips honorifics (and a "the" before "Honourable") at `first`.
fn skip_honorifics(text: &str, words: &[Word], mut first: usize) -> usize {
    while let Some(&word) = words.get(first) {
        let before_honourable =
            word.is(THE) && words.get(first + 1).is_some_and(|w| w.is(HONOURABLE));
        if !(word.is(HONORIFIC) || before_honourable) || first + 1 >= words.len() {
            break;
        }
        let separator = gap(text, word, words[first + 1]);
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
    if !name_word(*words.get(first)?) {
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

fn word_len(text: &str, word: Word) -> usize {
    as_str(text, word).chars().count()
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
