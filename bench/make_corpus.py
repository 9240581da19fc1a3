#!/usr/bin/env python3
"""Builds the benchmark corpus: the real news passages of the dev and test
sets (tests/data/dev/dev.jsonl, tests/data/test/test.jsonl) plus
tests/data/seed/article.txt, 45 KB in all, repeated until the text reaches
--mb megabytes. Real news text is scarce in this repo, so the corpus repeats
(it is not a diverse sample); both gold sets go in because a branch
predictor learns a text that comes round every 23 KB (the dev set alone),
and the bare scan ran 1.3 to 1.5 times faster on that than on a 43 KB round.

Writes JSON Lines ({"id","text"}), one document a line, to --out.
benches/common/mod.rs builds the very same corpus in Rust (same order, same
size rule), so the criterion numbers and the script numbers agree.
"""
import argparse, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def documents():
    docs = []
    for name in ("tests/data/dev/dev.jsonl", "tests/data/test/test.jsonl"):
        with open(os.path.join(ROOT, name), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    docs.append(json.loads(line)["text"])
    with open(os.path.join(ROOT, "tests/data/seed/article.txt"), encoding="utf-8") as f:
        docs.append(f.read())
    return docs

def write_repeated(src, dst, times):
    """Writes the file `src` `times` times over into `dst`: a longer input for
    `gazette tag`, so that its start-up, subtracted, is a small part of the
    wall time (bench/load.py, bench/peers.py, bench/scale.py)."""
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        for _ in range(times):
            f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/corpus/corpus.jsonl"))
    a = ap.parse_args()
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    target = int(a.mb * 1_000_000)
    docs = documents()
    total, n = 0, 0
    with open(a.out, "w", encoding="utf-8") as out:
        while total < target:
            for text in docs:
                out.write(json.dumps({"id": f"d{n}", "text": text}, ensure_ascii=False) + "\n")
                total += len(text.encode("utf-8"))
                n += 1
                if total >= target:
                    break
    print(f"{a.out}: {n} documents, {total} bytes of text")

if __name__ == "__main__":
    main()
