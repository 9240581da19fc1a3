//! Character classes for word boundaries.
//!
//! Scripts written with spaces need a boundary on both sides of a match (no
//! `Lee` in `Leeds`); Chinese, Japanese and the scripts of South-East Asia
//! are written without spaces and match anywhere; Korean words carry their
//! particles attached (`이재명은`), so a Korean name needs a boundary before
//! it but not after.

use unicode_normalization::char::is_combining_mark;

use super::swar;

/// How a character takes part in word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Not part of a word: spaces, punctuation, symbols, emoji.
    Other,
    /// A letter, digit or mark of a script written with spaces.
    Word,
    /// A Hangul letter: a boundary before, none needed after.
    Hangul,
    /// A letter of a script written without spaces: no boundaries at all.
    Unspaced,
}

/// General Punctuation: spaces, dashes, curly quotes, invisible controls,
/// and no letter, digit or mark (a test checks each). News has some in every
/// paragraph, and they skip the Unicode tables.
pub const PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// The class of one character.
#[inline]
pub fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        };
    }
    match c {
        // [`PUNCTUATION`], without the tables below.
        '\u{2000}'..='\u{206F}' => Class::Other,
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => {
            Class::Hangul
        }
        // Han, kana, and the Thai, Lao, Khmer and Myanmar scripts.
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}' => Class::Unspaced,
        _ if c.is_alphanumeric() || is_combining_mark(c) => Class::Word,
        _ => Class::Other,
    }
}

/// The class of the character starting at byte `at` of `text`, or
/// [`Class::Other`] at the end.
#[inline]
pub fn class_at(text: &str, at: usize) -> Class {
    match text.as_bytes().get(at) {
        None => Class::Other,
        Some(&b) if b < 0x80 => ascii_class(b),
        Some(_) => text[at..].chars().next().map_or(Class::Other, class),
    }
}

/// The class of the character ending just before byte `at` of `text`, or
/// [`Class::Other`] at the start.
#[inline]
pub fn class_before(text: &str, at: usize) -> Class {
    match at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        None => Class::Other,
        Some(&b) if b < 0x80 => ascii_class(b),
        Some(_) => text[..at].chars().next_back().map_or(Class::Other, class),
    }
}

/// The class of an ASCII byte.
#[inline]
pub fn ascii_class(b: u8) -> Class {
    if b.is_ascii_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// The end of the run of ASCII letters and digits that starts at byte `at`
/// of `bytes` (`at` itself if there is none), read eight bytes at a time:
/// the words of news are mostly such runs, and both the scan and the word
/// split skip over them.
#[inline]
pub fn ascii_word_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let lanes = u64::from_le_bytes(word);
        let other = swar::complement(swar::alphanumeric(lanes));
        if other != 0 {
            return at + other.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}

/// Whether a match may start at a character of class `first` (the match's
/// first character) when the character before it is of class `before`.
#[inline]
pub fn may_start(first: Class, before: Class) -> bool {
    match first {
        Class::Word => before != Class::Word,
        Class::Hangul => !matches!(before, Class::Word | Class::Hangul),
        Class::Unspaced => true,
        Class::Other => false,
    }
}

/// Whether a match whose last character is of class `last` may end before a
/// character of class `after`.
#[inline]
pub fn may_end(last: Class, after: Class) -> bool {
    match last {
        Class::Word => after != Class::Word,
        Class::Hangul | Class::Unspaced | Class::Other => true,
    }
}

/// Where the first word of a match starting at byte `start` of `text`
/// ends: the first offset after `start` where [`may_end`] allows a match to
/// end (or the end of the text), with the class of the character before
/// it, and whether the word is ASCII letters and digits alone. Every match
/// starting at `start` that ends on a boundary is at least this long, and
/// shares these bytes. A run of word characters, or a single Hangul or
/// unspaced character; no match may start inside it.
#[inline(always)]
pub fn first_end(text: &str, start: usize) -> (usize, Class, bool) {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut last = Class::Other;
    // An ASCII word: its letters and digits in a tight loop, then on as
    // below from the first other character, which may continue the word.
    if bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        at = ascii_word_end(bytes, at);
        last = Class::Word;
    }
    let ascii_end = at;
    while let Some(&b) = bytes.get(at) {
        let (next, len) = if b < 0x80 {
            (ascii_class(b), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (class(c), c.len_utf8())
        };
        if at > start && may_end(last, next) {
            break;
        }
        last = next;
        at += len;
    }
    (at, last, at == ascii_end && at > start)
}

/// Whether the span `start..end` of `text` is glued to something that makes
/// it part of another token: a currency sign (`US$`), an e-mail address
/// (`korea@example.com`) or a domain name (`japan.com`, `www.korea`). A
/// handle (`@Mohammed Ali Ndume`) is no e-mail address: the `@` starts
/// its word. Only ASCII bytes are inspected, so any byte offsets are safe.
#[inline]
pub fn glued(text: &[u8], start: usize, end: usize) -> bool {
    let at = |i: usize| text.get(i).copied();
    let alnum = |i: usize| at(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let before = start.checked_sub(1).and_then(at);
    let after = at(end);
    after == Some(b'$')
        || after == Some(b'@')
        || (before == Some(b'@') && start >= 2 && alnum(start - 2))
        || (after == Some(b'.') && alnum(end + 1))
        || (before == Some(b'.') && start >= 2 && alnum(start - 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_holds_no_letter_digit_or_mark() {
        for c in PUNCTUATION {
            assert!(
                !c.is_alphanumeric() && !is_combining_mark(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(class('\u{2019}'), Class::Other);
    }

    #[test]
    fn first_words_end_where_a_match_may_end() {
        for (text, start, end) in [
            ("korea's", 0, 5),
            ("south korea", 0, 5),
            ("café au lait", 0, 5),
            ("u.s. forces", 0, 1),
            ("이재명은 말했다", 0, 3),
            ("東京都", 0, 3),
            ("in seoul", 3, 8),
            ("al-qaeda", 0, 2),
        ] {
            assert_eq!(first_end(text, start).0, end, "{text:?} from {start}");
        }
        assert!(first_end("korea's", 0).2);
        assert!(
            !first_end("seoulд x", 0).2,
            "a word that goes on past ASCII"
        );
        assert!(!first_end("이재명은", 0).2);
    }

    proptest::proptest! {
        /// Eight bytes at a time, the run ends where a byte-by-byte scan
        /// ends it, whatever the bytes (digits, letters, the bytes beside
        /// their ranges, non-ASCII).
        #[test]
        fn ascii_word_end_agrees_with_a_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"/09:@AZ[`az{\x7f\x80\xc3\xe0\xff -".to_vec()),
                    proptest::num::u8::ANY,
                ],
                0..40,
            ),
            at in 0usize..40,
        ) {
            let at = at.min(bytes.len());
            let expected = at + bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            proptest::prop_assert_eq!(ascii_word_end(&bytes, at), expected);
        }
    }
}
