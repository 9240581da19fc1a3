//! Criterion benchmarks of the engine's public stages, against the
//! algorithmic limit: one bare Aho-Corasick scan (contiguous NFA,
//! leftmost-longest) over already lower-cased text with the same aliases
//! lower-cased, counting matches only.
//!
//! The corpus is built here exactly as `bench/make_corpus.py` builds it: the
//! real passages of the dev and test sets plus tests/data/seed/article.txt
//! (45 KB), repeated until the text reaches
//! `GAZETTE_BENCH_MB` megabytes (default 4). So `cargo bench` needs nothing
//! but a clone. `bench/criterion_summary.py` prints the medians and the
//! engine/baseline ratios from target/criterion.
//!
//! Measurement times are short on purpose (the whole `cargo bench` runs in
//! about two minutes on 2 cores); pass `--measurement-time` to go longer.

use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use gazette::api::convert::{OffsetEncoding, convert_offsets};
use gazette::dictionary::{Dictionary, export_jsonl};
use gazette::engine::normalize::Normalized;
use gazette::engine::{Engine, Options, Overlap};
use gazette::tag::{Document, tag_line};
use serde_json::Value;

mod common;

/// The allocator `gazette` itself uses (`src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The corpus documents, as `bench/make_corpus.py` writes them.
fn corpus() -> Vec<String> {
    let mb: f64 = std::env::var("GAZETTE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4.0);
    common::corpus((mb * 1_000_000.0) as usize)
}

/// Every name and alias of `gazette dict export`, lower-cased.
fn exported_aliases(dictionary: &Dictionary) -> Vec<String> {
    let mut bytes = Vec::new();
    export_jsonl(dictionary.entries(), &mut bytes).expect("export");
    let mut aliases = Vec::new();
    for line in String::from_utf8(bytes).expect("utf-8").lines() {
        let v: Value = serde_json::from_str(line).expect("export line");
        if let Some(name) = v["name"].as_str() {
            aliases.push(name.to_lowercase());
        }
        if let Some(list) = v["aliases"].as_array() {
            for a in list {
                let text = a.as_str().or_else(|| a["text"].as_str());
                if let Some(t) = text {
                    aliases.push(t.to_lowercase());
                }
            }
        }
    }
    aliases
}

/// Benchmarks `count` over every document, summing what it counts so that
/// nothing is optimized away.
fn over_docs<T>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    docs: &[T],
    count: impl Fn(&T) -> usize,
) {
    g.bench_function(name, |b| {
        b.iter(|| black_box(docs.iter().map(&count).sum::<usize>()))
    });
}

fn benches(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let lowered: Vec<String> = docs.iter().map(|d| d.to_lowercase()).collect();
    let dictionary = Dictionary::embedded().expect("embedded dictionary");
    let aliases = exported_aliases(&dictionary);
    let engine = Engine::build(dictionary.clone()).expect("engine");
    let bare = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&aliases)
        .expect("bare automaton");
    eprintln!(
        "corpus: {} documents, {bytes} bytes; {} exported aliases, {} folded patterns",
        docs.len(),
        aliases.len(),
        engine.alias_count()
    );

    let mut g = c.benchmark_group("throughput");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));

    over_docs(&mut g, "baseline_bare_scan", &lowered, |d| {
        bare.find_iter(d.as_str()).count()
    });
    for (name, overlap) in [
        ("extract_longest", Overlap::Longest),
        ("extract_all", Overlap::All),
        ("extract_nosub", Overlap::NoSub),
    ] {
        let options = Options {
            overlap,
            ..Options::default()
        };
        over_docs(&mut g, name, &docs, |d| {
            engine.extract(d, &options).mentions.len()
        });
    }
    let options = Options::default();
    // The two stages of `extract`: the scan (normalize, walk the automaton
    // from word starts, boundaries, case rules, and the words with their
    // lists where it can split them), then the context layer (the words
    // where the scan did not, titles, organization patterns, overlaps,
    // ambiguity, short forms, confidence) over the scan's output.
    over_docs(&mut g, "scan", &docs, |d| engine.scan(d).candidates.len());
    let scanned: Vec<_> = docs.iter().map(|d| engine.scan(d)).collect();
    g.bench_function("resolve", |b| {
        b.iter_batched(
            || scanned.clone(),
            |scanned| {
                let mut n = 0usize;
                for (d, scanned) in docs.iter().zip(scanned) {
                    n += engine.resolve(d, scanned, &options).mentions.len();
                }
                black_box(n)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    over_docs(&mut g, "context_words", &docs, |d| {
        gazette::engine::words(d).len()
    });
    over_docs(&mut g, "normalize", &docs, |d| {
        Normalized::new(d).text.len()
    });
    let offsets: Vec<Vec<usize>> = docs
        .iter()
        .map(|d| {
            engine
                .extract(d, &options)
                .mentions
                .iter()
                .flat_map(|m| [m.start, m.end])
                .collect()
        })
        .collect();
    for (name, encoding) in [
        ("convert_offsets_utf16", OffsetEncoding::Utf16),
        ("convert_offsets_codepoint", OffsetEncoding::CodePoint),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0usize;
                for (d, o) in docs.iter().zip(&offsets) {
                    n += convert_offsets(d, o, encoding).len();
                }
                black_box(n)
            })
        });
    }
    let documents: Vec<Document> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Document {
            id: Value::from(format!("d{i}")),
            text: d.clone(),
        })
        .collect();
    over_docs(&mut g, "tag_line_json", &documents, |d| {
        tag_line(&engine, &options, d).len()
    });
    g.finish();

    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("dictionary_load_embedded", |b| {
        b.iter(|| black_box(Dictionary::embedded().expect("load").entries().len()))
    });
    g.bench_function("engine_build", |b| {
        b.iter_batched(
            || dictionary.clone(),
            |d| black_box(Engine::build(d).expect("build").alias_count()),
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("bare_automaton_build", |b| {
        b.iter(|| {
            black_box(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&aliases)
                    .expect("bare automaton")
                    .patterns_len(),
            )
        })
    });
    g.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
