//! Every RPC through the generated tonic client against the real server.

use std::sync::Arc;

use gazette::api::Limits;
use gazette::api::pb::{
    self, EntityType, ExtractBatchRequest, ExtractRequest, GetDictionaryRequest,
    LookupEntityRequest, OffsetEncoding, OverlapPolicy,
};
use gazette::server::Settings;
use tonic::Code;

use crate::helpers::{TestServer, open_stream, test_engine};

/// A request with a document id to echo.
fn request(text: &str) -> ExtractRequest {
    ExtractRequest {
        document_id: "doc-1".to_string(),
        ..crate::helpers::request(text)
    }
}

async fn test_server() -> TestServer {
    TestServer::start(Arc::new(test_engine()), Settings::default()).await
}

#[tokio::test]
async fn extract_returns_mentions_entities_and_version() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let text = "President Lee Jae Myung flew from South Korea to the US. Lee met Trump.";
    let response = client.extract(request(text)).await.unwrap().into_inner();
    assert_eq!(response.document_id, "doc-1");
    assert!(!response.dictionary_version.is_empty());
    let got: Vec<(&str, i32, &str, &str)> = response
        .mentions
        .iter()
        .map(|m| {
            (
                m.text.as_str(),
                m.r#type,
                m.entity_id.as_str(),
                m.source.as_str(),
            )
        })
        .collect();
    let leader = EntityType::Leader as i32;
    let place = EntityType::Place as i32;
    assert_eq!(
        got,
        vec![
            ("Lee Jae Myung", leader, "Q12612463", "dictionary"),
            ("South Korea", place, "Q884", "dictionary"),
            ("US", place, "Q30", "dictionary"),
            ("Lee", leader, "Q12612463", "coreference"),
            ("Trump", leader, "Q22686", "dictionary"),
        ]
    );
    for m in &response.mentions {
        assert_eq!(&text[m.start as usize..m.end as usize], m.text);
        assert!(m.confidence > 0.0 && m.confidence <= 1.0);
        assert_eq!(
            m.label,
            pb::EntityType::try_from(m.r#type)
                .unwrap()
                .as_str_name()
                .trim_start_matches("ENTITY_TYPE_")
        );
    }
    let lee = response
        .entities
        .iter()
        .find(|e| e.id == "Q12612463")
        .unwrap();
    assert_eq!(lee.canonical_name, "Lee Jae Myung");
    assert_eq!(lee.subtype, "head_of_state");
    assert_eq!(lee.mention_indices, vec![0, 3]);
    assert_eq!(response.entities.len(), 4);
    assert_eq!(response.mentions[2].matched_alias, "US");
}

#[tokio::test]
async fn utf16_and_codepoint_offsets_after_flags() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    // Each flag is two code points outside the BMP: four UTF-16 units.
    let text = "🇰🇷🇺🇸 South Korea and the US";
    for (encoding, start, end) in [
        (OffsetEncoding::Utf8, 17, 28),
        (OffsetEncoding::Utf16, 9, 20),
        (OffsetEncoding::Codepoint, 5, 16),
    ] {
        let mut req = request(text);
        req.offset_encoding = encoding as i32;
        let response = client.extract(req).await.unwrap().into_inner();
        let m = &response.mentions[0];
        assert_eq!((m.start, m.end), (start, end), "{encoding:?}");
    }
    // The UTF-16 offsets slice the string as JavaScript would.
    let mut req = request(text);
    req.offset_encoding = OffsetEncoding::Utf16 as i32;
    let response = client.extract(req).await.unwrap().into_inner();
    let units: Vec<u16> = text.encode_utf16().collect();
    for m in &response.mentions {
        let slice = String::from_utf16(&units[m.start as usize..m.end as usize]).unwrap();
        assert_eq!(slice, m.text);
    }
}

#[tokio::test]
async fn entity_type_filter_and_overlap_policy() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let mut req = request("Trump visited South Korea.");
    req.entity_types = vec![EntityType::Leader as i32];
    let response = client.extract(req).await.unwrap().into_inner();
    let texts: Vec<&str> = response.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["Trump"]);

    let mut req = request("South Korea");
    req.overlap = OverlapPolicy::All as i32;
    let response = client.extract(req).await.unwrap().into_inner();
    let texts: Vec<&str> = response.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["South Korea", "Korea"]);
}

#[tokio::test]
async fn empty_text_is_ok_with_no_mentions() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let response = client.extract(request("")).await.unwrap().into_inner();
    assert!(response.mentions.is_empty());
    assert!(response.entities.is_empty());
}

#[tokio::test]
async fn batch_results_come_in_request_order() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let documents: Vec<ExtractRequest> = (0..50)
        .map(|i| ExtractRequest {
            text: if i % 2 == 0 {
                format!("{i}: Tokyo")
            } else {
                format!("{i}: Trump and the US")
            },
            document_id: format!("d{i}"),
            ..Default::default()
        })
        .collect();
    let response = client
        .extract_batch(ExtractBatchRequest { documents })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.results.len(), 50);
    for (i, result) in response.results.iter().enumerate() {
        assert_eq!(result.document_id, format!("d{i}"));
        assert_eq!(result.mentions.len(), if i % 2 == 0 { 1 } else { 2 });
    }
}

#[tokio::test]
async fn big_batch_runs_off_the_runtime_and_keeps_order() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    // Over the inline threshold, so it runs on the blocking pool.
    let text = "Trump met Lee Jae Myung in Tokyo. ".repeat(2_000);
    let documents: Vec<ExtractRequest> = (0..4)
        .map(|i| ExtractRequest {
            text: text.clone(),
            document_id: format!("big{i}"),
            ..Default::default()
        })
        .collect();
    let response = client
        .extract_batch(ExtractBatchRequest { documents })
        .await
        .unwrap()
        .into_inner();
    for (i, result) in response.results.iter().enumerate() {
        assert_eq!(result.document_id, format!("big{i}"));
        assert_eq!(result.mentions.len(), 6_000);
    }
}

#[tokio::test]
async fn stream_answers_each_document_in_order() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let requests: Vec<ExtractRequest> = (0..20)
        .map(|i| ExtractRequest {
            text: format!("Document {i} mentions Tokyo and Trump."),
            document_id: format!("s{i}"),
            ..Default::default()
        })
        .collect();
    let mut responses = client
        .extract_stream(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let mut seen = 0;
    while let Some(response) = responses.message().await.unwrap() {
        assert_eq!(response.document_id, format!("s{seen}"));
        assert_eq!(response.mentions.len(), 2);
        seen += 1;
    }
    assert_eq!(seen, 20);
}

#[tokio::test]
async fn get_dictionary_and_lookup() {
    let server = test_server().await;
    let mut client = server.dictionary().await;
    let info = client
        .get_dictionary(GetDictionaryRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.total_entities, 15);
    assert_eq!(info.entity_counts["LEADER"], 3);
    assert_eq!(info.entity_counts["PLACE"], 10);
    assert_eq!(info.sources[0].name, "test.jsonl");
    assert!(info.loaded_at.is_some());
    assert!(info.total_aliases > info.total_entities);

    let by_id = client
        .lookup_entity(LookupEntityRequest {
            query: "Q884".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_id.entries.len(), 1);
    assert_eq!(by_id.entries[0].canonical_name, "South Korea");
    let by_alias = client
        .lookup_entity(LookupEntityRequest {
            query: "wi sung lac".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_alias.entries[0].id, "gazette:official/wi-sung-lac");
    let wi = &by_alias.entries[0];
    assert!(wi.aliases.iter().any(|a| a.text == "Wi" && a.short));
    assert!(
        wi.aliases
            .iter()
            .any(|a| a.text == "Wi Sung lac" && a.generated)
    );

    let empty = client
        .lookup_entity(LookupEntityRequest { query: " ".into() })
        .await
        .unwrap_err();
    assert_eq!(empty.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn health_reports_serving() {
    let server = test_server().await;
    let mut health = tonic_health::pb::health_client::HealthClient::new(server.channel().await);
    for service in [
        "",
        "gazette.v1.EntityExtractor",
        "gazette.v1.DictionaryService",
    ] {
        let status = health
            .check(tonic_health::pb::HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner()
            .status;
        assert_eq!(
            status,
            tonic_health::pb::health_check_response::ServingStatus::Serving as i32,
            "{service:?}"
        );
    }
}

/// Asserts the call failed with `code` and a message containing `needle`,
/// then that the server still serves.
async fn assert_rejected(server: &TestServer, status: tonic::Status, code: Code, needle: &str) {
    assert_eq!(status.code(), code, "{status:?}");
    assert!(
        status.message().contains(needle),
        "{:?} lacks {needle:?}",
        status.message()
    );
    let mut client = server.extractor().await;
    let ok = client.extract(request("Tokyo")).await.unwrap().into_inner();
    assert_eq!(ok.mentions.len(), 1, "the server still serves");
}

fn small_limits() -> Settings {
    Settings {
        limits: Limits {
            max_text_bytes: 1000,
            max_batch: 3,
            ..Limits::default()
        },
        max_message_bytes: 64 * 1024,
        ..Settings::default()
    }
}

#[tokio::test]
async fn bad_requests_get_invalid_argument_naming_the_limit_or_field() {
    let server = TestServer::start(Arc::new(test_engine()), small_limits()).await;
    let mut client = server.extractor().await;

    let err = client
        .extract(request(&"x".repeat(1001)))
        .await
        .unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "text is 1001 bytes, over the limit of 1000 bytes (--max-text-bytes)",
    )
    .await;

    let documents = vec![request("a"), request("b"), request("c"), request("d")];
    let err = client
        .extract_batch(ExtractBatchRequest { documents })
        .await
        .unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "4 documents, over the limit of 3 (--max-batch)",
    )
    .await;

    let documents = vec![request("a"), request(&"y".repeat(2000))];
    let err = client
        .extract_batch(ExtractBatchRequest { documents })
        .await
        .unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "documents[1].text is 2000 bytes",
    )
    .await;

    let mut req = request("Tokyo");
    req.entity_types = vec![EntityType::Place as i32, 42];
    let err = client.extract(req).await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "entity_types[1]: 42 is not a valid EntityType",
    )
    .await;

    let mut req = request("Tokyo");
    req.offset_encoding = 9;
    let err = client.extract(req).await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "offset_encoding: 9 is not a valid OffsetEncoding",
    )
    .await;

    let mut req = request("Tokyo");
    req.overlap = -1;
    let err = client.extract(req).await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "overlap: -1 is not a valid OverlapPolicy",
    )
    .await;
}

#[tokio::test]
async fn message_over_the_transport_limit_is_resource_exhausted() {
    let server = TestServer::start(Arc::new(test_engine()), small_limits()).await;
    let mut client = server.extractor().await;
    let err = client
        .extract(request(&"z".repeat(100_000)))
        .await
        .unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::ResourceExhausted,
        "message length too large",
    )
    .await;

    // The same through a stream, where the status travels in trailers.
    let mut client = server.extractor().await;
    let outcome = client
        .extract_stream(tokio_stream::iter(vec![request(&"z".repeat(100_000))]))
        .await;
    let status = match outcome {
        Err(status) => status,
        Ok(response) => response.into_inner().message().await.unwrap_err(),
    };
    assert_rejected(
        &server,
        status,
        Code::ResourceExhausted,
        "message length too large",
    )
    .await;
}

#[tokio::test]
async fn stream_ends_with_the_status_of_a_bad_message() {
    let server = TestServer::start(Arc::new(test_engine()), small_limits()).await;
    let mut client = server.extractor().await;
    let requests = vec![
        request("Tokyo"),
        request(&"x".repeat(5000)),
        request("Trump"),
    ];
    let mut responses = client
        .extract_stream(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let first = responses.message().await.unwrap().unwrap();
    assert_eq!(first.mentions.len(), 1);
    let err = responses.message().await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "message 2: text is 5000 bytes",
    )
    .await;
}

/// Raw messages with the wire numbers of `ExtractRequest` but other types,
/// to send what a careless client might.
mod raw {
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BytesText {
        #[prost(bytes = "vec", tag = "1")]
        pub text: Vec<u8>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct WrongWireType {
        #[prost(fixed64, tag = "1")]
        pub text: u64,
    }
}

async fn raw_extract<M: prost::Message + Default + Send + Sync + 'static>(
    server: &TestServer,
    message: M,
) -> tonic::Status {
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.unwrap();
    let path = http::uri::PathAndQuery::from_static("/gazette.v1.EntityExtractor/Extract");
    let codec = tonic_prost::ProstCodec::<M, pb::ExtractResponse>::default();
    grpc.unary(tonic::Request::new(message), path, codec)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn text_that_is_not_utf8_is_invalid_argument() {
    let server = test_server().await;
    let status = raw_extract(
        &server,
        raw::BytesText {
            text: vec![b'T', 0xff, 0xfe, b'o'],
        },
    )
    .await;
    assert_rejected(&server, status, Code::InvalidArgument, "not UTF-8").await;
}

#[tokio::test]
async fn undecodable_message_is_invalid_argument() {
    let server = test_server().await;
    let status = raw_extract(&server, raw::WrongWireType { text: 7 }).await;
    assert_rejected(
        &server,
        status,
        Code::InvalidArgument,
        "could not be decoded",
    )
    .await;
}

#[tokio::test]
async fn shutdown_drains_calls_in_flight() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let (sender, mut responses) = open_stream(&mut client).await;
    sender.send(request("Tokyo")).await.unwrap();
    assert_eq!(
        responses.message().await.unwrap().unwrap().mentions.len(),
        1
    );

    // Shut down with the stream open: it keeps being served until it ends.
    let stopped = tokio::spawn(server.stop());
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(!stopped.is_finished(), "the server waits for the open call");
    sender.send(request("Trump and Tokyo")).await.unwrap();
    assert_eq!(
        responses.message().await.unwrap().unwrap().mentions.len(),
        2
    );
    drop(sender);
    assert!(responses.message().await.unwrap().is_none());
    tokio::time::timeout(std::time::Duration::from_secs(10), stopped)
        .await
        .expect("the server stops once the call ends")
        .unwrap();
}

#[tokio::test]
async fn explain_document_date_and_min_confidence_over_grpc() {
    let server = test_server().await;
    let mut client = server.extractor().await;
    let mut req = request("Prime Minister Jane Roe met Trump and Lee in Georgia.");
    req.explain = true;
    req.document_date = "2025-05-01".into();
    let response = client.extract(req.clone()).await.unwrap().into_inner();
    let texts: Vec<&str> = response.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["Jane Roe", "Trump", "Georgia"]);
    assert_eq!(response.mentions[0].source, "title");
    assert!(
        response.mentions[0]
            .explanation
            .contains("after the title \"Minister\""),
        "{}",
        response.mentions[0].explanation
    );
    assert_eq!(response.mentions[2].alternatives.len(), 1);
    assert!(
        response
            .dropped
            .iter()
            .any(|d| d.text == "Lee" && d.reason.contains("short form")),
        "{:?}",
        response.dropped
    );

    req.min_confidence = 0.9;
    let strict = client.extract(req.clone()).await.unwrap().into_inner();
    assert!(strict.mentions.iter().all(|m| m.confidence >= 0.9));
    assert!(strict.mentions.len() < response.mentions.len());

    req.document_date = "someday".into();
    let err = client.extract(req.clone()).await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "document_date: \"someday\" is not a date",
    )
    .await;
    req.document_date = String::new();
    req.min_confidence = 1.5;
    let err = client.extract(req).await.unwrap_err();
    assert_rejected(
        &server,
        err,
        Code::InvalidArgument,
        "min_confidence: 1.5 is not between 0 and 1",
    )
    .await;
}

#[tokio::test]
async fn document_date_is_a_strict_yyyy_mm_dd_of_a_real_day() {
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    let mut client = server.extractor().await;
    for bad in [
        "2025-02-30",
        "2025-1-1",
        " 2025-01-01",
        "2025-01-01T00:00:00Z",
    ] {
        let mut req = request("Tokyo");
        req.document_date = bad.into();
        let err = client.extract(req).await.unwrap_err();
        assert_rejected(
            &server,
            err,
            Code::InvalidArgument,
            &format!("document_date: {bad:?} is not a date written YYYY-MM-DD"),
        )
        .await;
    }
    for good in ["2024-02-29", "2025-03", "2025"] {
        let mut req = request("Tokyo");
        req.document_date = good.into();
        let ok = client.extract(req).await.unwrap().into_inner();
        assert_eq!(ok.mentions.len(), 1, "{good}");
    }
}
