//! Arbitrary text through `Engine::extract`, with a small test dictionary
//! and the embedded default, every overlap policy, explain on and off:
//! spans on char boundaries, in text order, no overlaps under LONGEST,
//! deterministic, explain changes nothing but explanations.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = gazette_fuzz::text_of(data);
    for engine in gazette_fuzz::engines() {
        gazette_fuzz::check_extract(engine, &text);
    }
});
