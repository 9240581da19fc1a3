//! What both benchmarks share: the corpus, built in Rust exactly as
//! `bench/make_corpus.py` builds it, so `cargo bench` needs only a clone.

use serde_json::Value;

/// The repository root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The dev set's passages and the seed article, repeated until they hold
/// at least `target` bytes of text.
pub fn corpus(target: usize) -> Vec<String> {
    let dev = std::fs::read_to_string(format!("{ROOT}/tests/data/dev/dev.jsonl"))
        .expect("tests/data/dev/dev.jsonl");
    let mut docs: Vec<String> = dev
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("dev.jsonl line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect();
    docs.push(
        std::fs::read_to_string(format!("{ROOT}/tests/data/seed/article.txt"))
            .expect("tests/data/seed/article.txt"),
    );
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
