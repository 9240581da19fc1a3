#!/usr/bin/env python3
"""Score a running Gazette server against hand-annotated gold sets.

Usage:
    python3 scripts/score.py --addr HOST:PORT GOLD.jsonl [GOLD2.jsonl ...]
        [--min-f1 X] [--min-precision Y] [--json] [--show-errors]

Each gold file holds one document a line:
    {"id", "source", "text", "entities": [{"start", "end", "text", "type", "canonical"}]}
with offsets in Unicode code points, half-open.

The script generates Python gRPC stubs at run time from ../proto (relative to
this file) with grpcio-tools, calls EntityExtractor.Extract once per document
with offset_encoding = OFFSET_ENCODING_CODEPOINT, and reports micro-averaged
precision, recall and F1:
  strict:  a mention counts when span and type both match a gold mention;
  lenient: a mention counts when its span matches a gold span, whatever the type;
and, of the strict matches, the share whose canonical name is the gold's (compared
case-folded, without diacritics or a trailing "(...)"; two names of one entity, "DR
Congo" and "Democratic Republic of the Congo", count as a disagreement).
Mentions of type OTHER (custom labels) are ignored.

Exit status: 0 on success, 1 when overall strict F1 is below --min-f1 or strict
precision below --min-precision, 2 on usage, gold-file or RPC errors.
Depends only on grpcio, grpcio-tools and protobuf.
"""

import argparse
import importlib
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata

TYPES = ("LEADER", "OFFICIAL", "ORGANIZATION", "PLACE")
PROTO_FILE = "gazette/v1/gazette.proto"


def die(msg, code=2):
    print(f"score.py: {msg}", file=sys.stderr)
    sys.exit(code)


# --------------------------------------------------------------------- stubs
def load_stubs(proto_root):
    """Compile the proto with grpc_tools.protoc into a temp dir and import it."""
    try:
        import grpc  # noqa: F401
        from grpc_tools import protoc
    except ImportError as e:
        die(f"{e}; install grpcio, grpcio-tools and protobuf "
            "(or run with /work/main/.venv/bin/python)")
    if not os.path.isfile(os.path.join(proto_root, PROTO_FILE)):
        die(f"proto not found: {os.path.join(proto_root, PROTO_FILE)}")
    try:  # grpc_tools ships google/protobuf/*.proto (timestamp.proto etc.)
        from importlib.resources import files
        wkt = str(files("grpc_tools") / "_proto")
    except Exception:  # pragma: no cover - very old Pythons
        import grpc_tools
        wkt = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    out = tempfile.mkdtemp(prefix="gazette-stubs-")
    args = ["grpc_tools.protoc", f"-I{proto_root}", f"-I{wkt}",
            f"--python_out={out}", f"--grpc_python_out={out}", PROTO_FILE]
    if protoc.main(args) != 0:
        shutil.rmtree(out, ignore_errors=True)
        die("protoc failed to compile " + PROTO_FILE)
    sys.path.insert(0, out)
    pb2 = importlib.import_module("gazette.v1.gazette_pb2")
    pb2_grpc = importlib.import_module("gazette.v1.gazette_pb2_grpc")
    return pb2, pb2_grpc, out


# ---------------------------------------------------------------------- gold
def load_gold(paths):
    docs = []
    seen = set()
    for path in paths:
        try:
            fh = open(path, encoding="utf-8")
        except OSError as e:
            die(f"cannot read {path}: {e}")
        with fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    text = d["text"]
                    ents = d.get("entities", [])
                except (ValueError, KeyError, TypeError) as e:
                    die(f"{path}:{lineno}: bad gold record: {e}")
                doc_id = str(d.get("id", f"line{lineno}"))
                key = f"{os.path.basename(path)}:{doc_id}"
                if key in seen:
                    die(f"{path}:{lineno}: duplicate id {doc_id!r}")
                seen.add(key)
                gold = set()
                canonicals = {}
                for e in ents:
                    typ = e.get("type")
                    if typ not in TYPES:
                        continue  # OTHER and unknown labels are not scored
                    s, t = int(e["start"]), int(e["end"])
                    if not (0 <= s < t <= len(text)):
                        die(f"{path}:{lineno}: {doc_id}: span {s}-{t} out of range")
                    if "text" in e and text[s:t] != e["text"]:
                        die(f"{path}:{lineno}: {doc_id}: text[{s}:{t}]={text[s:t]!r} "
                            f"!= {e['text']!r}")
                    gold.add((s, t, typ))
                    canonicals[(s, t, typ)] = e.get("canonical", text[s:t])
                docs.append({"key": key, "id": doc_id, "file": path, "text": text,
                             "gold": gold, "gold_info": canonicals})
    if not docs:
        die("no documents in the gold files")
    return docs


# ------------------------------------------------------------------ extract
def extract_all(docs, addr, pb2, pb2_grpc, timeout):
    import grpc
    type_name = {pb2.ENTITY_TYPE_LEADER: "LEADER",
                 pb2.ENTITY_TYPE_OFFICIAL: "OFFICIAL",
                 pb2.ENTITY_TYPE_ORGANIZATION: "ORGANIZATION",
                 pb2.ENTITY_TYPE_PLACE: "PLACE"}
    opts = [("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024)]
    warnings = []
    with grpc.insecure_channel(addr, options=opts) as channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            die(f"cannot connect to {addr} within {timeout:g}s")
        stub = pb2_grpc.EntityExtractorStub(channel)
        for d in docs:
            req = pb2.ExtractRequest(
                text=d["text"], document_id=d["id"],
                offset_encoding=pb2.OFFSET_ENCODING_CODEPOINT)
            try:
                resp = stub.Extract(req, timeout=timeout)
            except grpc.RpcError as e:
                die(f"Extract failed for {d['key']}: {e.code().name}: {e.details()}")
            pred = set()
            info = {}
            for m in resp.mentions:
                typ = type_name.get(m.type)
                if typ is None:
                    continue  # OTHER / UNSPECIFIED: ignored
                s, t = m.start, m.end
                if not (0 <= s < t <= len(d["text"])) or d["text"][s:t] != m.text:
                    warnings.append(f"{d['key']}: mention {s}-{t} {m.text!r} does not "
                                    f"match the text at those code-point offsets")
                pred.add((s, t, typ))
                info[(s, t, typ)] = m.canonical_name
            d["pred"] = pred
            d["pred_info"] = info
            if resp.document_id != d["id"]:
                warnings.append(f"{d['key']}: document_id not echoed "
                                f"({resp.document_id!r})")
    return warnings


# ------------------------------------------------------------------ scoring
def prf(tp_p, n_pred, tp_g, n_gold):
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f,
            "tp": tp_g, "fp": n_pred - tp_p, "fn": n_gold - tp_g,
            "pred": n_pred, "gold": n_gold}


def score(docs):
    acc = {mode: {k: [0, 0, 0, 0] for k in ("ALL",) + TYPES}
           for mode in ("strict", "lenient")}
    # counters: [tp_pred, n_pred, tp_gold, n_gold]
    for d in docs:
        gold, pred = d["gold"], d["pred"]
        gold_spans = {(s, t) for s, t, _ in gold}
        pred_spans = {(s, t) for s, t, _ in pred}
        for key in ("ALL",) + TYPES:
            g = gold if key == "ALL" else {x for x in gold if x[2] == key}
            p = pred if key == "ALL" else {x for x in pred if x[2] == key}
            c = acc["strict"][key]
            c[0] += len(p & gold)
            c[1] += len(p)
            c[2] += len(g & pred)
            c[3] += len(g)
            c = acc["lenient"][key]
            if key == "ALL":
                c[0] += len(pred_spans & gold_spans)
                c[1] += len(pred_spans)
                c[2] += len(gold_spans & pred_spans)
                c[3] += len(gold_spans)
            else:
                c[0] += sum(1 for s, t, _ in p if (s, t) in gold_spans)
                c[1] += len(p)
                c[2] += sum(1 for s, t, _ in g if (s, t) in pred_spans)
                c[3] += len(g)
    results = {mode: {k: prf(*v) for k, v in acc[mode].items()} for mode in acc}
    results["canonical"] = canonical_agreement(docs)
    return results


def fold_name(name):
    """A canonical name for comparison: NFKC, case-folded, no diacritics,
    straight apostrophes, no trailing "(...)" disambiguation."""
    name = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    name = "".join(c for c in unicodedata.normalize("NFD", name.casefold())
                   if not unicodedata.combining(c))
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    return " ".join(name.split())


def canonical_agreement(docs):
    """Of the strict matches, how many name the gold's canonical name."""
    matched = agree = 0
    for d in docs:
        for key in d["pred"] & d["gold"]:
            matched += 1
            agree += fold_name(d["pred_info"].get(key, "")) == fold_name(d["gold_info"][key])
    return {"matched": matched, "agree": agree,
            "share": agree / matched if matched else 0.0}


def doc_errors(d):
    gold, pred = d["gold"], d["pred"]
    gold_by_span = {(s, t): typ for s, t, typ in gold}
    pred_by_span = {(s, t): typ for s, t, typ in pred}
    errs = []
    for s, t, typ in sorted(pred - gold):
        if (s, t) in gold_by_span:
            errs.append(("TYPE", s, t, typ, gold_by_span[(s, t)]))
        else:
            errs.append(("FP", s, t, typ, None))
    for s, t, typ in sorted(gold - pred):
        if (s, t) not in pred_by_span:
            errs.append(("FN", s, t, typ, None))
    errs.sort(key=lambda e: (e[1], e[2]))
    return errs


def context(text, s, t, width=30):
    left = text[max(0, s - width):s].replace("\n", " ")
    right = text[t:t + width].replace("\n", " ")
    return f"…{left}[{text[s:t]}]{right}…"


# ------------------------------------------------------------------- output
def print_table(results, n_docs, files):
    print(f"Gold: {', '.join(files)} ({n_docs} documents)")
    hdr = f"{'':<13} {'mode':<8} {'P':>7} {'R':>7} {'F1':>7} {'TP':>6} {'FP':>6} {'FN':>6} {'gold':>6} {'pred':>6}"
    print(hdr)
    print("-" * len(hdr))
    for key in ("ALL",) + TYPES:
        for mode in ("strict", "lenient"):
            r = results[mode][key]
            label = ("overall" if key == "ALL" else key) if mode == "strict" else ""
            print(f"{label:<13} {mode:<8} {r['precision']:7.3f} {r['recall']:7.3f} "
                  f"{r['f1']:7.3f} {r['tp']:6d} {r['fp']:6d} {r['fn']:6d} "
                  f"{r['gold']:6d} {r['pred']:6d}")
    c = results["canonical"]
    print(f"canonical name agrees with the gold on {c['agree']} of {c['matched']} strict "
          f"matches ({c['share']:.3f})")


def print_errors(docs):
    for d in docs:
        errs = doc_errors(d)
        if not errs:
            continue
        print(f"\n== {d['key']} ({len(errs)} errors)")
        for kind, s, t, typ, gold_typ in errs:
            ctx = context(d["text"], s, t)
            if kind == "TYPE":
                desc = f"TYPE  {s}-{t} predicted {typ}, gold {gold_typ}"
            elif kind == "FP":
                can = d["pred_info"].get((s, t, typ), "")
                desc = f"FP    {s}-{t} {typ}" + (f" ({can})" if can else "")
            else:
                desc = f"FN    {s}-{t} {typ}"
            print(f"  {desc:<58} {ctx}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--addr", required=True, help="server address, HOST:PORT")
    ap.add_argument("gold", nargs="+", help="gold JSON Lines files")
    ap.add_argument("--min-f1", type=float, default=None,
                    help="exit 1 if overall strict F1 is below this")
    ap.add_argument("--min-precision", type=float, default=None,
                    help="exit 1 if overall strict precision is below this")
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    ap.add_argument("--show-errors", action="store_true",
                    help="list false positives, false negatives and type errors per document")
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds to wait for the connection and for each call (default 10)")
    ap.add_argument("--proto-root", default=None,
                    help="proto include root (default: ../proto next to this script)")
    args = ap.parse_args(argv)

    proto_root = args.proto_root or os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "proto"))
    docs = load_gold(args.gold)
    pb2, pb2_grpc, tmp = load_stubs(proto_root)
    try:
        warnings = extract_all(docs, args.addr, pb2, pb2_grpc, args.timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results = score(docs)

    overall = results["strict"]["ALL"]
    failures = []
    if args.min_f1 is not None and overall["f1"] < args.min_f1:
        failures.append(f"strict F1 {overall['f1']:.3f} < --min-f1 {args.min_f1}")
    if args.min_precision is not None and overall["precision"] < args.min_precision:
        failures.append(f"strict precision {overall['precision']:.3f} < "
                        f"--min-precision {args.min_precision}")

    if args.json:
        out = {"addr": args.addr, "gold_files": args.gold, "documents": len(docs),
               "strict": results["strict"], "lenient": results["lenient"],
               "canonical": results["canonical"],
               "thresholds": {"min_f1": args.min_f1, "min_precision": args.min_precision},
               "passed": not failures, "failures": failures, "warnings": warnings}
        if args.show_errors:
            out["errors"] = [
                {"document": d["key"], "kind": k, "start": s, "end": t,
                 "text": d["text"][s:t], "type": typ, "gold_type": gt,
                 "context": context(d["text"], s, t)}
                for d in docs for k, s, t, typ, gt in doc_errors(d)]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print_table(results, len(docs), args.gold)
        if args.show_errors:
            print_errors(docs)
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
