#!/usr/bin/env python3
"""Builds the benchmark corpus: the 35 real news passages of
tests/data/dev/dev.jsonl plus tests/data/seed/article.txt, repeated until the
text reaches --mb megabytes. Real news text is scarce in this repo, so the
corpus is a repetition of ~74 KB of real text (not a diverse sample).

Writes JSON Lines ({"id","text"}), one document a line, to --out.
benches/engine.rs builds the very same corpus in Rust (same order, same
size rule), so the criterion numbers and the script numbers agree.
"""
import argparse, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def documents():
    docs = []
    with open(os.path.join(ROOT, "tests/data/dev/dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line)["text"])
    with open(os.path.join(ROOT, "tests/data/seed/article.txt"), encoding="utf-8") as f:
        docs.append(f.read())
    return docs

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
