//! Each engine stage against a bare Aho-Corasick scan, in one process:
//! `cargo bench --bench stages` prints the median of 5 passes of each over
//! the 4 MB corpus, with its ratio to the bare scan (a number as an
//! argument sets the passes; under `cargo test`, one pass over 50 KB).
//! `STAGE=scan|resolve|extract|tag` runs one stage 20 times instead, for
//! `perf record`; `STAGE=interference` times both scans with other work
//! between documents (see [`interference`]). To compare two builds, run their
//! `target/release/deps/stages-*` binaries alternately.
use gazette::dictionary::Dictionary;
use gazette::engine::normalize::Normalized;
use gazette::engine::{Engine, Options};
use gazette::tag::{Document, tag_line};
use std::time::Instant;

mod common;

/// The allocator `gazette` itself uses (`src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// The pair with the median first element (so both come from one run).
fn median_pair(mut v: Vec<(f64, f64)>) -> (f64, f64) {
    v.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    v[v.len() / 2]
}

fn main() {
    // `cargo test` runs this without `--bench`: one quick pass over a small
    // corpus then, as criterion does, so the suite checks that it runs.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let timing = args
        .iter()
        .any(|a| a == "--bench" || a.parse::<usize>().is_ok())
        || std::env::var_os("STAGE").is_some();
    let docs = common::corpus(if timing { 4_000_000 } else { 50_000 });
    let bytes: usize = docs.iter().map(String::len).sum();
    let engine = Engine::build(Dictionary::embedded().unwrap()).unwrap();
    let lowered: Vec<String> = docs.iter().map(|d| d.to_lowercase()).collect();
    let aliases: Vec<String> = {
        let mut v = Vec::new();
        for e in engine.entries() {
            v.push(e.name.to_lowercase());
            for a in &e.aliases {
                v.push(a.text.to_lowercase());
            }
        }
        v
    };
    let bare = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&aliases)
        .unwrap();
    let options = Options::default();
    if std::env::var("STAGE").as_deref() == Ok("interference") {
        interference(&engine, &bare, &docs, &lowered);
        return;
    }
    if let Ok(stage) = std::env::var("STAGE") {
        let cands: Vec<_> = docs.iter().map(|d| engine.scan(d)).collect();
        for _ in 0..20 {
            let n: usize = match stage.as_str() {
                "scan" => docs.iter().map(|d| engine.scan(d).candidates.len()).sum(),
                "resolve" => docs
                    .iter()
                    .zip(&cands)
                    .map(|(d, c)| engine.resolve(d, c.clone(), &options).mentions.len())
                    .sum(),
                "tag" => docs
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        tag_line(
                            &engine,
                            &options,
                            &Document {
                                id: serde_json::Value::from(i),
                                text: d.clone(),
                            },
                        )
                        .len()
                    })
                    .sum(),
                _ => docs
                    .iter()
                    .map(|d| engine.extract(d, &options).mentions.len())
                    .sum(),
            };
            std::hint::black_box(n);
        }
        return;
    }
    let runs = match args.iter().find_map(|a| a.parse().ok()) {
        Some(runs) => runs,
        None if timing => 5,
        None => 1,
    };
    let time = |f: &dyn Fn() -> usize| -> f64 {
        median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(f());
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    let base = time(&|| {
        lowered
            .iter()
            .map(|d| bare.find_iter(d.as_str()).count())
            .sum()
    });
    let norm = time(&|| docs.iter().map(|d| Normalized::new(d).text.len()).sum());
    let scan = time(&|| docs.iter().map(|d| engine.scan(d).candidates.len()).sum());
    let cands: Vec<_> = docs.iter().map(|d| engine.scan(d)).collect();
    let ncand: usize = cands.iter().map(|c| c.candidates.len()).sum();
    let resolve = time(&|| {
        docs.iter()
            .zip(&cands)
            .map(|(d, c)| engine.resolve(d, c.clone(), &options).mentions.len())
            .sum()
    });
    let extract = time(&|| {
        docs.iter()
            .map(|d| engine.extract(d, &options).mentions.len())
            .sum()
    });
    // The two halves of `extract` timed inside it, document by document:
    // each stage run alone over the whole corpus keeps its tables in cache
    // and its branches learned, and takes far less time than it does here.
    let halves = median_pair(
        (0..runs)
            .map(|_| {
                let (mut scan, mut resolve) = (0.0, 0.0);
                for d in &docs {
                    let t = Instant::now();
                    let c = engine.scan(d);
                    let between = Instant::now();
                    std::hint::black_box(engine.resolve(d, c, &options).mentions.len());
                    scan += (between - t).as_secs_f64() * 1e3;
                    resolve += between.elapsed().as_secs_f64() * 1e3;
                }
                (scan, resolve)
            })
            .collect(),
    );
    let nment: usize = docs
        .iter()
        .map(|d| engine.extract(d, &options).mentions.len())
        .sum();
    let resolved: usize = docs
        .iter()
        .zip(&cands)
        .map(|(d, c)| engine.resolve(d, c.clone(), &options).mentions.len())
        .sum();
    assert_eq!(resolved, nment, "extract is scan, then resolve");
    assert!(nment > ncand / 2, "{nment} mentions of {ncand} candidates");
    let documents: Vec<Document> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Document {
            id: serde_json::Value::from(format!("d{i}")),
            text: d.clone(),
        })
        .collect();
    let tag = time(&|| {
        documents
            .iter()
            .map(|d| tag_line(&engine, &options, d).len())
            .sum()
    });
    println!(
        "{bytes} bytes, {ncand} candidates, {nment} mentions, automaton {}",
        engine.automaton_kind()
    );
    for (name, ms) in [
        ("bare", base),
        ("normalize", norm),
        ("scan", scan),
        ("resolve", resolve),
        ("extract", extract),
        ("scan_in", halves.0),
        ("resolve_in", halves.1),
        ("tag_line", tag),
    ] {
        println!(
            "{name:10} {ms:8.1} ms {:7.1} MB/s {:5.2}x",
            bytes as f64 / ms / 1e3,
            base / ms
        );
    }
}

/// `STAGE=interference`: how much of the scan's speed alone comes from
/// running alone. The scan, and the bare scan beside it, timed document by
/// document with something else run before each document, as the resolve
/// stage and the rest of the pipeline run before the next document's scan:
/// reads of memory that push the scan's tables out of cache, or branches
/// that no predictor can learn. Prints the median of 3 passes of each.
fn interference(
    engine: &Engine,
    bare: &aho_corasick::AhoCorasick,
    docs: &[String],
    lowered: &[String],
) {
    let memory: Vec<u64> = (0..1u64 << 18)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    // Between documents: nothing, a read of the first `kib` KiB of
    // `memory`, or 20,000 coin-flip branches.
    let noises: [(&str, Option<usize>); 6] = [
        ("nothing", Some(0)),
        ("256 KiB read", Some(256)),
        ("512 KiB read", Some(512)),
        ("1 MiB read", Some(1024)),
        ("2 MiB read", Some(2048)),
        ("branches", None),
    ];
    println!(
        "ms per pass over {} documents, with before each:",
        docs.len()
    );
    for (name, kib) in noises {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut noise = || match kib {
            Some(kib) => memory[..kib * 128]
                .iter()
                .fold(0u64, |a, x| a.wrapping_add(*x)),
            None => (0..20_000).fold(0u64, |a, _| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if state & 1 == 0 { a + 1 } else { a ^ state }
            }),
        };
        let mut pass = |scan: &dyn Fn(usize) -> usize| {
            median(
                (0..3)
                    .map(|_| {
                        let mut ms = 0.0;
                        for i in 0..docs.len() {
                            std::hint::black_box(noise());
                            let t = Instant::now();
                            std::hint::black_box(scan(i));
                            ms += t.elapsed().as_secs_f64() * 1e3;
                        }
                        ms
                    })
                    .collect(),
            )
        };
        let ours = pass(&|i| engine.scan(&docs[i]).candidates.len());
        let theirs = pass(&|i| bare.find_iter(lowered[i].as_str()).count());
        println!(
            "{name:14} scan {ours:6.1}   bare {theirs:6.1}   ratio {:.2}x",
            theirs / ours
        );
    }
}
