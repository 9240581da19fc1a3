//! Bad input, adversarial text and load with faults: every call answers
//! clearly and the server keeps serving.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use gazette::api::Limits;
use gazette::api::pb::{self, ExtractBatchRequest, ExtractRequest};
use gazette::engine::{Options, Overlap};
use gazette::server::Settings;
use tonic::Code;

use crate::helpers::{
    ServeProcess, TestServer, open_stream, raw_call, raw_client, request, test_engine,
};

async fn still_serves(server: &TestServer) {
    let mut client = server.extractor().await;
    let ok = client.extract(request("Tokyo")).await.unwrap().into_inner();
    assert_eq!(ok.mentions.len(), 1, "the server still serves");
}

/// Sends raw bytes as the request message of `Extract`.
async fn raw_bytes(server: &TestServer, bytes: Vec<u8>) -> tonic::Status {
    raw_bytes_to(server, "/gazette.v1.EntityExtractor/Extract", bytes).await
}

/// Sends raw bytes as the request message of the method at `path`.
async fn raw_bytes_to(server: &TestServer, path: &'static str, bytes: Vec<u8>) -> tonic::Status {
    #[derive(Debug, Clone, Default)]
    struct RawCodec;
    struct RawEncoder;
    impl tonic::codec::Encoder for RawEncoder {
        type Item = Vec<u8>;
        type Error = tonic::Status;
        fn encode(
            &mut self,
            item: Vec<u8>,
            dst: &mut tonic::codec::EncodeBuf<'_>,
        ) -> Result<(), tonic::Status> {
            use bytes::BufMut;
            dst.put_slice(&item);
            Ok(())
        }
    }
    impl tonic::codec::Codec for RawCodec {
        type Encode = Vec<u8>;
        type Decode = pb::ExtractResponse;
        type Encoder = RawEncoder;
        type Decoder = tonic_prost::ProstDecoder<pb::ExtractResponse>;
        fn encoder(&mut self) -> RawEncoder {
            RawEncoder
        }
        fn decoder(&mut self) -> Self::Decoder {
            tonic_prost::ProstDecoder::new(tonic::codec::BufferSettings::default())
        }
    }
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.unwrap();
    let path = http::uri::PathAndQuery::from_static(path);
    grpc.unary(tonic::Request::new(bytes), path, RawCodec)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn truncated_and_garbage_protobuf_are_invalid_argument() {
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    // Field 1 (text) says 16 bytes follow; one does.
    let truncated = raw_bytes(&server, vec![0x0a, 0x10, b'a']).await;
    assert_eq!(truncated.code(), Code::InvalidArgument, "{truncated:?}");
    assert!(
        truncated.message().contains("could not be decoded"),
        "{}",
        truncated.message()
    );
    still_serves(&server).await;
    let garbage = raw_bytes(&server, vec![0xff; 64]).await;
    assert_eq!(garbage.code(), Code::InvalidArgument, "{garbage:?}");
    still_serves(&server).await;
}

#[tokio::test]
async fn a_batch_document_that_is_not_utf8_is_named() {
    use prost::Message;
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    let good = request("Tokyo").encode_to_vec();
    // Field 1 (text), three bytes, not UTF-8.
    let bad = vec![0x0a, 0x03, b'a', 0xff, b'b'];
    let mut batch = Vec::new();
    for document in [&good, &good, &bad, &good] {
        batch.push(0x0a);
        prost::encoding::encode_varint(document.len() as u64, &mut batch);
        batch.extend_from_slice(document);
    }
    let status = raw_bytes_to(&server, "/gazette.v1.EntityExtractor/ExtractBatch", batch).await;
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status
            .message()
            .contains("documents[2].text: invalid string value"),
        "{}",
        status.message()
    );
    let single = raw_bytes(&server, bad).await;
    assert_eq!(single.code(), Code::InvalidArgument);
    assert!(
        single
            .message()
            .contains("ExtractRequest.text: invalid string value"),
        "{}",
        single.message()
    );
    still_serves(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_deadline_is_deadline_exceeded() {
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    let mut client = server.extractor().await;
    let text = "Trump met Lee Jae Myung in Tokyo and South Korea. ".repeat(600);
    // 3.6 MB, just under --max-message-bytes: several times what the
    // deadline leaves time to tag, even in a debug build.
    let documents: Vec<ExtractRequest> = (0..120).map(|_| request(&text)).collect();
    let mut call = tonic::Request::new(ExtractBatchRequest { documents });
    // The server answers at 90% of the deadline, before the client's own
    // timer (which tonic reports as CANCELLED) fires.
    call.set_timeout(Duration::from_millis(150));
    let err = client
        .extract_batch(call)
        .await
        .map(|answer| answer.into_inner().results.len())
        .unwrap_err();
    assert_eq!(err.code(), Code::DeadlineExceeded, "{err:?}");
    assert!(
        err.message().contains("deadline of 150 ms"),
        "{}",
        err.message()
    );
    still_serves(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_cancelling_mid_stream_hurts_no_one() {
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    for _ in 0..5 {
        let mut client = server.extractor().await;
        let (sender, mut responses) = open_stream(&mut client).await;
        sender.send(request("Trump in Tokyo")).await.unwrap();
        assert_eq!(
            responses.message().await.unwrap().unwrap().mentions.len(),
            2
        );
        sender
            .send(request(&"Tokyo ".repeat(10_000)))
            .await
            .unwrap();
        // Walk away mid-stream, with a big answer on its way.
        drop(responses);
        drop(sender);
    }
    still_serves(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn adversarial_texts_answer_ok_with_valid_offsets() {
    let settings = Settings {
        limits: Limits {
            max_mentions: 1000,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let cases: Vec<(&str, String)> = vec![
        ("one very long word", "a".repeat(1_000_000)),
        (
            "combining marks",
            format!("Tokyo {} Tokyo", "e\u{301}\u{302}\u{303}".repeat(50_000)),
        ),
        (
            "repeated aliases",
            "Lee Jae Myung met Lee in Tokyo. ".repeat(20_000),
        ),
        (
            "NUL and controls",
            "\u{0}Tokyo\u{1}\u{7}\u{1b}[31mTrump\u{0}".repeat(1000),
        ),
        (
            "bidi marks",
            "\u{202e}Tokyo\u{202c} \u{2067}Trump\u{2069} \u{200f}South Korea".repeat(1000),
        ),
        ("emoji sequences", "👩‍👩‍👧‍👦🇰🇷 Tokyo 🏳️‍🌈Trump🧑🏽‍🚀".repeat(2000)),
        (
            "mixed scripts",
            "東京Tokyo이재명은Trump Москва Leeds עברית".repeat(2000),
        ),
        ("only separators", "- - ’ ” —  ".repeat(50_000)),
    ];
    for (name, text) in cases {
        assert!(
            text.len() <= Limits::default().max_text_bytes,
            "{name} fits the limit"
        );
        let started = Instant::now();
        let response = client
            .extract(request(&text))
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
            .into_inner();
        for m in &response.mentions {
            let (start, end) = (m.start as usize, m.end as usize);
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{name}"
            );
            assert_eq!(&text[start..end], m.text, "{name}");
        }
        assert!(response.mentions.len() <= 1000, "{name}: capped");
        if name == "repeated aliases" {
            assert!(
                response.truncated,
                "{name}: 60,000 mentions are cut at 1,000"
            );
            assert_eq!(response.mentions.len(), 1000);
        }
        // Not a timing assertion: a record of each case for the log.
        eprintln!(
            "{name}: {} bytes, {} mentions, {:?}",
            text.len(),
            response.mentions.len(),
            started.elapsed()
        );
    }
    still_serves(&server).await;
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn load_with_faults_and_reloads_fails_no_well_behaved_call() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    let v1 = "{\"id\": \"acme\", \"name\": \"Acme\", \"type\": \"ORGANIZATION\", \"aliases\": [\"Acme Corp\"]}\n{\"id\": \"tokyo\", \"name\": \"Tokyo\", \"type\": \"PLACE\"}\n";
    let v2 = v1.replace("Acme Corp", "Acme Corporation");
    std::fs::write(&path, v1).unwrap();
    let server = ServeProcess::start(
        &[
            "--no-default-dictionary",
            "--dictionary",
            path.to_str().unwrap(),
            "--max-open-streams",
            "32",
            "--send-timeout-secs",
            "1",
        ],
        &[],
    );
    let pid = server.child.id();
    let baseline = rss_kib(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    // Well-behaved unary clients.
    for _ in 0..4 {
        let mut client = server.extractor().await;
        let (stop, calls) = (stop.clone(), calls.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let response = client
                    .extract(request(&"Acme opened an office in Tokyo. ".repeat(50)))
                    .await
                    .expect("a well-behaved unary call never fails");
                assert_eq!(response.into_inner().mentions.len(), 100);
                calls.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Well-behaved streaming clients.
    for _ in 0..2 {
        let mut client = server.extractor().await;
        let (stop, calls) = (stop.clone(), calls.clone());
        tasks.push(tokio::spawn(async move {
            let (sender, mut responses) = open_stream(&mut client).await;
            while !stop.load(Ordering::Relaxed) {
                sender.send(request("Tokyo and Acme")).await.unwrap();
                let response = responses
                    .message()
                    .await
                    .expect("a stream never fails")
                    .unwrap();
                assert_eq!(response.mentions.len(), 2);
                calls.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Rude clients: connect, stream, drop mid-stream, again and again.
    {
        let addr = server.addr;
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let channel = tonic::transport::Channel::from_shared(format!("http://{addr}"))
                    .unwrap()
                    .connect()
                    .await
                    .unwrap();
                let mut client = pb::entity_extractor_client::EntityExtractorClient::new(channel);
                let (sender, receiver) = tokio::sync::mpsc::channel(4);
                if let Ok(response) = client
                    .extract_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
                    .await
                {
                    let _ = sender.send(request(&"Tokyo ".repeat(5_000))).await;
                    drop(response);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    // A slow reader: asks a lot, reads slowly.
    {
        let mut client = server.extractor().await;
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let requests = tokio_stream::iter((0..10_000).map(|_| request(&"Tokyo ".repeat(1000))));
            let mut responses = client.extract_stream(requests).await.unwrap().into_inner();
            while !stop.load(Ordering::Relaxed) {
                if responses.message().await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }
    // Stalled readers: connections that answer PINGs but never open their
    // window, each asking for a big answer. The send timeout closes them.
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let (mut send, connection) = raw_client(server.addr, 0).await;
        let body = raw_call(&mut send, &"Tokyo ".repeat(50_000)).await;
        stalled.push((send, body, connection));
    }
    // A stream flood: far more streams than --max-open-streams, each left
    // open; those over the limit are refused at once.
    let flood = {
        let addr = server.addr;
        tokio::spawn(async move {
            let (mut opened, mut refused) = (Vec::new(), 0);
            for _ in 0..200 {
                let channel = tonic::transport::Channel::from_shared(format!("http://{addr}"))
                    .unwrap()
                    .connect()
                    .await
                    .unwrap();
                let mut client = pb::entity_extractor_client::EntityExtractorClient::new(channel);
                let (sender, receiver) = tokio::sync::mpsc::channel(1);
                match client
                    .extract_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
                    .await
                {
                    Ok(response) => opened.push((client, sender, response)),
                    Err(status) => {
                        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
                        refused += 1;
                    }
                }
            }
            let with_flood = rss_kib(pid);
            (opened, refused, with_flood)
        })
    };
    let (opened, refused, with_flood) = flood.await.unwrap();
    eprintln!(
        "stream flood: {} open, {refused} refused; RSS {with_flood} KiB",
        opened.len()
    );
    assert!(
        refused >= 200 - 32,
        "the flood is held to --max-open-streams: {refused} refused"
    );
    drop(opened);
    for (_send, _body, connection) in stalled {
        let closed = tokio::time::timeout(Duration::from_secs(10), connection).await;
        assert!(closed.is_ok(), "a stalled reader's connection is closed");
    }
    eprintln!(
        "RSS after the stalled readers are closed: {} KiB",
        rss_kib(pid)
    );
    // Reload every half second, alternating dictionaries.
    for i in 0..8 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::write(&path, if i % 2 == 0 { v2.as_str() } else { v1 }).unwrap();
        server.signal("HUP");
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    assert!(
        server.count_log("dictionary reloaded") >= 4,
        "reloads happened under load"
    );
    assert!(
        calls.load(Ordering::Relaxed) > 100,
        "the clients kept calling"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib(pid);
    eprintln!("RSS baseline {baseline} KiB, after load {after} KiB");
    assert!(
        after < baseline + 200 * 1024,
        "memory returns near its baseline: {baseline} -> {after} KiB"
    );
    assert!(server.terminate().success());
}

/// With one tagging thread (`RAYON_NUM_THREADS=1`, as on one core), a
/// stream's batches are tagged on the async runtime, and a batch too big
/// for it on a blocking thread. Either way each answer is the unary call's,
/// in order, and a bad message still ends the stream after the answers
/// before it.
#[tokio::test]
async fn a_one_thread_server_streams_what_unary_calls_answer() {
    let server = ServeProcess::start(&[], &[("RAYON_NUM_THREADS", "1")]);
    let serving = server.wait_for_log("serving gazette.v1", 10);
    assert!(serving.contains("\"tagging_threads\":1"), "{serving}");
    let dev =
        std::fs::read_to_string(crate::helpers::root().join("tests/data/dev/dev.jsonl")).unwrap();
    let mut texts: Vec<String> = dev
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["text"].as_str().unwrap().to_string()
        })
        .collect();
    // Three rounds of the dev set: batches past 32 KB, and one text of
    // 80 KB, more than the runtime may take.
    let all = texts.concat();
    texts = [texts.clone(), texts.clone(), texts].concat();
    texts.insert(40, all.repeat(80_000 / all.len() + 1));
    let requests: Vec<ExtractRequest> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| ExtractRequest {
            document_id: format!("d{i}"),
            ..request(text)
        })
        .collect();
    let mut client = server.extractor().await;
    let mut expected = Vec::new();
    for r in &requests {
        expected.push(client.extract(r.clone()).await.unwrap().into_inner());
    }
    let mut bad = requests.clone();
    bad.push(ExtractRequest {
        offset_encoding: 99,
        ..request("Tokyo")
    });
    bad.push(request("Tokyo"));
    let mut responses = client
        .extract_stream(tokio_stream::iter(bad))
        .await
        .unwrap()
        .into_inner();
    for want in &expected {
        let got = responses.message().await.unwrap().unwrap();
        assert_eq!(&got, want);
    }
    let err = responses.message().await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    let bad_message = format!("message {}: ", requests.len() + 1);
    assert!(err.message().contains(&bad_message), "{}", err.message());
}

#[tokio::test]
async fn explain_caps_dropped_at_max_mentions() {
    let settings = Settings {
        limits: Limits {
            max_mentions: 100,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let mut req = request(&"South Korea ".repeat(1000));
    req.explain = true;
    let response = client.extract(req).await.unwrap().into_inner();
    assert!(response.truncated);
    assert_eq!(response.mentions.len(), 100);
    // Each "South Korea" drops its "Korea": a thousand, capped at 100, the
    // first in text order.
    assert_eq!(response.dropped.len(), 100);
    for (i, dropped) in response.dropped.iter().enumerate() {
        assert_eq!(
            (dropped.start, dropped.end),
            (12 * i as u32 + 6, 12 * i as u32 + 11)
        );
    }
}

#[tokio::test]
async fn explain_without_a_cap_lists_every_dropped_candidate() {
    let settings = Settings {
        limits: Limits {
            max_mentions: 0,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let mut req = request(&"South Korea ".repeat(300));
    req.explain = true;
    let response = client.extract(req).await.unwrap().into_inner();
    assert!(!response.truncated);
    assert_eq!(response.mentions.len(), 300);
    assert_eq!(response.dropped.len(), 300);
}

#[test]
fn each_dropped_candidate_names_the_span_that_beat_it() {
    let engine = test_engine();
    let repeats = 5_000;
    let text = "South Korea, Lee Jae Myung and Lee Jae-myung. ".repeat(repeats);
    let unit = text.len() / repeats;
    for overlap in [Overlap::Longest, Overlap::NoSub] {
        let options = Options {
            overlap,
            explain: true,
            ..Options::default()
        };
        let extraction = engine.extract(&text, &options);
        let mut by_unit = vec![0; repeats];
        for dropped in &extraction.dropped {
            let base = dropped.start / unit * unit;
            let span = &text[dropped.start..dropped.end];
            let winner = match span {
                "Korea" => (base, base + "South Korea".len()),
                "Lee" if dropped.start == base + 13 => (base + 13, base + 26),
                "Lee" => (base + 31, base + 44),
                other => panic!("{overlap:?}: unexpected drop {other:?}"),
            };
            let expected = format!(
                "overlapped by {:?} [{}, {})",
                &text[winner.0..winner.1],
                winner.0,
                winner.1
            );
            assert_eq!(dropped.reason, expected, "{overlap:?} at {}", dropped.start);
            by_unit[dropped.start / unit] += 1;
        }
        assert!(
            by_unit.iter().all(|&n| n == 3),
            "{overlap:?}: Korea and both Lees dropped in every sentence"
        );
    }
}
