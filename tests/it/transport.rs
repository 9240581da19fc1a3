//! The transport as outside clients meet it: reflection streams cut short,
//! compression, stream and response limits, clients that stop reading,
//! the drain and health watches.

use std::sync::Arc;
use std::time::Duration;

use gazette::api::Limits;
use gazette::api::pb::ExtractBatchRequest;
use gazette::server::Settings;
use tonic::Code;
use tonic::codec::CompressionEncoding;

use crate::helpers::{
    ServeProcess, TestServer, open_stream, raw_call, raw_client, request, test_engine,
};

async fn still_serves(server: &TestServer) {
    let mut client = server.extractor().await;
    let ok = client.extract(request("Tokyo")).await.unwrap().into_inner();
    assert_eq!(ok.mentions.len(), 1, "the server still serves");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reflection_streams_cut_short_never_panic() {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::{ServerReflectionRequest, server_reflection_response};

    let server = ServeProcess::start(&["--no-default-dictionary"], &[]);
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect()
            .await
            .unwrap();
        tasks.push(tokio::spawn(async move {
            for _ in 0..400 {
                let mut client = ServerReflectionClient::new(channel.clone());
                let ask = ServerReflectionRequest {
                    host: String::new(),
                    message_request: Some(MessageRequest::ListServices(String::new())),
                };
                // The client hangs up as soon as the call is open, while the
                // server is still answering.
                let response = client
                    .server_reflection_info(tokio_stream::iter(vec![ask]))
                    .await;
                drop(response);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let ask = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut answers = ServerReflectionClient::new(channel)
        .server_reflection_info(tokio_stream::iter(vec![ask]))
        .await
        .unwrap()
        .into_inner();
    let answer = answers.message().await.unwrap().unwrap();
    assert!(matches!(
        answer.message_response,
        Some(server_reflection_response::MessageResponse::ListServicesResponse(_))
    ));
    // Let any panic of the last cancelled calls reach the log.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.count_log("panicked"), 0, "no panic output");
    let not_json =
        server.count_log_where(|line| serde_json::from_str::<serde_json::Value>(line).is_err());
    assert_eq!(
        not_json, 0,
        "every stderr line is JSON under --log-format json"
    );
}

#[tokio::test]
async fn gzip_and_zstd_work_both_ways() {
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    for (encoding, name) in [
        (CompressionEncoding::Gzip, "gzip"),
        (CompressionEncoding::Zstd, "zstd"),
    ] {
        let mut client = server
            .extractor()
            .await
            .send_compressed(encoding)
            .accept_compressed(encoding);
        let text = "Lee Jae-myung met officials in Tokyo. ".repeat(100);
        let response = client.extract(request(&text)).await.unwrap();
        let sent_as = response
            .metadata()
            .get("grpc-encoding")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(sent_as.as_deref(), Some(name), "the answer is compressed");
        assert_eq!(response.into_inner().mentions.len(), 200);
        let batch = client
            .extract_batch(ExtractBatchRequest {
                documents: vec![request("Tokyo"), request("Leeds")],
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(batch.results.len(), 2);
        let (sender, mut answers) = open_stream(&mut client).await;
        sender.send(request("Tokyo and Leeds")).await.unwrap();
        assert_eq!(answers.message().await.unwrap().unwrap().mentions.len(), 2);
    }
}

#[tokio::test]
async fn streams_past_max_open_streams_are_resource_exhausted() {
    let settings = Settings {
        max_open_streams: 3,
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let mut open = Vec::new();
    for _ in 0..3 {
        let (sender, mut answers) = open_stream(&mut client).await;
        sender.send(request("Tokyo")).await.unwrap();
        assert_eq!(answers.message().await.unwrap().unwrap().mentions.len(), 1);
        open.push((sender, answers));
    }
    let (_sender, receiver) = tokio::sync::mpsc::channel(1);
    let refused = client
        .extract_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
        .await
        .expect_err("a fourth stream is refused");
    assert_eq!(refused.code(), Code::ResourceExhausted);
    assert!(
        refused.message().contains("--max-open-streams"),
        "{}",
        refused.message()
    );
    // Unary calls are not streams.
    still_serves(&server).await;
    // A stream that ends gives its place back.
    drop(open.pop());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        match client
            .extract_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
            .await
        {
            Ok(answers) => {
                sender.send(request("Leeds")).await.unwrap();
                let mut answers = answers.into_inner();
                assert_eq!(answers.message().await.unwrap().unwrap().mentions.len(), 1);
                break;
            }
            Err(status) => {
                assert_eq!(status.code(), Code::ResourceExhausted);
                assert!(std::time::Instant::now() < deadline, "the place came back");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

#[tokio::test]
async fn answers_over_max_response_bytes_are_resource_exhausted() {
    let settings = Settings {
        limits: Limits {
            max_response_bytes: 4000,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let big = "Tokyo ".repeat(200);
    let status = client.extract(request(&big)).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert!(
        status.message().contains("--max-response-bytes"),
        "{}",
        status.message()
    );
    // Each document fits; the batch does not.
    let some = "Tokyo ".repeat(40);
    let one = client.extract(request(&some)).await.unwrap().into_inner();
    assert_eq!(one.mentions.len(), 40);
    let status = client
        .extract_batch(ExtractBatchRequest {
            documents: vec![request(&some), request(&some), request(&some)],
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert!(
        status.message().contains("--max-response-bytes"),
        "{}",
        status.message()
    );
    // A stream answers what fits, then ends on what does not.
    let (sender, mut answers) = open_stream(&mut client).await;
    sender.send(request("Tokyo")).await.unwrap();
    assert_eq!(answers.message().await.unwrap().unwrap().mentions.len(), 1);
    sender.send(request(&big)).await.unwrap();
    let status = answers.message().await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    still_serves(&server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_accepts_no_response_bytes_loses_its_connection() {
    let settings = Settings {
        send_timeout: Duration::from_secs(1),
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let (mut send, connection) = raw_client(server.addr, 0).await;
    // Hundreds of KB of answer: far over the zero window.
    let _body = raw_call(&mut send, &"Tokyo ".repeat(20_000)).await;
    let ended = tokio::time::timeout(Duration::from_secs(10), connection).await;
    assert!(ended.is_ok(), "the server closed the stalled connection");
    still_serves(&server).await;
}

#[tokio::test]
async fn a_client_that_reads_slowly_keeps_its_connection() {
    let settings = Settings {
        send_timeout: Duration::from_secs(1),
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let (mut send, connection) = raw_client(server.addr, 64 * 1024).await;
    let mut body = raw_call(&mut send, &"Tokyo ".repeat(5_000)).await;
    // Accept at most 64 KiB every 400 ms: slow, but never stalled for the
    // whole send timeout.
    let mut received = 0;
    let mut control = body.flow_control().clone();
    while let Some(chunk) = body.data().await {
        let chunk =
            chunk.unwrap_or_else(|err| panic!("the stream failed after {received} bytes: {err}"));
        received += chunk.len();
        tokio::time::sleep(Duration::from_millis(100)).await;
        control.release_capacity(chunk.len()).unwrap();
    }
    assert!(
        received > 200_000,
        "the whole answer arrived: {received} bytes"
    );
    assert!(!connection.is_finished(), "the connection is still open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_refuses_new_connections_and_a_second_signal_stops_at_once() {
    let server = ServeProcess::start(
        &["--no-default-dictionary", "--shutdown-grace-secs", "60"],
        &[],
    );
    let mut client = server.extractor().await;
    let (sender, mut answers) = open_stream(&mut client).await;
    sender.send(request("nothing here")).await.unwrap();
    answers.message().await.unwrap().unwrap();
    server.signal("TERM");
    let line = server.wait_for_log("shutting down", 10);
    assert!(
        line.contains("\"grace_secs\":60"),
        "the drain says how long it waits: {line}"
    );
    // A connection attempt during the drain is refused at once.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::net::TcpStream::connect(server.addr).await {
            Err(err) => {
                assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
                break;
            }
            Ok(_) => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the listener is still open"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    // The stream in flight keeps the drain going; a second signal ends it.
    let mut server = server;
    server.signal("TERM");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the second signal stops the server"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(status.code(), Some(130));
    drop(sender);
}

#[tokio::test]
async fn health_watch_of_an_unknown_service_says_service_unknown_and_stays_open() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let server = TestServer::start(Arc::new(test_engine()), Settings::default()).await;
    let mut health = HealthClient::new(server.channel().await);
    let mut watch = health
        .watch(HealthCheckRequest {
            service: "no.such.Service".into(),
        })
        .await
        .expect("the watch opens")
        .into_inner();
    let first = watch.message().await.unwrap().unwrap();
    assert_eq!(first.status, ServingStatus::ServiceUnknown as i32);
    let next = tokio::time::timeout(Duration::from_millis(500), watch.message()).await;
    assert!(next.is_err(), "the stream stays open: {next:?}");
    // Known services still answer as before.
    let mut watch = health
        .watch(HealthCheckRequest {
            service: "gazette.v1.EntityExtractor".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let status = watch.message().await.unwrap().unwrap().status;
    assert_eq!(status, ServingStatus::Serving as i32);
    let check = health
        .check(HealthCheckRequest {
            service: "no.such.Service".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(check.code(), Code::NotFound);
}
