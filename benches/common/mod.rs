//! What both benchmarks share: the corpus, built in Rust exactly as
//! `bench/make_corpus.py` builds it, so `cargo bench` needs only a clone.

use serde_json::Value;

/// The repository root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The real news of the repository: the dev set's and the test set's
/// passages, then the seed article (45 KB in all).
pub const SOURCES: [&str; 3] = [
    "tests/data/dev/dev.jsonl",
    "tests/data/test/test.jsonl",
    "tests/data/seed/article.txt",
];

/// The documents of [`SOURCES`] (or, if `GAZETTE_CORPUS` names a JSON Lines
/// file, that file's `text` fields), repeated until they hold at least
/// `target` bytes of text.
///
/// The repetition is why both gold sets go in: a branch predictor learns a
/// text that comes round every 23 KB (the dev set alone), and every scan
/// runs faster on it than on a longer round of the same kind of news or on
/// prose that never repeats (docs/performance.md, "The corpus").
pub fn corpus(target: usize) -> Vec<String> {
    let docs = match std::env::var("GAZETTE_CORPUS") {
        Ok(path) => jsonl_texts(&path),
        Err(_) => {
            let mut docs = jsonl_texts(&format!("{ROOT}/{}", SOURCES[0]));
            docs.extend(jsonl_texts(&format!("{ROOT}/{}", SOURCES[1])));
            let seed = format!("{ROOT}/{}", SOURCES[2]);
            docs.push(std::fs::read_to_string(&seed).unwrap_or_else(|e| panic!("{seed}: {e}")));
            docs
        }
    };
    assert!(!docs.is_empty(), "the corpus has no documents");
    let mut out = Vec::new();
    let mut total = 0;
    'fill: loop {
        for d in &docs {
            total += d.len();
            out.push(d.clone());
            if total >= target {
                break 'fill;
            }
        }
    }
    out
}

/// The `text` of each line of a JSON Lines file.
fn jsonl_texts(path: &str) -> Vec<String> {
    let jsonl = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}"));
            v["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}: a line without \"text\""))
                .to_string()
        })
        .collect()
}
