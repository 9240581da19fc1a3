//! Arbitrary text parsed as a JSON Lines dictionary (Gazette entries and
//! spaCy patterns): no panic, every problem on a real line and displayed as
//! `file:line: reason`; what parses builds an engine that can tag.
#![no_main]

use gazette::dictionary::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gazette_fuzz::check_dictionary(&gazette_fuzz::text_of(data), Format::JsonLines);
});
