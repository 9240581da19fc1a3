"""A Python grpcio client generated from our proto, run against a live server.

Usage: python client_test.py HOST:PORT

Generates the stubs with grpcio-tools into a temporary directory (as a user
of the API would), then calls every RPC and checks the answers. Exits
non-zero on the first failed check.
"""

import os
import sys
import tempfile

import grpc
import grpc_tools
from grpc_tools import protoc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTO_DIR = os.path.join(ROOT, "proto")


def generate(out_dir):
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    code = protoc.main([
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{well_known}",
        f"--python_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        os.path.join(PROTO_DIR, "gazette", "v1", "gazette.proto"),
    ])
    if code != 0:
        raise SystemExit(f"protoc failed with {code}")
    sys.path.insert(0, out_dir)


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAILED: {message}")


def main(addr):
    out_dir = tempfile.mkdtemp(prefix="gazette-py-")
    generate(out_dir)
    from gazette.v1 import gazette_pb2 as pb
    from gazette.v1 import gazette_pb2_grpc as rpc

    channel = grpc.insecure_channel(addr)
    grpc.channel_ready_future(channel).result(timeout=10)
    extractor = rpc.EntityExtractorStub(channel)
    dictionary = rpc.DictionaryServiceStub(channel)

    # Code point offsets slice Python strings exactly, flags and all.
    text = "🇰🇷 President Lee Jae Myung met Trump in Washington. Lee’s aides agreed."
    response = extractor.Extract(pb.ExtractRequest(
        text=text, document_id="py-1",
        offset_encoding=pb.OFFSET_ENCODING_CODEPOINT), timeout=10)
    check(response.document_id == "py-1", "document id echoed")
    names = [m.canonical_name for m in response.mentions]
    check(names[:3] == ["Lee Jae Myung", "Donald Trump", "Washington, D.C."], f"names: {names}")
    for m in response.mentions:
        check(text[m.start:m.end] == m.text, f"offsets slice the text: {m}")
    check(response.mentions[0].type == pb.ENTITY_TYPE_LEADER, "type is LEADER")
    check(len(response.dictionary_version) > 0, "dictionary version set")

    batch = extractor.ExtractBatch(pb.ExtractBatchRequest(documents=[
        pb.ExtractRequest(text="Tokyo", document_id="a"),
        pb.ExtractRequest(text="nothing here", document_id="b"),
        pb.ExtractRequest(text="Seoul and Tokyo", document_id="c"),
    ]), timeout=10)
    check([r.document_id for r in batch.results] == ["a", "b", "c"], "batch order")
    check([len(r.mentions) for r in batch.results] == [1, 0, 2], "batch mentions")

    requests = (pb.ExtractRequest(text=f"{i}: Canada", document_id=str(i)) for i in range(10))
    streamed = list(extractor.ExtractStream(requests, timeout=10))
    check([r.document_id for r in streamed] == [str(i) for i in range(10)], "stream order")

    info = dictionary.GetDictionary(pb.GetDictionaryRequest(), timeout=10)
    check(info.total_entities > 100, f"entities: {info.total_entities}")
    check(info.entity_counts["PLACE"] > 100, "places counted")
    found = dictionary.LookupEntity(pb.LookupEntityRequest(query="South Korea"), timeout=10)
    check(found.entries and found.entries[0].type == pb.ENTITY_TYPE_PLACE, "lookup")

    try:
        extractor.Extract(pb.ExtractRequest(text="x", entity_types=[42]), timeout=10)
        check(False, "an unknown enum value is rejected")
    except grpc.RpcError as err:
        check(err.code() == grpc.StatusCode.INVALID_ARGUMENT, f"code: {err.code()}")
        check("entity_types[0]" in err.details(), f"details: {err.details()}")
    print("python client: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
