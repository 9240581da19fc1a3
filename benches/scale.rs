//! Dictionary scale, in one process: for the default dictionary and every
//! file in `GAZETTE_SCALE_DICTS` (comma-separated Gazette JSON Lines, e.g.
//! the synthetic ones of `bench/gen_dict.py`), where build time and memory
//! go, and extract throughput relative to the default dictionary measured in
//! the same run.
//!
//! ```sh
//! GAZETTE_SCALE_DICTS=bench/dicts/synth-100k.jsonl,bench/dicts/synth-1M.jsonl \
//!     cargo bench --bench scale
//! ```
//!
//! Without `GAZETTE_SCALE_DICTS` only the default dictionary is measured
//! (a few seconds). Time columns:
//! - `load`: `Dictionary::load` (read + serde parse + validation + generated
//!   variants + merge by id);
//! - `build`: `Engine::build` (folding, the alias maps, the automaton);
//! - `fold`: folding every alias alone (`normalize::fold_alias`);
//! - `nfa`: a contiguous NFA (`MatchKind::Standard`, no prefilter, as the
//!   engine builds above 20k patterns) over the folded aliases alone;
//!
//! memory columns (RSS deltas, MiB): after load (the `Entry` structs), after
//! build (the engine's maps and automaton), and the automaton's own heap
//! bytes (`Engine::automaton_bytes`). Throughput: median of 5 passes of
//! `Engine::extract` over the corpus (one thread).

use std::collections::HashSet;
use std::time::Instant;

use aho_corasick::{MatchKind, nfa::contiguous};
use gazette::dictionary::{Dictionary, Source};
use gazette::engine::normalize::fold_alias;
use gazette::engine::{Engine, Options};

mod common;

/// The allocator `gazette` itself uses (`src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn corpus() -> Vec<String> {
    common::corpus(4_000_000)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and
    // expects a quick exit.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut sources: Vec<(String, Vec<Source>)> = vec![("default".into(), vec![Source::Default])];
    if let Ok(list) = std::env::var("GAZETTE_SCALE_DICTS") {
        for path in list.split(',').filter(|p| !p.is_empty()) {
            sources.push((path.to_string(), vec![Source::File(path.into())]));
        }
    }
    println!("corpus: {} documents, {bytes} bytes", docs.len());
    println!(
        "| dictionary | entries | aliases (with generated) | folded patterns | load s | build s | fold s | nfa s | RSS after load MiB | + build MiB | automaton MiB | B/alias (load+build) | extract MB/s | × default |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut default_mbps = None;
    for (name, source) in sources {
        let rss0 = rss_mib();
        let t = Instant::now();
        let dictionary = Dictionary::load(&source).expect("dictionary loads");
        let load = t.elapsed().as_secs_f64();
        let rss1 = rss_mib();
        let entries = dictionary.entries().len();
        let aliases: usize = dictionary.entries().iter().map(|e| e.aliases.len()).sum();
        // Folding and the automaton alone, on the side (their memory is
        // freed before the engine is built).
        let t = Instant::now();
        let mut seen = HashSet::new();
        let mut patterns = Vec::new();
        for e in dictionary.entries() {
            for a in &e.aliases {
                let k = fold_alias(&a.text);
                if !k.is_empty() && seen.insert(k.clone()) {
                    patterns.push(k);
                }
            }
        }
        let fold = t.elapsed().as_secs_f64();
        drop(seen);
        let t = Instant::now();
        let nfa = contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&patterns)
            .expect("nfa");
        let nfa_s = t.elapsed().as_secs_f64();
        drop(nfa);
        drop(patterns);
        let rss2 = rss_mib();
        let t = Instant::now();
        let engine = Engine::build(dictionary).expect("engine builds");
        let build = t.elapsed().as_secs_f64();
        let rss3 = rss_mib();
        let options = Options::default();
        let mut runs = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let mut n = 0;
            for d in &docs {
                n += engine.extract(d, &options).mentions.len();
            }
            std::hint::black_box(n);
            runs.push(t.elapsed().as_secs_f64());
        }
        runs.sort_by(f64::total_cmp);
        let mbps = bytes as f64 / runs[2] / 1e6;
        let base = *default_mbps.get_or_insert(mbps);
        println!(
            "| {name} | {entries} | {aliases} | {} | {load:.2} | {build:.2} | {fold:.2} | {nfa_s:.2} | {:.0} | {:.0} | {:.0} | {:.0} | {mbps:.1} | {:.2}× |",
            engine.alias_count(),
            rss1 - rss0,
            rss3 - rss2,
            engine.automaton_bytes() as f64 / 1048576.0,
            ((rss1 - rss0) + (rss3 - rss2)) * 1048576.0 / aliases as f64,
            mbps / base,
        );
        drop(engine);
    }
}
