//! Words: the split of a text into words that every rule reads, the
//! scan's fused word list that gives the same split for less, and the
//! string helpers the rules share.
//!
//! A word is a maximal run of letters, digits and marks of the original
//! text, with its flags in the [`lexicon`](super::lexicon)'s lists. The
//! property test at the end holds [`WordList`] to [`words`].

use std::borrow::Cow;

use super::lexicon;
use super::text::normalize::Normalized;
use super::text::script;

/// A word of the original text: a maximal run of letters, digits and marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Which of the lexicon's lists hold it (any case): bits of
    /// [`lexicon`](super::lexicon), looked up once here instead of once
    /// per rule.
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
    pub(crate) fn is(self, flags: u32) -> bool {
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
            i = script::ascii_word_end(bytes, i);
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
pub(crate) struct WordList {
    words: Vec<Word>,
    /// The end of the last word counted.
    done: usize,
    /// For [`Normalized::aligned`].
    cursor: usize,
    /// Whether a non-ASCII character may lie after the last word counted.
    non_ascii: bool,
}

impl WordList {
    pub(crate) fn new(text: &str) -> WordList {
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
    pub(crate) fn ascii_word(
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
    pub(crate) fn finish(mut self, text: &str) -> Vec<Word> {
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
    !script::PUNCTUATION.contains(&c)
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

pub(crate) fn lower(text: &str, word: Word) -> String {
    text[word.start..word.end].to_lowercase()
}

pub(crate) fn as_str(text: &str, word: Word) -> &str {
    &text[word.start..word.end]
}

/// The separator between two words.
pub(crate) fn gap(text: &str, a: Word, b: Word) -> &str {
    &text[a.end..b.start]
}

pub(crate) fn is_space(gap: &str) -> bool {
    gap == " " || gap == "\u{a0}"
}

pub(crate) fn word_len(text: &str, word: Word) -> usize {
    as_str(text, word).chars().count()
}

/// [`normalize::fold_alias`](crate::engine::normalize::fold_alias) of a
/// plain ASCII word of up to 32 bytes, in `buffer`: folding lower-cases it
/// and turns hyphens into spaces. `None` for other words, and for odd ones
/// (periods, leading, trailing or doubled hyphens), which need the full fold.
pub(crate) fn fold_plain_ascii<'b>(word: &str, buffer: &'b mut [u8; 32]) -> Option<&'b str> {
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

/// [`normalize::fold_alias`](crate::engine::normalize::fold_alias) of
/// `word`, folded in `buffer` without allocating when it is a plain ASCII
/// word ([`fold_plain_ascii`]), as most words are.
pub(crate) fn fold_word<'b>(word: &str, buffer: &'b mut [u8; 32]) -> Cow<'b, str> {
    match fold_plain_ascii(word, buffer) {
        Some(folded) => Cow::Borrowed(folded),
        None => Cow::Owned(super::text::normalize::fold_alias(word)),
    }
}

/// Sorts `items` by their span, stably, unless they already are in order
/// (mostly so): a stable sort allocates its buffer before it looks.
pub(crate) fn sort_by_span<T>(items: &mut [T], span: impl Fn(&T) -> (usize, usize)) {
    if !items.is_sorted_by_key(&span) {
        items.sort_by_key(span);
    }
}

/// Whether `text` lower-cased ends with `suffix`, lower-case ASCII letters
/// and spaces, without lower-casing it. Besides ASCII letters, only the
/// Kelvin sign lower-cases to a lone ASCII letter ("k", kept out of
/// `suffix`); "İ" gives "i" and a combining mark, which no suffix here can
/// match across.
pub(crate) fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    debug_assert!(
        !suffix.contains('k') && suffix.bytes().all(|b| b == b' ' || b.is_ascii_lowercase())
    );
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether `text[start..end]`, the gap between two words, is the one byte
/// `byte`.
pub(crate) fn gap_is(text: &str, start: usize, end: usize, byte: u8) -> bool {
    end == start + 1 && text.as_bytes()[start] == byte
}

/// `prefix` then the slug of `folded`: `Majid Takht-Ravanchi` →
/// `majid-takht-ravanchi`, each run of other characters one hyphen, none
/// at either end.
pub(crate) fn slug(prefix: &str, folded: &str) -> String {
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
pub(crate) fn joined_words(span: &str) -> Cow<'_, str> {
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
    use crate::engine::normalize::fold_alias;
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
    fn slugs_and_joined_words_agree_with_plain_definitions() {
        fn slug_by_definition(folded: &str) -> String {
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
                format!("p/{}", slug_by_definition(text)),
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

    /// The default dictionary's engine (a trie, so the scan splits words).
    fn default_engine() -> &'static crate::engine::Engine {
        static ENGINE: std::sync::LazyLock<crate::engine::Engine> =
            std::sync::LazyLock::new(|| {
                crate::engine::Engine::build(crate::dictionary::Dictionary::embedded().unwrap())
                    .unwrap()
            });
        &ENGINE
    }

    proptest::proptest! {
        /// The scan's words are the word split's, whatever non-ASCII
        /// characters sit in, beside or between ASCII words: letters that
        /// fold to ASCII ("ğ", "ﬁ"), marks, symbols that fold to letters
        /// ("™"), characters that fold to nothing, quotes, dashes, Korean,
        /// Chinese, Cyrillic.
        #[test]
        fn the_scans_words_are_the_word_splits(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Prime", "Minister", "the", "of", "Seoul", "x", "42", "ABC",
                    "President", "Lee", "Jae-myung", "al", "Mr", "said", "a",
                    " ", " ", " ", "-", ".", ",", "'", "\"", "\n", "$", "@",
                    "Erdoğan", "ğ", "é", "e\u{301}", "\u{301}", "ﬁ", "™", "²",
                    "\u{200b}", "\u{ad}", "’", "“", "—", "이재명", "東京", "д",
                    "Ｓｅｏｕｌ", "İ",
                ]),
                0..40,
            ),
        ) {
            let text: String = pieces.concat();
            let scanned = default_engine().scan(&text);
            proptest::prop_assert_eq!(scanned.words, Some(words(&text)));
        }
    }
}
