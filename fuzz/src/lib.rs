//! Checks shared by the fuzz targets. Every check panics (which libFuzzer
//! reports as a crash) when an invariant of gazette does not hold.

use std::sync::OnceLock;

use gazette::dictionary::{Dictionary, Format, Problem, Source};
use gazette::engine::dates::Date;
use gazette::engine::{Engine, Extraction, Options, Overlap, Referent};

/// A small dictionary that exercises the engine's rules: short forms, case
/// rules, hyphen variants, non-Latin scripts, spaCy patterns, ties.
pub const TEST_DICTIONARY: &str = include_str!("test_dictionary.jsonl");

/// Fuzz input as text: UTF-8 as is, anything else converted lossily.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The engines the extract target runs: the small test dictionary and the
/// embedded default dictionary. Built once per process.
pub fn engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let test = Dictionary::load(&[Source::Text {
            name: "fuzz-test.jsonl".to_string(),
            text: TEST_DICTIONARY.to_string(),
        }])
        .unwrap_or_else(|e| panic!("the fuzz test dictionary does not load:\n{e}"));
        let default = Dictionary::embedded()
            .unwrap_or_else(|e| panic!("the embedded dictionary does not load:\n{e}"));
        vec![
            Engine::build(test).expect("test engine"),
            Engine::build(default).expect("default engine"),
        ]
    })
}

/// A fixed document date, so that results do not depend on the day the
/// fuzzer runs.
pub fn fixed_date() -> Date {
    Date::parse("2025-07-01", false).expect("date")
}

/// Runs every overlap policy, with and without explanations, and checks
/// the invariants of an extraction.
pub fn check_extract(engine: &Engine, text: &str) {
    // Explain under a small --max-mentions: mentions and dropped are both
    // capped, the first in text order, and truncated says whether anything
    // was cut.
    let capped = engine.extract(
        text,
        &Options {
            explain: true,
            max_mentions: 3,
            date: Some(fixed_date()),
            ..Options::default()
        },
    );
    assert!(capped.mentions.len() <= 3 && capped.dropped.len() <= 3);
    let full = engine.extract(
        text,
        &Options {
            explain: true,
            date: Some(fixed_date()),
            ..Options::default()
        },
    );
    assert_eq!(
        capped.truncated,
        full.mentions.len() > 3 || full.dropped.len() > 3,
        "truncated says whether anything was cut"
    );
    let spans = |d: &[gazette::engine::Dropped]| -> Vec<(usize, usize)> {
        d.iter().map(|d| (d.start, d.end)).collect()
    };
    assert_eq!(
        spans(&capped.dropped),
        spans(&full.dropped[..full.dropped.len().min(3)]),
        "the first dropped candidates are kept"
    );
    for overlap in [Overlap::Longest, Overlap::All, Overlap::NoSub] {
        let mut plain = None;
        for explain in [false, true] {
            let options = Options {
                overlap,
                explain,
                date: Some(fixed_date()),
                ..Options::default()
            };
            let extraction = engine.extract(text, &options);
            check_extraction(engine, text, &extraction, overlap);
            let again = engine.extract(text, &options);
            assert_eq!(extraction, again, "extraction is not deterministic");
            if explain {
                // Explaining must not change what is found.
                let plain: &Extraction = plain.as_ref().unwrap();
                let strip = |e: &Extraction| {
                    e.mentions
                        .iter()
                        .map(|m| {
                            let mut m = m.clone();
                            m.explanation.clear();
                            m
                        })
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    strip(plain),
                    strip(&extraction),
                    "explain changed the mentions"
                );
                assert_eq!(
                    plain.named, extraction.named,
                    "explain changed the named entities"
                );
            } else {
                assert!(extraction.dropped.is_empty(), "dropped without explain");
                plain = Some(extraction);
            }
        }
    }
    // A type filter and a confidence threshold only remove mentions.
    let bit = gazette::dictionary::EntityType::Place.bit();
    let places = engine.extract(
        text,
        &Options {
            types: gazette::dictionary::EntityType::Place.into(),
            date: Some(fixed_date()),
            ..Options::default()
        },
    );
    check_extraction(engine, text, &places, Overlap::Longest);
    for m in &places.mentions {
        assert_eq!(
            m.entity_type.bit() & bit,
            bit,
            "type filter let {m:?} through"
        );
    }
    let confident = engine.extract(
        text,
        &Options {
            min_confidence: 0.85,
            date: Some(fixed_date()),
            ..Options::default()
        },
    );
    check_extraction(engine, text, &confident, Overlap::Longest);
    for m in &confident.mentions {
        assert!(m.confidence >= 0.85, "confidence filter let {m:?} through");
    }
}

/// The invariants of one extraction of `text`.
pub fn check_extraction(engine: &Engine, text: &str, extraction: &Extraction, overlap: Overlap) {
    let span_ok = |start: usize, end: usize| {
        start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for m in &extraction.mentions {
        assert!(
            span_ok(m.start, m.end),
            "bad mention span {}..{} of {}: {m:?}",
            m.start,
            m.end,
            text.len()
        );
        assert!(
            (0.0..=1.0).contains(&m.confidence),
            "confidence out of range: {m:?}"
        );
        check_referent(engine, extraction, m.referent);
        for &alternative in &m.alternatives {
            assert!(
                alternative < engine.entries().len(),
                "bad alternative {alternative}"
            );
        }
        // These index into the engine and the extraction: they must not panic.
        let _ = extraction.view(engine, m.referent);
        let _ = extraction.matched_alias(engine, text, m);
    }
    for d in &extraction.dropped {
        assert!(
            span_ok(d.start, d.end),
            "bad dropped span {}..{} of {}: {d:?}",
            d.start,
            d.end,
            text.len()
        );
        check_referent(engine, extraction, d.referent);
    }
    for pair in extraction.mentions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            (a.start, a.end) <= (b.start, b.end),
            "mentions out of order: {a:?} then {b:?}"
        );
        if overlap == Overlap::Longest {
            assert!(
                a.end <= b.start,
                "LONGEST mentions overlap: {a:?} and {b:?}"
            );
        }
    }
}

fn check_referent(engine: &Engine, extraction: &Extraction, referent: Referent) {
    match referent {
        Referent::Entry { entry, alias } => {
            assert!(entry < engine.entries().len(), "bad entry {entry}");
            if let Some(alias) = alias {
                assert!(
                    alias < engine.entries()[entry].aliases.len(),
                    "bad alias {alias}"
                );
            }
        }
        Referent::Named(index) => {
            assert!(index < extraction.named.len(), "bad named index {index}")
        }
    }
}

/// Parses `text` as a dictionary file in `format` and checks the problems
/// it reports; when it parses, builds an engine from it and tags with it.
pub fn check_dictionary(text: &str, format: Format) {
    let file = match format {
        Format::JsonLines => "fuzz/input.jsonl",
        Format::Tsv => "fuzz/input.tsv",
    };
    let lines = text.lines().count();
    match gazette::dictionary::parse(file, text, format) {
        Err(problems) => {
            assert!(!problems.is_empty(), "an error with no problem");
            for problem in &problems {
                check_problem(problem, file, lines);
            }
        }
        Ok(entries) => {
            for entry in &entries {
                assert!(!entry.id.is_empty() && !entry.name.is_empty(), "{entry:?}");
                assert_eq!(
                    entry.aliases.first().map(|a| &*a.text),
                    Some(&*entry.name)
                );
            }
            #[cfg(feature = "strict")]
            roundtrip(&entries);
            if entries.is_empty() {
                return;
            }
            let dictionary = Dictionary::from_entries(file, entries);
            let engine = Engine::build(dictionary).expect("engine from a parsed dictionary");
            // Tag the file itself and the aliases joined: every alias
            // should at least be a candidate somewhere.
            let mut sample = String::new();
            for entry in engine.entries() {
                for alias in &entry.aliases {
                    sample.push_str(&alias.text);
                    sample.push_str(", ");
                }
            }
            for text in [text, sample.as_str()] {
                let options = Options {
                    overlap: Overlap::Longest,
                    explain: true,
                    date: Some(fixed_date()),
                    ..Options::default()
                };
                let extraction = engine.extract(text, &options);
                check_extraction(&engine, text, &extraction, Overlap::Longest);
            }
        }
    }
    // The same text through the loader (format from the name).
    if let Err(error) = Dictionary::load(&[Source::Text {
        name: file.to_string(),
        text: text.to_string(),
    }]) {
        for problem in &error.problems {
            check_problem(problem, file, lines);
        }
    }
}

#[cfg(feature = "strict")]
fn roundtrip(entries: &[gazette::dictionary::Entry]) {
    let mut out = Vec::new();
    gazette::dictionary::export_jsonl(entries, &mut out).expect("export");
    let exported = String::from_utf8(out).expect("export is UTF-8");
    match gazette::dictionary::parse("export.jsonl", &exported, Format::JsonLines) {
        Ok(again) => assert_eq!(entries, &again[..], "export does not parse back the same"),
        Err(problems) => panic!("export does not parse back: {problems:?}\n{exported}"),
    }
}

fn check_problem(problem: &Problem, file: &str, lines: usize) {
    assert_eq!(problem.file, file);
    // `parse` has no file-level problems: every problem is on a line.
    assert!(
        problem.line >= 1 && problem.line <= lines + 1,
        "problem line {} out of 1..={}: {problem:?}",
        problem.line,
        lines + 1
    );
    assert!(!problem.reason.is_empty(), "empty reason: {problem:?}");
    let shown = problem.to_string();
    assert!(
        shown.starts_with(file),
        "{shown:?} does not start with {file:?}"
    );
    let marker = format!(":{}: ", problem.line);
    assert!(
        shown.contains(&marker),
        "{shown:?} does not contain {marker:?}"
    );
}

/// `Date::parse_strict`: what it accepts has the exact shape `YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD` in ASCII digits, and the lenient parser reads
/// it as the same date.
pub fn check_document_date(text: &str) {
    let Some(date) = Date::parse_strict(text) else {
        return;
    };
    let bytes = text.as_bytes();
    let shape: &[bool] = match bytes.len() {
        4 => &[true; 4],
        7 => &[true, true, true, true, false, true, true],
        10 => &[true, true, true, true, false, true, true, false, true, true],
        n => panic!("{text:?} ({n} bytes) accepted"),
    };
    for (&byte, &digit) in bytes.iter().zip(shape) {
        assert!(
            if digit {
                byte.is_ascii_digit()
            } else {
                byte == b'-'
            },
            "{text:?} accepted"
        );
    }
    assert_eq!(Date::parse(text, false), Some(date), "{text:?}");
}

/// A response body of frames cut from `data` (each repeated, so that some
/// are larger than a piece) through `transport::Watched`: every byte comes
/// back in order, no piece is larger than `PIECE_BYTES`, and the trailers
/// come last.
pub fn check_response_pieces(data: &[u8]) {
    use bytes::Bytes;
    use gazette::transport::{PIECE_BYTES, Watched};
    use http_body::{Body, Frame};
    use std::collections::VecDeque;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    struct Frames(VecDeque<Frame<Bytes>>);
    impl Body for Frames {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Ready(self.0.pop_front().map(Ok))
        }
    }
    let mut expected = Vec::new();
    let mut frames = VecDeque::new();
    for chunk in data.chunks(7) {
        let repeat = 1 + usize::from(chunk[0]) * 97;
        let frame: Vec<u8> = chunk
            .iter()
            .copied()
            .cycle()
            .take(chunk.len() * repeat)
            .collect();
        expected.extend_from_slice(&frame);
        frames.push_back(Frame::data(Bytes::from(frame)));
    }
    let mut trailers = http::HeaderMap::new();
    trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
    frames.push_back(Frame::trailers(trailers));
    let mut body = Watched::new(Frames(frames), None, std::time::Duration::ZERO, "fuzz");
    let mut cx = Context::from_waker(Waker::noop());
    let mut got = Vec::new();
    let mut saw_trailers = false;
    while let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut cx) {
        let frame = frame.expect("infallible");
        assert!(!saw_trailers, "a frame after the trailers");
        match frame.into_data() {
            Ok(piece) => {
                assert!(
                    piece.len() <= PIECE_BYTES,
                    "a piece of {} bytes",
                    piece.len()
                );
                got.extend_from_slice(&piece);
            }
            Err(frame) => saw_trailers = frame.is_trailers(),
        }
    }
    assert!(saw_trailers, "the trailers came through");
    assert!(got == expected, "the pieces give back the body");
}
