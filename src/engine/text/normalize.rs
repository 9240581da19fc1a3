//! Normalization with an offset map.
//!
//! Matching runs on a folded copy of the text: lower case, compatibility
//! forms (full-width letters), one form of quote and apostrophe, hyphens
//! and dashes as spaces,
//! invisible characters removed, and Latin, Greek and Cyrillic diacritics
//! stripped so that `Erdogan` finds `Erdoğan`. Aliases go through the very
//! same function, so both sides always agree.
//!
//! The folded copy keeps, for each of its bytes, the byte offset of the
//! original character it came from, so matches are reported in the
//! original text, always on `char` boundaries.

use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

use super::swar;

/// A folded copy of a text and the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// One entry per non-ASCII character of the original, in order. ASCII
    /// characters fold to one byte each, so between two entries the folded
    /// text and the original are aligned byte for byte; the map costs
    /// nothing for ASCII and a few bytes per curly quote, where a per-byte
    /// map would cost four bytes per byte of every text.
    map: Vec<Folded>,
    /// The original's length in bytes.
    original_len: usize,
}

/// Where one non-ASCII character went: its folded form (possibly empty)
/// and the character in the original.
#[derive(Debug, Clone, Copy)]
struct Folded {
    start: u32,
    end: u32,
    original_start: u32,
    original_end: u32,
}

impl Normalized {
    /// Folds `original` for matching, lower-casing it.
    pub fn new(original: &str) -> Normalized {
        let bytes = original.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(original.len() + 16);
        let mut map = Vec::new();
        // The folded form of one non-ASCII character.
        let mut folded = String::new();
        let mut at = 0;
        loop {
            // A run of ASCII, eight bytes at a time while it lasts: news is
            // mostly ASCII between its curly quotes and dashes.
            while let Some(chunk) = bytes.get(at..at + 8) {
                let chunk: [u8; 8] = chunk.try_into().unwrap_or_default();
                let lanes = u64::from_le_bytes(chunk);
                if swar::non_ascii(lanes) != 0 {
                    break;
                }
                text.extend_from_slice(&fold_ascii8(lanes).to_le_bytes());
                at += 8;
            }
            while let Some(&b) = bytes.get(at).filter(|b| b.is_ascii()) {
                text.push(ASCII_FOLDED[b as usize]);
                at += 1;
            }
            let Some(c) = original[at..].chars().next() else {
                break;
            };
            folded.clear();
            fold_char(c, true, &mut folded);
            map.push(Folded {
                start: text.len() as u32,
                end: (text.len() + folded.len()) as u32,
                original_start: at as u32,
                original_end: (at + c.len_utf8()) as u32,
            });
            text.extend_from_slice(folded.as_bytes());
            at += c.len_utf8();
        }
        Normalized {
            // Folded ASCII bytes and whole folded characters: valid UTF-8.
            text: String::from_utf8(text).unwrap_or_default(),
            map,
            original_len: original.len(),
        }
    }

    /// Where the folded span `start..end` (not empty) begins in the
    /// original, if the two are aligned byte for byte over it: no non-ASCII
    /// character of the original folded into it, nor into nothing inside
    /// it or just before it. `cursor` starts at 0 and carries the search
    /// from one span to the next, which must come later.
    pub fn aligned(&self, cursor: &mut usize, start: usize, end: usize) -> Option<usize> {
        // The characters folded before `end`; the last of them decides.
        while self
            .map
            .get(*cursor)
            .is_some_and(|f| (f.start as usize) < end)
        {
            *cursor += 1;
        }
        match cursor.checked_sub(1).map(|i| self.map[i]) {
            None => Some(start),
            Some(f) if (f.start as usize) < start && f.end as usize <= start => {
                Some(f.original_end as usize + (start - f.end as usize))
            }
            Some(_) => None,
        }
    }

    /// The original byte offset of folded byte `at`: the start of the
    /// character that produced it.
    fn original_of(&self, at: usize) -> usize {
        let at32 = at as u32;
        // The last character folded at or before `at`; several that fold
        // to nothing may share a position, and the last of them counts.
        let index = self.map.partition_point(|f| f.start <= at32);
        let Some(folded) = index.checked_sub(1).map(|i| self.map[i]) else {
            return at;
        };
        if at32 < folded.end {
            folded.original_start as usize
        } else {
            folded.original_end as usize + (at - folded.end as usize)
        }
    }

    /// The original byte offset where the folded span starting at `start`
    /// begins.
    pub fn original_start(&self, start: usize) -> usize {
        if start >= self.text.len() {
            // Past the end (an empty span at the end): the original's end.
            return self.original_len;
        }
        self.original_of(start)
    }

    /// The original byte offset where the folded span ending at `end`
    /// (exclusive, `end > 0`) ends: the end of the original character that
    /// produced the span's last byte.
    pub fn original_end(&self, original: &str, end: usize) -> usize {
        if end == 0 {
            return 0;
        }
        if end > self.text.len() {
            return original.len();
        }
        let last = self.original_of(end - 1);
        last + original[last..].chars().next().map_or(0, char::len_utf8)
    }
}

/// Folds a string without the offset map. With `lower` false, case is kept
/// (for checking case-sensitive aliases against the text).
pub fn fold(text: &str, lower: bool) -> String {
    if text.is_ascii() {
        let bytes = text.bytes().map(|b| fold_ascii(b, lower)).collect();
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, lower, &mut out);
    }
    out
}

/// Folds an alias for the automaton: as [`fold`], with runs of spaces
/// collapsed and trimmed, so that a dictionary's stray spaces do not matter.
pub fn fold_alias(text: &str) -> String {
    collapse_spaces(fold(text, true))
}

/// Collapses runs of spaces into one and trims them, reusing the string
/// when there is nothing to do (almost always).
pub fn collapse_spaces(folded: String) -> String {
    if !folded.starts_with(' ') && !folded.ends_with(' ') && !has_double_space(&folded) {
        return folded;
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` has two spaces in a row: a byte loop, where
/// `contains("  ")` sets up a substring search for every short string.
pub(crate) fn has_double_space(text: &str) -> bool {
    text.as_bytes().windows(2).any(|pair| pair == b"  ")
}

/// [`fold_ascii`] with `lower`, as a table.
static ASCII_FOLDED: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = fold_ascii(b as u8, true);
        b += 1;
    }
    table
};

/// [`fold_ascii`] with `lower` of eight ASCII bytes at once, in a `u64`
/// whose bytes are all below 0x80: upper-case letters lowered, control
/// spaces and hyphens made spaces.
#[inline]
fn fold_ascii8(bytes: u64) -> u64 {
    let spaces = swar::mask(swar::in_range(bytes, b'\t', b'\r') | swar::equal_to(bytes, b'-'));
    (swar::to_lower(bytes) & !spaces) | (spaces & swar::splat::<u64>(b' '))
}

/// Folds one ASCII byte, as [`fold`] does.
#[inline]
pub(crate) const fn fold_ascii(b: u8, lower: bool) -> u8 {
    match b {
        // A hyphen matches a space: "Yoon Suk-yeol" is "Yoon Suk Yeol",
        // "Takht Ravanchi" is "Takht-Ravanchi".
        b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'-' => b' ',
        b'A'..=b'Z' if lower => b + 32,
        _ => b,
    }
}

/// Appends the folded form of one character.
fn fold_char(c: char, lower: bool, out: &mut String) {
    if c.is_ascii() {
        out.push(fold_ascii(c as u8, lower) as char);
        return;
    }
    match c {
        // Invisible: soft hyphen, zero-width characters, bidi controls, BOM.
        '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {}
        // Spaces.
        '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{85}' => out.push(' '),
        // Apostrophes and single quotes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => out.push('\''),
        // Double quotes.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => out.push('"'),
        // Hyphens and dashes.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push(' ')
        }
        // Letters that carry their mark inside them.
        'ø' => out.push('o'),
        'Ø' => push_folded('O', lower, out),
        'đ' => out.push('d'),
        'Đ' => push_folded('D', lower, out),
        'ł' => out.push('l'),
        'Ł' => push_folded('L', lower, out),
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'Æ' => out.push_str(if lower { "ae" } else { "AE" }),
        'œ' => out.push_str("oe"),
        'Œ' => out.push_str(if lower { "oe" } else { "OE" }),
        // Full-width forms, ligatures and letter-like symbols (the Kelvin
        // and Angstrom signs): their compatibility equivalents.
        '\u{FB00}'..='\u{FB06}' | '\u{FF01}'..='\u{FF5E}' | '\u{2100}'..='\u{214F}' => {
            // Symbols with no equivalent (U+2104) decompose to themselves:
            // fold those as they are, never through this arm again.
            let mut parts: Vec<char> = Vec::with_capacity(4);
            decompose_compatible(c, |d| parts.push(d));
            if parts == [c] {
                push_folded(c, lower, out);
            } else {
                for part in parts {
                    fold_char(part, lower, out);
                }
            }
        }
        // Latin, Greek and Cyrillic letters: strip diacritics. The range
        // holds the combining diacritics too, which fold to nothing.
        '\u{C0}'..='\u{52F}' | '\u{1E00}'..='\u{1FFF}' => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                push_folded(d, lower, out)
            }
        }),
        _ => push_folded(c, lower, out),
    }
}

fn push_folded(c: char, lower: bool, out: &mut String) {
    if c.is_ascii() {
        out.push(fold_ascii(c as u8, lower) as char);
    } else if lower {
        // A lower-case form can itself need folding (the Angstrom sign
        // lowers to "å", capital sharp s to "ß"): fold it again, so that
        // folding folded text changes nothing.
        for lowered in c.to_lowercase() {
            if lowered == c {
                out.push(lowered);
            } else {
                fold_char(lowered, lower, out);
            }
        }
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_fold_as_each_byte_does() {
        // Every ASCII byte in every position, beside every other.
        for a in 0..128u8 {
            for b in 0..128u8 {
                let bytes = [a, b, b, a, a, b, a, b];
                let expected = bytes.map(|x| fold_ascii(x, true));
                let got = fold_ascii8(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(got, expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn ascii_letters_and_digits_fold_to_letters_and_digits_and_nothing_else_does() {
        // The scan's word list relies on it (`words::WordList`).
        for b in 0..128u8 {
            assert_eq!(
                ASCII_FOLDED[b as usize].is_ascii_alphanumeric(),
                b.is_ascii_alphanumeric(),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn aligned_spans_start_where_the_original_does() {
        let original = "Erdoğan met “Lee” in\u{200b}Seoul";
        let n = Normalized::new(original);
        assert_eq!(n.text, "erdogan met \"lee\" inseoul");
        let mut cursor = 0;
        // "erdogan": "ğ" folded inside it.
        assert_eq!(n.aligned(&mut cursor, 0, 7), None);
        // "met", after "ğ" (2 bytes folded to 1).
        assert_eq!(n.aligned(&mut cursor, 8, 11), Some(9));
        // "lee", after a curly quote (3 bytes folded to 1).
        assert_eq!(n.aligned(&mut cursor, 13, 16), Some(16));
        // "inseoul": a zero-width space folded to nothing inside it.
        assert_eq!(n.aligned(&mut cursor, 18, 25), None);
        let ascii = Normalized::new("in Seoul");
        assert_eq!(ascii.aligned(&mut 0, 3, 8), Some(3));
    }

    macro_rules! folds {
        ($($name:ident: $input:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(fold($input, true), $expected);
            }
        )*};
    }

    folds! {
        ascii_lowered: "South KOREA" => "south korea";
        curly_apostrophe: "Lee\u{2019}s" => "lee's";
        diacritics: "Erdoğan Zelenskyy Việt Nam" => "erdogan zelenskyy viet nam";
        full_width: "ＵＳＡ" => "usa";
        nbsp: "South\u{A0}Korea" => "south korea";
        en_dash: "Seoul\u{2013}Washington" => "seoul washington";
        hyphen_is_a_space: "Yoon Suk-yeol" => "yoon suk yeol";
        soft_hyphen_dropped: "Tru\u{AD}mp" => "trump";
        hangul_kept: "이재명은" => "이재명은";
        kana_voicing_kept: "ガザ" => "ガザ";
        cyrillic: "Путин" => "путин";
        stroke_letters: "Łódź Ørsted" => "lodz orsted";
        letterlike_symbols: "\u{212B}ngstr\u{F6}m \u{212A}elvin" => "angstrom kelvin";
        capital_sharp_s: "STRA\u{1E9E}E" => "strasse";
    }

    #[test]
    fn symbols_without_an_equivalent_fold_as_themselves() {
        // Found by the normalize fuzz target: U+2104 once looped forever.
        let text = "\u{2104}\u{2104}\u{212B}\u{2126} \u{C5}ngstr\u{F6}m";
        assert_eq!(fold(text, true), "\u{2104}\u{2104}a\u{3C9} angstrom");
    }

    #[test]
    fn folding_is_idempotent() {
        for text in [
            "\u{212B}ngstr\u{F6}m",
            "STRA\u{1E9E}E",
            "İstanbul Ǆ ǅ ﬃ ＡＢ",
        ] {
            let once = fold(text, true);
            assert_eq!(fold(&once, true), once, "{text:?}");
        }
    }

    #[test]
    fn case_preserving_fold_keeps_case() {
        assert_eq!(fold("US\u{2019}s Erdoğan", false), "US's Erdogan");
    }

    #[test]
    fn offsets_map_back_to_original_chars() {
        let original = "“Erdoğan” İstanbul";
        let n = Normalized::new(original);
        let start = n.text.find("erdogan").unwrap();
        let end = start + "erdogan".len();
        let (s, e) = (n.original_start(start), n.original_end(original, end));
        assert_eq!(&original[s..e], "Erdoğan");
        let start = n.text.find("stanbul").unwrap() - 1;
        // İ lower-cases to two chars; the span still starts on its boundary.
        let s = n.original_start(start);
        assert!(original.is_char_boundary(s));
    }

    #[test]
    fn sparse_map_agrees_with_a_map_per_byte() {
        for original in [
            "plain ASCII, Seoul-based",
            "“Erdoğan” İstanbul — ﬃ ＡＢ ß",
            "e\u{301}x \u{200B}Korea\u{200B}\u{200B} Æsir",
            "\u{200B}",
            "이재명은 東京 Ελλάδα Москва",
            // ASCII runs longer than the eight bytes folded at once, with
            // capitals, hyphens and controls inside them.
            "The Prime-Minister\tof JAPAN \u{201C}Shigeru ISHIBA\u{201D} met\r\nKIM Jong-un\u{2019}s envoy — in PYONGYANG-",
        ] {
            let n = Normalized::new(original);
            // The reference: for each folded byte, the original offset of
            // the character it came from.
            let mut per_byte = Vec::new();
            let mut folded = String::new();
            for (offset, c) in original.char_indices() {
                fold_char(c, true, &mut folded);
                per_byte.resize(folded.len(), offset);
            }
            assert_eq!(n.text, folded);
            for (at, &offset) in per_byte.iter().enumerate() {
                assert_eq!(n.original_start(at), offset, "{original:?} at {at}");
                let end = offset + original[offset..].chars().next().unwrap().len_utf8();
                assert_eq!(
                    n.original_end(original, at + 1),
                    end,
                    "{original:?} end {at}"
                );
            }
            assert_eq!(n.original_start(folded.len()), original.len());
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
