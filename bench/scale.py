#!/usr/bin/env python3
"""Load+build time, memory and tag throughput against dictionary size.
Run through bench/scale.sh. For each dictionary (the default, then the
synthetic ones of bench/gen_dict.py):

  build s      wall time of `gazette dict check FILE` (parse + validate +
               Engine::build; the process does nothing else), median of runs
  max RSS      of that process (/usr/bin/time -v)
  B/alias      (max RSS - max RSS with a 1-entry dictionary) / aliases written
  startup s    `gazette tag` on a 1-document input, same dictionary
  tag MB/s     corpus text bytes / (wall of `gazette tag` on the corpus - startup),
               median of runs, --threads 1 and default threads; the corpus is
               repeated --repeat times, and that again per 0.25 s of startup
"""
import argparse, json, math, os, re, statistics, subprocess, sys, tempfile, time

from make_corpus import write_repeated

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Each `--repeat` worth of corpus copies per this much start-up (seconds).
START_UP_PER_COPY = 0.25


def timed(cmd, stdin=None):
    with tempfile.TemporaryFile() as err:
        inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", *cmd], stdin=inp, stdout=subprocess.PIPE, stderr=err)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode(errors="replace")
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{text[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return wall, rss * 1024, p.stdout.decode(errors="replace")


def med(cmd, runs, stdin=None):
    res = [timed(cmd, stdin) for _ in range(runs)]
    return statistics.median(r[0] for r in res), max(r[1] for r in res), res[0][2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazette", default=os.path.join(ROOT, "target/release/gazette"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench/corpus/corpus.jsonl"))
    ap.add_argument("--dicts", nargs="+", required=True, help="label=path or default")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-tag-aliases", type=int, default=1_000_000,
                    help="skip the tag runs above this many aliases (startup alone takes minutes)")
    ap.add_argument("--repeat", type=int, default=3, help="tag the corpus repeated this many times")
    ap.add_argument("--json-out")
    a = ap.parse_args()
    g = a.gazette
    with open(a.corpus, encoding="utf-8") as f:
        nbytes = sum(len(json.loads(l)["text"].encode()) for l in f if l.strip())
    tmp = tempfile.mkdtemp()
    inputs = {}

    def repeated(times):
        """The corpus repeated `times` times, written once."""
        if times not in inputs:
            inputs[times] = os.path.join(tmp, f"corpus-x{times}.jsonl")
            write_repeated(a.corpus, inputs[times], times)
        return inputs[times]

    tiny = os.path.join(tmp, "tiny.jsonl")
    with open(tiny, "w") as f:
        f.write('{"id":"T1","name":"Tiny Org","type":"ORGANIZATION"}\n')
    one = os.path.join(tmp, "one.jsonl")
    with open(one, "w") as f:
        f.write('{"id":"1","text":"Tiny Org met Xi Jinping."}\n')
    _, base_rss, _ = med([g, "dict", "check", tiny], a.runs)
    print(f"corpus {nbytes/1e6:.2f} MB per copy, {a.repeat} copies or more; baseline max RSS (1-entry dictionary) {base_rss/2**20:.1f} MiB", flush=True)
    rows = []
    for spec in a.dicts:
        if spec == "default":
            label, path = "default", os.path.join(tmp, "default.jsonl")
            with open(path, "wb") as f:
                subprocess.run([g, "dict", "export"], stdout=f, check=True)
            dargs = []
        else:
            label, path = spec.split("=", 1)
            dargs = ["--no-default-dictionary", "--dictionary", path]
        written = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    written += 1 + len(e.get("aliases") or [])
        runs = a.runs if written <= 1_000_000 else 1
        build, rss, out = med([g, "dict", "check", path], runs)
        m = re.search(r"(\d+) entities, (\d+) distinct aliases", out)
        entities, distinct = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        if written > a.max_tag_aliases:
            row = dict(label=label, aliases=written, entities=entities, folded=distinct,
                       file_mb=os.path.getsize(path) / 1e6, build_s=build, rss_mib=rss / 2**20,
                       bytes_per_alias=(rss - base_rss) / written, startup_s=None, tag_rss_mib=None,
                       mbps_t1=float("nan"), mbps_t0=float("nan"))
            rows.append(row)
            print(json.dumps(row), flush=True)
            continue
        startup, tag_rss, _ = med([g, "tag", *dargs], runs, stdin=one)
        row = dict(label=label, aliases=written, entities=entities, folded=distinct,
                   file_mb=os.path.getsize(path) / 1e6, build_s=build, rss_mib=rss / 2**20,
                   bytes_per_alias=(rss - base_rss) / written, startup_s=startup, tag_rss_mib=tag_rss / 2**20)
        # A longer input where start-up is long, so that tagging, not the
        # start-up subtracted from it, is most of each run: at 1M aliases,
        # 1.4 s of start-up left a 3-copy run on two threads 0.1 s of work.
        times = a.repeat * max(1, math.ceil(startup / START_UP_PER_COPY))
        row["corpus_copies"] = times
        for threads in (1, 0):
            wall, _, _ = med([g, "tag", *dargs, "--threads", str(threads)], runs,
                             stdin=repeated(times))
            # Under noise the tag run can finish faster than the startup run:
            # report nothing rather than a made-up figure.
            scan = wall - startup
            row[f"mbps_t{threads}"] = nbytes * times / scan / 1e6 if scan > 0.05 * wall else float("nan")
            row[f"wall_t{threads}"] = wall
        rows.append(row)
        print(json.dumps(row), flush=True)
    base = next((r for r in rows if r["label"] == "default"), None)
    print()
    print("| dictionary | names+aliases | folded patterns | file MB | build s (dict check) | max RSS MiB | B/alias | tag MB/s 1 thread | tag MB/s all | × default (1 thread) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = f"{r['mbps_t1']/base['mbps_t1']:.2f}×" if base else ""
        print(f"| {r['label']} | {r['aliases']} | {r['folded']} | {r['file_mb']:.1f} | {r['build_s']:.2f} | {r['rss_mib']:.0f} | {r['bytes_per_alias']:.0f} | {r['mbps_t1']:.1f} | {r['mbps_t0']:.1f} | {ratio} |")
    if a.json_out:
        os.makedirs(os.path.dirname(os.path.abspath(a.json_out)), exist_ok=True)
        with open(a.json_out, "w") as f:
            json.dump(dict(bytes_per_copy=nbytes, base_rss=base_rss, rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
