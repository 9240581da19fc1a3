#!/usr/bin/env python3
"""Gazette against Python dictionary taggers, on the same aliases and corpus.

Run through bench/run_peers.sh (it makes bench/.venv, the corpus and the
release binary). Each peer is built once over the names and aliases that
`gazette dict export` writes (lower-cased), then scans every corpus document
--runs times; the table shows the median MB/s (MB = 10^6 bytes of UTF-8
text, the JSON framing not counted) and the ratio to flashtext.

Peers (single-threaded, as Python runs them):
  flashtext       KeywordProcessor(case_sensitive=False), its default word
                  boundaries, extract_keywords(span_info=True)
  pyahocorasick   Automaton over lower-cased aliases, iter() over text.lower()
                  (every overlapping match), then a Python word-boundary
                  filter (no alphanumeric char on either side)
  ahocorasick_rs  MatchKind.LeftmostLongest over lower-cased aliases,
                  find_matches_as_indexes(text.lower()), same boundary filter
  spacy           spacy.blank("en") tokenizer + PhraseMatcher(attr="LOWER");
                  by default over every alias up to --spacy-max-aliases, on
                  the first --spacy-mb MB of the corpus
Gazette:
  gazette tag     the release binary on the corpus as JSON Lines, read
                  --gazette-repeat (5) times over, output to
                  /dev/null; wall time of the whole process (including the
                  dictionary load+build), and the same minus the time of
                  `gazette tag` on an empty input (startup); --threads 1 and
                  the default (every core)
  criterion       optional: target/criterion/throughput/extract_longest
                  (the engine alone, one thread), if `cargo bench` ran
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from make_corpus import write_repeated

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_aliases(dict_path):
    """Names and aliases of a Gazette JSON Lines dictionary, lower-cased, deduplicated."""
    seen = set()
    out = []
    with open(dict_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            texts = [e.get("name", "")]
            for a in e.get("aliases", []) or []:
                texts.append(a if isinstance(a, str) else a.get("text", ""))
            for t in texts:
                t = t.strip().lower()
                if t and t not in seen:
                    seen.add(t)
                    out.append(t)
    return out


def load_corpus(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l)["text"] for l in f if l.strip()]


def is_word(c):
    return c.isalnum() or c == "_"


def bounded(text, start, end):
    """True if text[start:end] is not glued to a word character."""
    if start > 0 and is_word(text[start - 1]) and is_word(text[start]):
        return False
    if end < len(text) and is_word(text[end]) and is_word(text[end - 1]):
        return False
    return True


class Flashtext:
    name = "flashtext"

    def __init__(self, aliases):
        from flashtext import KeywordProcessor

        self.kp = KeywordProcessor(case_sensitive=False)
        for a in aliases:
            self.kp.add_keyword(a)

    def run(self, docs):
        n = 0
        for d in docs:
            n += len(self.kp.extract_keywords(d, span_info=True))
        return n


class PyAhocorasick:
    name = "pyahocorasick+filter"

    def __init__(self, aliases):
        import ahocorasick

        self.a = ahocorasick.Automaton()
        for a in aliases:
            self.a.add_word(a, len(a))
        self.a.make_automaton()

    def run(self, docs):
        n = 0
        for d in docs:
            low = d.lower()
            for end, length in self.a.iter(low):
                if bounded(low, end - length + 1, end + 1):
                    n += 1
        return n


class AhocorasickRs:
    name = "ahocorasick_rs+filter"

    def __init__(self, aliases):
        import ahocorasick_rs

        self.ac = ahocorasick_rs.AhoCorasick(
            aliases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def run(self, docs):
        n = 0
        for d in docs:
            low = d.lower()
            for _, s, e in self.ac.find_matches_as_indexes(low):
                if bounded(low, s, e):
                    n += 1
        return n


class Spacy:
    name = "spacy PhraseMatcher"

    def __init__(self, aliases):
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.m = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        patterns = list(self.nlp.tokenizer.pipe(aliases))
        for i in range(0, len(patterns), 5000):
            self.m.add("E", patterns[i : i + 5000])

    def run(self, docs):
        n = 0
        for doc in self.nlp.tokenizer.pipe(docs):
            n += len(self.m(doc))
        return n


def median_runs(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def gazette_args(dict_arg):
    if dict_arg == "default":
        return []
    return ["--no-default-dictionary", "--dictionary", dict_arg]


def time_process(cmd, stdin_path, runs):
    times = []
    for _ in range(runs):
        with open(stdin_path, "rb") as inp, open(os.devnull, "wb") as out:
            t = time.perf_counter()
            subprocess.run(cmd, stdin=inp, stdout=out, check=True)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench/corpus/corpus.jsonl"))
    ap.add_argument("--dict", default="default", help="'default' or a Gazette JSON Lines file")
    ap.add_argument("--gazette", default=os.path.join(ROOT, "target/release/gazette"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", default="flashtext,pyahocorasick,ahocorasick_rs,spacy")
    ap.add_argument("--spacy-mb", type=float, default=1.0)
    ap.add_argument("--spacy-max-aliases", type=int, default=200_000)
    ap.add_argument("--criterion", action="store_true", help="add the criterion extract number")
    ap.add_argument("--json-out")
    ap.add_argument("--gazette-repeat", type=int, default=5,
                    help="gazette tag reads the corpus this many times over, so that its "
                         "start-up (subtracted) and the noise of it are a small part")
    a = ap.parse_args()

    docs = load_corpus(a.corpus)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    gargs = gazette_args(a.dict)
    with tempfile.TemporaryDirectory() as tmp:
        if a.dict == "default":
            dict_path = os.path.join(tmp, "default.jsonl")
            with open(dict_path, "wb") as f:
                subprocess.run([a.gazette, "dict", "export"], stdout=f, check=True)
        else:
            dict_path = a.dict
        aliases = load_aliases(dict_path)
        empty = os.path.join(tmp, "empty.jsonl")
        with open(empty, "w") as f:
            f.write('{"id":"0","text":""}\n')

        print(
            f"corpus {a.corpus}: {len(docs)} docs, {nbytes/1e6:.2f} MB; dictionary {a.dict}: "
            f"{len(aliases)} distinct lower-cased names+aliases; median of {a.runs} runs",
            flush=True,
        )
        rows = []
        # Gazette first, on the corpus --gazette-repeat times over: on 4 MB
        # alone its start-up is a third of the wall time, and the noise of
        # the start-up, subtracted, moved the MB/s by a fifth.
        repeated = os.path.join(tmp, "repeated.jsonl")
        write_repeated(a.corpus, repeated, a.gazette_repeat)
        gbytes = nbytes * a.gazette_repeat
        startup = time_process([a.gazette, "tag", *gargs], empty, a.runs)
        for threads in (1, 0):
            cmd = [a.gazette, "tag", *gargs, "--threads", str(threads)]
            wall = time_process(cmd, repeated, a.runs)
            label = f"gazette tag --threads {threads or 'all'}"
            rows.append(dict(name=label + " (wall)", build=startup, secs=wall, mbps=gbytes / wall / 1e6, matches=None))
            rows.append(
                dict(name=label + " (wall-startup)", build=startup, secs=wall - startup,
                     mbps=gbytes / max(wall - startup, 1e-9) / 1e6, matches=None)
            )
        if a.criterion:
            est = os.path.join(ROOT, "target/criterion/throughput/extract_longest/new/estimates.json")
            try:
                with open(est) as f:
                    ns = json.load(f)["median"]["point_estimate"]
                # criterion's corpus is the default 4 MB one
                crit_bytes = int(os.environ.get("GAZETTE_BENCH_BYTES", "0")) or nbytes
                rows.append(dict(name="gazette Engine::extract (criterion, 1 thread)", build=None,
                                 secs=ns / 1e9, mbps=crit_bytes / (ns / 1e9) / 1e6, matches=None))
            except OSError:
                print("(no criterion estimate found; run cargo bench first)", file=sys.stderr)

        wanted = set(a.peers.split(","))
        makers = [("flashtext", Flashtext), ("pyahocorasick", PyAhocorasick),
                  ("ahocorasick_rs", AhocorasickRs), ("spacy", Spacy)]
        for key, cls in makers:
            if key not in wanted:
                continue
            run_docs, run_bytes, note = docs, nbytes, ""
            if key == "spacy":
                if len(aliases) > a.spacy_max_aliases:
                    print(f"spacy: skipped ({len(aliases)} aliases > --spacy-max-aliases)", flush=True)
                    continue
                limit = int(a.spacy_mb * 1e6)
                run_docs, run_bytes = [], 0
                for d in docs:
                    if run_bytes >= limit:
                        break
                    run_docs.append(d)
                    run_bytes += len(d.encode("utf-8"))
                note = f" (first {run_bytes/1e6:.2f} MB)"
            t = time.perf_counter()
            try:
                peer = cls(aliases)
            except MemoryError:
                print(f"{key}: out of memory building", flush=True)
                continue
            build = time.perf_counter() - t
            secs, n = median_runs(lambda: peer.run(run_docs), a.runs)
            rows.append(dict(name=cls.name + note, build=build, secs=secs, mbps=run_bytes / secs / 1e6, matches=n))
            print(f"  {cls.name}: build {build:.2f}s, {run_bytes/secs/1e6:.2f} MB/s", flush=True)
            del peer

    flash = next((r["mbps"] for r in rows if r["name"].startswith("flashtext")), None)
    print()
    print(f"| tagger | build s | MB/s (median of {a.runs}) | × flashtext | matches |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = f"{r['mbps']/flash:.1f}×" if flash else "n/a"
        b = f"{r['build']:.2f}" if r["build"] is not None else ""
        m = r["matches"] if r["matches"] is not None else ""
        print(f"| {r['name']} | {b} | {r['mbps']:.2f} | {ratio} | {m} |")
    if a.json_out:
        os.makedirs(os.path.dirname(os.path.abspath(a.json_out)), exist_ok=True)
        with open(a.json_out, "w") as f:
            json.dump(dict(dict=a.dict, aliases=len(aliases), bytes=nbytes, rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
