#!/usr/bin/env python3
"""A Gazette client in Python (grpcio).

Generates the Python stubs from ../../proto with grpcio-tools the first time it
runs (into ./generated/, which git ignores), then calls
EntityExtractor.Extract on a news sentence and prints every mention. It asks
for OFFSET_ENCODING_CODEPOINT offsets, which index a Python str directly, and
checks text[start:end] == mention.text for each mention (exit 1 otherwise).

Usage:
    pip install grpcio grpcio-tools protobuf
    python client.py [ADDR]            # default: $GAZETTE_ADDR or localhost:50051
    python client.py --regenerate      # rebuild ./generated from the proto first
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTO_ROOT = HERE.parent.parent / "proto"
PROTO_FILE = PROTO_ROOT / "gazette" / "v1" / "gazette.proto"
GENERATED = HERE / "generated"

TEXT = (
    "SEOUL — President Lee Jae Myung met Donald Trump in Washington on Monday, "
    "and Lee told Yonhap that North Korea and NATO were on the agenda."
)


def generate_stubs(force: bool = False) -> None:
    """Runs protoc (bundled in grpcio-tools) on the proto, as
    `python -m grpc_tools.protoc -I ../../proto --python_out=generated
    --grpc_python_out=generated gazette/v1/gazette.proto` would."""
    stamp = GENERATED / "gazette" / "v1" / "gazette_pb2_grpc.py"
    if not force and stamp.exists() and stamp.stat().st_mtime >= PROTO_FILE.stat().st_mtime:
        return
    import grpc_tools
    from grpc_tools import protoc

    # grpcio-tools ships google/protobuf/*.proto (timestamp.proto included).
    well_known = Path(grpc_tools.__file__).resolve().parent / "_proto"
    GENERATED.mkdir(exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--python_out={GENERATED}",
        f"--grpc_python_out={GENERATED}",
        str(PROTO_FILE.relative_to(PROTO_ROOT)),
    ]
    if protoc.main(args) != 0:
        sys.exit("protoc failed to compile " + str(PROTO_FILE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addr", nargs="?", default=os.environ.get("GAZETTE_ADDR", "localhost:50051"))
    parser.add_argument("--regenerate", action="store_true", help="rebuild the stubs from the proto")
    args = parser.parse_args()

    generate_stubs(force=args.regenerate)
    sys.path.insert(0, str(GENERATED))
    import grpc
    from gazette.v1 import gazette_pb2, gazette_pb2_grpc

    # One channel per process, reused for every call. For several replicas
    # behind a headless Service, balance per call instead of per connection
    # (see docs/deploy.md):
    #   grpc.insecure_channel("dns:///gazette-headless.NS.svc.cluster.local:50051",
    #       options=[("grpc.lb_policy_name", "round_robin")])
    with grpc.insecure_channel(args.addr) as channel:
        stub = gazette_pb2_grpc.EntityExtractorStub(channel)
        request = gazette_pb2.ExtractRequest(
            text=TEXT,
            document_id="py-1",
            offset_encoding=gazette_pb2.OFFSET_ENCODING_CODEPOINT,
        )
        try:
            response = stub.Extract(request, timeout=10)
        except grpc.RpcError as err:
            print(f"Extract failed: {err.code().name}: {err.details()}", file=sys.stderr)
            return 1

        print(f"{len(response.mentions)} mentions in document {response.document_id!r} "
              f"(dictionary {response.dictionary_version}):")
        bad = 0
        for m in response.mentions:
            ok = TEXT[m.start:m.end] == m.text
            bad += not ok
            print(f"  {'ok ' if ok else 'BAD'} [{m.start:3}, {m.end:3}) {m.text!r:20} "
                  f"{gazette_pb2.EntityType.Name(m.type).removeprefix('ENTITY_TYPE_'):12} "
                  f"{m.entity_id:32} {m.canonical_name!r} "
                  f"(alias {m.matched_alias!r}, {m.source}, {m.confidence:.2f})")
        print(f"{len(response.entities)} distinct entities:")
        for e in response.entities:
            print(f"  {e.id:32} {e.canonical_name!r} {e.label}/{e.subtype} "
                  f"mentions {list(e.mention_indices)}")

        if bad:
            print(f"{bad} mention(s) whose offsets do not slice to their text", file=sys.stderr)
            return 1
        if response.document_id != "py-1":
            print("document_id was not echoed", file=sys.stderr)
            return 1
        if not any(m.canonical_name == "Lee Jae Myung" for m in response.mentions):
            print("expected a mention of Lee Jae Myung", file=sys.stderr)
            return 1
    print("python example: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
