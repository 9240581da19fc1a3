//! Every word list of the rules, once, and the flags that say which lists
//! hold a word.
//!
//! A word of a text is looked up once, in one table, as a key of its
//! lower-cased bytes ([`flags_at`]); the result is a bit set of the lists
//! below ([`LISTED`] builds the table from them), so that no rule looks a
//! word up again. The scan's trie gives the same flags from the probe it
//! makes at every word anyway (see `scan::trie`).
//!
//! To add a word to a list, add it here; a word that several lists hold is
//! in each of them, and gets each one's flag. Lists that a rule reads as
//! written rather than by flag (two-word titles, abbreviations, surnames,
//! honorifics as a mention's start writes them) are here too.

use super::text::{keys, swar};

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
/// A demonym or nationality adjective ("Ivorian"): never a name's first word.
pub const DEMONYM: u32 = 1 << 22;
/// A word that starts a longer form of the same person's name ("Muhammad"
/// in "Muhammad Nawaz Sharif").
pub const NAME_PREFIX: u32 = 1 << 23;
/// A lower-case word after which a weak head ("chief", "chair", "leader")
/// is a title: "trade chief", "party chief", "floor leader".
pub const PORTFOLIO: u32 = 1 << 24;
/// The first word, up to a character that is no ASCII letter, of an
/// honorific as [`HONORIFICS`] write them ("tan" of "Tan Sri", "dato" of
/// "Dato' Sri").
pub const HONORIFIC_START: u32 = 1 << 25;

/// Words that belong to titles rather than names.
pub const TITLE_WORD: u32 =
    LEADER_HEAD | OFFICIAL_HEAD | DEPUTY | DEPARTMENT | PAIR_FIRST | ABBREVIATION | TITLE_EXTRA;

/// Whether a title names a head of state or government, or another office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// President, Prime Minister, King...
    Leader,
    /// Minister, Secretary, Ambassador, General...
    Official,
}

// Titles.

/// Head words of leaders' titles (lower case).
#[rustfmt::skip]
pub(crate) const LEADER_HEADS: &[&str] = &[
    "president", "premier", "chancellor", "king", "queen", "emperor", "empress", "sultan",
    "emir", "taoiseach", "president-elect", "presidents", "premiers",
];

/// Two-word leaders' titles (lower case), matched before the one-word heads.
pub(crate) const LEADER_PAIRS: &[(&str, &str)] = &[
    ("prime", "minister"),
    ("supreme", "leader"),
    ("crown", "prince"),
    ("grand", "duke"),
];

/// Head words of officials' titles (lower case).
#[rustfmt::skip]
pub(crate) const OFFICIAL_HEADS: &[&str] = &[
    "minister", "secretary", "adviser", "advisor", "ambassador", "envoy", "governor", "mayor",
    "senator", "representative", "congressman", "congresswoman", "congressmember", "lawmaker",
    "legislator", "general", "admiral", "commander", "colonel", "spokesperson", "spokesman",
    "spokeswoman", "commissioner", "director", "chairman", "chairwoman", "chair", "speaker",
    "marshal", "undersecretary", "prosecutor", "chief", "head", "deputy", "vice-president",
    "vice-premier", "secretary-general", "attorney", "lieutenant", "sheriff", "councillor",
    "councilor", "diplomat", "negotiator", "executive", "justice", "officer", "counselor",
    "counsellor", "counterpart", "ministers", "ambassadors", "envoys", "governors", "senators",
    "advisers", "advisors", "leader", "superintendent", "inspector", "whip", "member",
];

/// Heads that are also everyday words ("in general", "to head"): titles
/// only when capitalized.
#[rustfmt::skip]
pub(crate) const CAPITALIZED_ONLY: &[&str] = &[
    "general", "chair", "head", "deputy", "speaker", "director", "marshal", "commander",
    "justice", "officer", "executive", "chief", "attorney", "lieutenant", "leader",
    "superintendent", "inspector", "whip", "member",
];

/// Lower-case words after which a weak head is still a title ("EU trade
/// chief Maros Sefcovic", "Bihar party chief", "Democratic floor leader"),
/// as is any capitalized word or acronym before it ("NATO chief", "SEC
/// chair"), and the department words.
#[rustfmt::skip]
pub(crate) const PORTFOLIOS: &[&str] = &[
    "party", "police", "opposition", "floor", "majority", "minority", "army", "military",
    "intelligence", "spy", "rebel", "militia", "parliamentary", "group", "bloc", "trade",
];

/// Abbreviated titles, recognized only as written, with or without a
/// period: "Gen. Ri Yong-gil", "Sen. Lindsey Graham", "PM Modi".
pub(crate) const ABBREVIATIONS: &[(&str, TitleKind)] = &[
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
#[rustfmt::skip]
pub(crate) const DEPUTIES: &[&str] = &[
    "deputy", "vice", "under", "assistant", "lieutenant",
];

/// Title words that are not heads, with their flags: [`QUALIFIER`]s may
/// start a title before its head ("Prime", "Senior", "Acting" Minister),
/// [`TITLE_EXTRA`]s are title words and so never part of a name.
pub(crate) const TITLE_QUALIFIERS: &[(&str, u32)] = &[
    ("prime", QUALIFIER),
    ("first", QUALIFIER | TITLE_EXTRA),
    ("senior", QUALIFIER | TITLE_EXTRA),
    ("special", QUALIFIER | TITLE_EXTRA),
    ("acting", QUALIFIER | TITLE_EXTRA),
    ("former", QUALIFIER | TITLE_EXTRA),
    ("interim", QUALIFIER | TITLE_EXTRA),
    ("outgoing", QUALIFIER | TITLE_EXTRA),
    ("incoming", QUALIFIER | TITLE_EXTRA),
    ("caretaker", QUALIFIER | TITLE_EXTRA),
    ("general", QUALIFIER),
    ("chief", TITLE_EXTRA),
];

/// Department words that may follow "of"/"for" inside a title: "Minister
/// of Foreign Affairs Wang Yi", "Secretary of State Marco Rubio".
#[rustfmt::skip]
pub(crate) const DEPARTMENTS: &[&str] = &[
    "foreign", "affairs", "state", "defense", "defence", "finance", "treasury", "interior",
    "justice", "home", "trade", "commerce", "economy", "economic", "health", "energy",
    "education", "agriculture", "national", "security", "homeland", "labor", "labour",
    "transport", "environment", "culture", "information", "external", "internal", "exchequer",
    "unification", "industry", "planning", "budget", "development", "war", "staff", "the",
    "and", "public", "international", "cooperation", "relations", "strategic", "opposition",
    "majority", "minority", "floor",
];

// Honorifics.

/// How a mention's start may write an honorific, to leave it out of a
/// person's span ("Sir Keir Starmer" is "Keir Starmer").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// Followed by a space: "Sir ".
    Bare,
    /// Followed by a period and a space: "Prof. ".
    Period,
    /// Either: "Dr " and "Dr. ".
    Either,
    /// After "The" or "the", followed by a space: "The Honourable ".
    AfterThe,
}

/// Honorifics: between a title and a name, a word of the text with the
/// [`HONORIFIC`] flag ("Foreign Minister Dr. Abbas Araghchi"); at the start
/// of a person's mention, left out of its span as [`Written`] says.
pub(crate) const HONORIFICS: &[(&str, Written)] = &[
    // Two words first, so that "Tan Sri" is not read as a name "Tan".
    ("Tan Sri", Written::Bare),
    ("Datuk Seri", Written::Bare),
    ("Dato' Sri", Written::Bare),
    ("Dato' Seri", Written::Bare),
    ("Dato\u{2019} Sri", Written::Bare),
    ("Dato Sri", Written::Bare),
    ("Dato Seri", Written::Bare),
    ("Toh Puan", Written::Bare),
    ("Puan Sri", Written::Bare),
    ("Dr", Written::Either),
    ("Mr", Written::Either),
    ("Mrs", Written::Either),
    ("Ms", Written::Either),
    ("Sir", Written::Bare),
    ("Dame", Written::Bare),
    ("Prof", Written::Period),
    ("Professor", Written::Bare),
    ("Hon", Written::Period),
    ("Honourable", Written::AfterThe),
    ("Honorable", Written::AfterThe),
    ("Lord", Written::Bare),
    ("Lady", Written::Bare),
    ("Baroness", Written::Bare),
    ("Baron", Written::Bare),
    ("Datuk", Written::Bare),
    ("Datin", Written::Bare),
    ("Dato'", Written::Bare),
    ("Dato\u{2019}", Written::Bare),
    ("Dato", Written::Bare),
    ("Tun", Written::Bare),
    ("Shri", Written::Bare),
    ("Sri", Written::Bare),
    ("Smt", Written::Either),
    ("Sheikh", Written::Bare),
    ("Sheikha", Written::Bare),
    ("Shaikh", Written::Bare),
    ("Prince", Written::Bare),
    ("Princess", Written::Bare),
    ("Alhaji", Written::Bare),
    ("Alhaja", Written::Bare),
    ("Chief", Written::Bare),
    ("Mian", Written::Bare),
    ("Seyed", Written::Bare),
    ("Seyyed", Written::Bare),
    ("Sayyid", Written::Bare),
    // Two letters and periods: no word of the text, only a mention's start.
    ("H.E.", Written::Bare),
];

/// Honorific pairs between a title and a name, as two words of the text
/// (lower case): "Tan Sri", "Datuk Seri", and ranks after a title ("Chief
/// of Army Staff Lt. Gen. Olufemi Oluyede").
pub(crate) const HONORIFIC_PAIRS: &[(&str, &str)] = &[
    ("tan", "sri"),
    ("datuk", "seri"),
    ("dato", "sri"),
    ("dato", "seri"),
    ("toh", "puan"),
    ("puan", "sri"),
    ("lt", "gen"),
    ("maj", "gen"),
    ("brig", "gen"),
    ("vice", "admiral"),
    ("rear", "admiral"),
    ("lieutenant", "general"),
    ("major", "general"),
];

/// Words that start a longer form of the same person's name, not another
/// person's given name: "Muhammad Shehbaz Sharif" is Shehbaz Sharif.
#[rustfmt::skip]
pub(crate) const NAME_PREFIXES: &[&str] = &[
    "muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "md", "mian", "syed", "sayed",
    "haji", "hajji", "alhaji",
];

/// Demonyms, from the data file beside this one (its header gives the
/// source and licence).
static DEMONYMS: &str = include_str!("demonyms.odbl.txt");

/// The words of [`DEMONYMS`].
fn demonyms() -> impl Iterator<Item = &'static str> {
    DEMONYMS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The length of the honorific that `text` starts with, as [`HONORIFICS`]
/// write them (case as written), with the space after it.
pub(crate) fn honorific_prefix(text: &str) -> Option<usize> {
    // Most texts start with no honorific: one lookup of the first word
    // says so.
    if flags_at(text, 0, honorific_start(text).len()) & (HONORIFIC_START | THE) == 0 {
        return None;
    }
    HONORIFICS.iter().find_map(|&(word, written)| {
        let (the, rest) = match written {
            Written::AfterThe => {
                let rest = text.strip_prefix("The ").or(text.strip_prefix("the "))?;
                (4, rest)
            }
            _ => (0, text),
        };
        let after = rest.strip_prefix(word)?;
        let tail = match written {
            Written::Bare | Written::AfterThe => " ",
            Written::Period => ". ",
            Written::Either if after.starts_with(". ") => ". ",
            Written::Either => " ",
        };
        after
            .starts_with(tail)
            .then_some(the + word.len() + tail.len())
    })
}

// Names.

/// Function words, weekdays and verbs of saying: capitalized at the start
/// of a sentence, but never part of a name.
#[rustfmt::skip]
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "but", "or", "of", "in", "on", "at", "for", "with", "from", "to",
    "by", "as", "he", "she", "it", "they", "we", "i", "his", "her", "their", "this", "that",
    "these", "those", "if", "when", "while", "after", "before", "since", "during", "according",
    "however", "meanwhile", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "said", "says", "told", "has", "had", "was", "is", "will", "who", "also",
];

/// Institution nouns: capitalized in names of bodies, not of people.
#[rustfmt::skip]
pub(crate) const NOT_NAMES: &[&str] = &[
    "assembly", "council", "committee", "office", "ministry", "department", "motors",
    "electric", "dynamics", "secretariat", "court", "university", "hospital", "election",
    "elections", "administration", "government", "cabinet", "party", "forces", "army", "navy",
    "staff", "affairs", "house", "senate", "congress", "parliament", "bank", "fund", "agency",
    "commission", "service", "general", "minister", "president", "secretary",
];

/// Particles that may sit inside a name in lower case: "Mohammed bin
/// Salman", "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
#[rustfmt::skip]
pub(crate) const PARTICLES: &[&str] = &[
    "al", "el", "bin", "bint", "ibn", "abu", "de", "da", "do", "dos", "das", "del", "della",
    "di", "du", "la", "le", "van", "von", "der", "den", "ter", "y",
];

/// Countries whose people are written family name first in English news,
/// so their surname is the first word ("Lee Jae Myung", "Xi Jinping").
/// Also where news calls people by their first name: Malay, Indonesian,
/// Thai and Ethiopian names ("Anwar", "Prabowo", "Paetongtarn", "Abiy"),
/// and Cambodian family names ("Hun" Manet).
#[rustfmt::skip]
pub(crate) const FAMILY_NAME_FIRST: &[&str] = &[
    "KR", "KP", "CN", "TW", "HK", "MO", "SG", "KH", "MY", "ID", "BN", "TH", "ET",
];

/// Common East Asian family names, for people the dictionary does not know
/// ("Foreign Minister Wang Yi" is Wang, not Yi).
#[rustfmt::skip]
pub(crate) const EAST_ASIAN_SURNAMES: &[&str] = &[
    "lee", "kim", "park", "choi", "jung", "chung", "kang", "cho", "yoon", "jang", "lim", "han",
    "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "yoo", "hong", "moon", "wi", "ban",
    "xi", "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu",
    "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "zheng", "xie",
    "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "peng",
    "lu", "su", "jiang", "cai", "jia", "ding", "wei", "ye", "pan", "du", "dai", "fan", "qin",
    "chu", "wong", "chan", "lam", "leung", "cheung", "tan", "teo", "goh", "ong", "koh", "yeo",
    "chua", "chong", "tsai", "hsu", "chiang", "kuo", "lai", "hou", "tseng", "chou", "hsieh",
];

/// The countries of [`FAMILY_NAME_FIRST`] whose people's names news also
/// writes given name first when the given name is a Western one ("Eric
/// Chu", "Lawrence Wong", "John Lee"): there the surname is the last
/// word when it is a family name and the first word is not.
pub(crate) const WESTERN_GIVEN_NAMES_TOO: &[&str] = &["KR", "CN", "TW", "HK", "MO", "SG"];

// Organizations.

/// Head nouns that end an organization's name.
#[rustfmt::skip]
pub(crate) const LAST_HEADS: &[&str] = &[
    "ministry", "department", "court", "parliament", "assembly", "committee", "commission",
    "council", "agency", "party", "forum", "movement", "force", "forces", "army", "navy",
    "bank", "fund", "office", "service", "authority", "tribunal", "senate", "congress",
    "cabinet", "union", "federation", "association", "institute", "organization",
    "organisation", "corporation", "group", "front", "alliance", "coalition", "guard",
    "police", "bureau", "secretariat", "directorate", "foundation", "board", "chamber",
    "corps", "command", "ministries", "courts", "parties", "university", "college",
    "hospital", "company", "airlines", "airways", "exchange", "cartel", "gang",
];

/// Head nouns that start one, followed by "of" or "for": "Ministry of
/// Defence", "Bank of Korea".
#[rustfmt::skip]
pub(crate) const FIRST_HEADS: &[&str] = &[
    "ministry", "department", "bank", "court", "office", "council", "bureau", "chamber",
    "union", "commission", "committee", "party", "federation", "league", "house",
    "university", "institute", "center", "centre", "college", "school",
];

/// Organizations written as one capitalized word.
#[rustfmt::skip]
pub(crate) const SINGLE: &[&str] = &[
    "parliament", "congress", "senate", "knesset", "duma", "bundestag", "politburo", "house",
    "commons", "diet", "assembly", "legislature", "commission", "council",
];

/// Last words of government bodies, which a country or state before them
/// does not belong to ("US" + "Labor Department", "Texas" + "House").
#[rustfmt::skip]
pub(crate) const GOVERNMENT_HEADS: &[&str] = &[
    "ministry", "department", "house", "senate", "congress", "parliament", "assembly",
    "legislature", "court", "navy", "army", "forces", "force", "command", "police", "guard",
    "cabinet", "council", "commission", "bureau", "office", "treasury", "embassy", "corps",
    "marines", "administration",
];

/// Legal suffixes that belong to a company's name when written after it:
/// "Toyota Motor Corp.", "LG Energy Solution Ltd.".
#[rustfmt::skip]
pub(crate) const LEGAL_SUFFIXES: &[&str] = &[
    "Co.", "Corp.", "Inc.", "Ltd.", "Ltd", "plc", "PLC", "AG", "SA", "S.A.", "NV", "N.V.",
    "GmbH", "LLC", "Bhd", "Berhad", "Co", "Corp", "Inc",
];

/// Small words allowed inside an organization's name.
#[rustfmt::skip]
pub(crate) const CONNECTORS: &[&str] = &[
    "of", "for", "and", "on", "the", "de", "du", "des", "la", "el",
];

/// Words after a building that show it acting as the institution inside:
/// "the White House said", "White House spokesperson".
#[rustfmt::skip]
pub(crate) const ACTING: &[&str] = &[
    "said", "says", "say", "announced", "announces", "confirmed", "confirms", "denied",
    "denies", "warned", "warns", "stated", "states", "insisted", "declined", "responded",
    "argued", "told", "noted", "added", "urged", "called", "rejected", "dismissed", "released",
    "issued", "wants", "has", "is", "was", "will", "would", "spokesman", "spokeswoman",
    "spokesperson", "press", "official", "officials", "aide", "aides", "chief", "counsel",
    "adviser", "advisers", "statement", "correspondents", "budget", "staff",
];

/// Words between a building and its verb that do not change who acts:
/// "The White House on Monday said", "Downing Street also rejected".
#[rustfmt::skip]
pub(crate) const ADVERBIALS: &[&str] = &[
    "on", "late", "early", "last", "this", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "tonight", "also", "later",
    "earlier", "again", "then", "now", "still", "recently", "quickly", "swiftly", "previously",
    "repeatedly", "publicly", "officially", "formally", "separately", "immediately", "night",
    "week", "month", "year", "morning", "afternoon", "evening", "already", "has", "had", "have",
    "itself", "first", "initially", "reportedly", "subsequently", "since",
];

/// Words right before a building (or before its "the") that make it the
/// building: "at the White House", "outside Downing Street".
#[rustfmt::skip]
pub(crate) const PLACE_PREPOSITIONS: &[&str] = &[
    "at", "in", "inside", "outside", "into", "near", "around", "across", "toward", "towards",
    "visited", "entered", "reached", "left", "fled", "leaving", "visiting", "entering",
    "outside of", "within", "beside", "behind", "opposite",
];

/// Words before "to" that make a building the place one goes to: "flew to
/// the Kremlin", "visitors to the White House".
#[rustfmt::skip]
pub(crate) const MOTION: &[&str] = &[
    "flew", "fly", "flying", "went", "go", "going", "came", "come", "coming", "travelled",
    "traveled", "travel", "returned", "return", "moved", "headed", "walked", "drove", "marched",
    "visitors", "visitor", "visit", "visits", "trip", "journey", "invited", "welcomed", "back",
    "way", "road", "route", "tour", "tours", "guests",
];

// The table.

/// The first word of `text` up to a character that is no ASCII letter: an
/// honorific's key for [`HONORIFIC_START`].
fn honorific_start(text: &str) -> &str {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(text.len());
    &text[..end]
}

/// The key of a word, if it can be in a list.
fn key(word: &str) -> Option<u128> {
    key_at(word.as_bytes(), 0, word.len())
}

/// The key of `text[start..end]`: its bytes lower-cased, all sixteen at
/// once, if they are ASCII.
#[inline]
fn key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let key = keys::load(text, start, end)?;
    if swar::non_ascii(key) != 0 {
        return None;
    }
    Some(swar::to_lower(key))
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
    add(
        &mut HONORIFICS
            .iter()
            .map(|(word, _)| *word)
            .filter(|word| word.bytes().all(|b| b.is_ascii_alphabetic())),
        HONORIFIC,
    );
    add(
        &mut HONORIFICS.iter().map(|(word, _)| honorific_start(word)),
        HONORIFIC_START,
    );
    add(&mut CAPITALIZED_ONLY.iter().copied(), LOWER_NOT_TITLE);
    add(&mut DEPUTIES.iter().copied(), DEPUTY);
    add(&mut DEPARTMENTS.iter().copied(), DEPARTMENT);
    add(&mut FUNCTION_WORDS.iter().copied(), FUNCTION);
    add(&mut NOT_NAMES.iter().copied(), NOT_NAME);
    add(&mut PARTICLES.iter().copied(), PARTICLE);
    for &(word, flags) in TITLE_QUALIFIERS {
        add(&mut std::iter::once(word), flags);
    }
    add(&mut CONNECTORS.iter().copied(), CONNECTOR);
    add(&mut LAST_HEADS.iter().copied(), LAST_HEAD);
    add(&mut FIRST_HEADS.iter().copied(), FIRST_HEAD);
    add(&mut SINGLE.iter().copied(), SINGLE_WORD);
    add(&mut ["of", "for"].into_iter(), OF_FOR);
    add(&mut ["the"].into_iter(), THE);
    add(&mut ["and"].into_iter(), AND);
    add(&mut ["honourable", "honorable"].into_iter(), HONOURABLE);
    add(&mut demonyms(), DEMONYM);
    add(&mut NAME_PREFIXES.iter().copied(), NAME_PREFIX);
    add(&mut PORTFOLIOS.iter().copied(), PORTFOLIO);
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
        let lists: [&[&str]; 7] = [
            CAPITALIZED_ONLY,
            DEPUTIES,
            DEPARTMENTS,
            FUNCTION_WORDS,
            NOT_NAMES,
            PARTICLES,
            LAST_HEADS,
        ];
        let honorifics = HONORIFICS.iter().map(|(word, _)| *word);
        for word in lists
            .iter()
            .flat_map(|l| l.iter().copied())
            .chain(honorifics.filter(|w| w.bytes().all(|b| b.is_ascii_alphabetic())))
            .chain(demonyms())
            .chain(NAME_PREFIXES.iter().copied())
            .chain(PORTFOLIOS.iter().copied())
        {
            assert!(key(word).is_some(), "{word}");
            assert_ne!(flags(word), 0, "{word}");
        }
        for (word, _) in HONORIFICS {
            assert_ne!(flags(honorific_start(word)) & HONORIFIC_START, 0, "{word}");
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

    #[test]
    fn honorifics_are_trimmed_as_written() {
        for (text, len) in [
            ("Sir Keir Starmer", Some(4)),
            ("Dr. Abbas Araghchi", Some(4)),
            ("Dr Abbas Araghchi", Some(3)),
            ("Mrs. May", Some(5)),
            ("Mr Kim", Some(3)),
            ("Prof. Lee", Some(6)),
            ("Prof Lee", None),
            ("Hon Lee", None),
            ("Hon. Lee", Some(5)),
            ("The Honourable Jeremiah Manele", Some(15)),
            ("the Honorable Jeremiah Manele", Some(14)),
            ("Honourable Jeremiah Manele", None),
            ("H.E. Mr. Lee", Some(5)),
            ("Tan Sri Muhyiddin Yassin", Some(8)),
            ("Datuk Seri Anwar Ibrahim", Some(11)),
            ("Dato' Sri Mohamad Hasan", Some(10)),
            ("Shri Narendra Modi", Some(5)),
            ("Sheikh Tamim", Some(7)),
            ("Tanaka Sri", None),
            ("sir Keir", None),
            ("Sirius Black", None),
            ("Dr", None),
        ] {
            assert_eq!(honorific_prefix(text), len, "{text:?}");
        }
    }
}
