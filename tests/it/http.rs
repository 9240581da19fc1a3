//! The HTTP/JSON API and the gRPC port's other protocols, through real
//! clients: curl for JSON and gRPC-Web, grpcurl for the answers JSON must
//! equal, buf curl for gRPC-Web and Connect.

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;

use gazette::api::Limits;
use gazette::api::auth::Token;
use gazette::engine::Engine;
use gazette::live::LiveDictionary;
use gazette::server::{self, Settings, Tls};
use prost::Message;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::helpers::{default_engine, root, test_engine, tool};

/// A server with both ports; stops when dropped.
struct Servers {
    grpc: SocketAddr,
    http: SocketAddr,
    _shutdown: oneshot::Sender<()>,
}

async fn start(engine: Arc<Engine>, settings: Settings) -> Servers {
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addrs = (grpc.local_addr().unwrap(), http.local_addr().unwrap());
    let (shutdown, signal) = oneshot::channel::<()>();
    let live = Arc::new(LiveDictionary::new(engine, Vec::new()));
    tokio::spawn(async move {
        server::run_with_http(grpc, Some(http), live, settings, async {
            let _ = signal.await;
        })
        .await
        .expect("the server runs");
    });
    Servers {
        grpc: addrs.0,
        http: addrs.1,
        _shutdown: shutdown,
    }
}

/// What curl got: the status, the headers and the body.
struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The Google-style error body, checked for its shape.
    fn error(&self) -> (u16, String, String) {
        let body = self.json();
        assert!(
            self.headers.contains("content-type: application/json"),
            "{}",
            self.headers
        );
        assert_eq!(body["code"], self.status, "{body}");
        (
            self.status,
            body["status"].as_str().unwrap().to_string(),
            body["message"].as_str().unwrap().to_string(),
        )
    }
}

/// Runs curl with `args`, `body` on its stdin, off the test's runtime.
async fn curl(args: Vec<String>, body: Option<Vec<u8>>) -> Reply {
    tokio::task::spawn_blocking(move || {
        let headers = tempfile::NamedTempFile::new().unwrap();
        let mut command = Command::new("curl");
        command
            .args(["-sS", "--max-time", "30", "-D"])
            .arg(headers.path())
            .args(["-o", "-", "-w", "%{stderr}%{http_code}"])
            .args(&args);
        if body.is_some() {
            command.args(["--data-binary", "@-"]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("curl runs");
        let mut stdin = child.stdin.take().unwrap();
        if let Some(body) = body {
            stdin.write_all(&body).unwrap();
        }
        drop(stdin);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let status = stderr
            .trim()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("curl {args:?} failed: {stderr}"));
        Reply {
            status,
            headers: std::fs::read_to_string(headers.path())
                .unwrap()
                .to_lowercase(),
            body: output.stdout,
        }
    })
    .await
    .unwrap()
}

async fn post(servers: &Servers, path: &str, body: &str, extra: &[&str]) -> Reply {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.push(format!("http://{}{path}", servers.http));
    curl(args, Some(body.as_bytes().to_vec())).await
}

async fn get(servers: &Servers, path: &str, extra: &[&str]) -> Reply {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.push(format!("http://{}{path}", servers.http));
    curl(args, None).await
}

/// What grpcurl prints for `method` with `data`, as JSON.
async fn grpcurl(servers: &Servers, method: &str, data: &str) -> Value {
    let (addr, method, data) = (
        servers.grpc.to_string(),
        method.to_string(),
        data.to_string(),
    );
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(tool("grpcurl"))
            .args([
                "-plaintext",
                "-max-msg-sz",
                "67108864",
                "-d",
                "@",
                &addr,
                &method,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("grpcurl runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(data.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "grpcurl {method} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("grpcurl prints JSON")
    })
    .await
    .unwrap()
}

fn article() -> String {
    std::fs::read_to_string(root().join("tests/data/seed/article.txt")).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn json_answers_are_what_grpcurl_prints() {
    let servers = start(default_engine(), Settings::default()).await;
    let text = article();
    let requests = [
        json!({"text": text, "documentId": "seed"}),
        json!({"text": text, "offset_encoding": "OFFSET_ENCODING_UTF16", "explain": true,
               "overlap": "OVERLAP_POLICY_ALL", "documentDate": "2019-05-01"}),
        json!({"text": "Prime Minister Ishiba met President Lee in Tokyo.",
               "entityTypes": ["ENTITY_TYPE_LEADER"], "minConfidence": 0.5}),
        json!({"text": ""}),
    ];
    for request in &requests {
        let body = request.to_string();
        let reply = post(&servers, "/v1/extract", &body, &[]).await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        assert!(reply.headers.contains("content-type: application/json"));
        let expected = grpcurl(&servers, "gazette.v1.EntityExtractor/Extract", &body).await;
        assert_eq!(
            reply.json(),
            expected,
            "for {}",
            &body[..body.len().min(80)]
        );
    }
    // The comparison covered the fields that matter.
    let full = post(&servers, "/v1/extract", &requests[1].to_string(), &[])
        .await
        .json();
    for key in ["mentions", "entities", "dictionaryVersion", "dropped"] {
        assert!(full.get(key).is_some(), "{key} missing");
    }
    assert!(full["entities"][0]["salience"].as_f64().unwrap() > 0.0);

    let batch = json!({"documents": [requests[0], requests[2]]}).to_string();
    let reply = post(&servers, "/v1/extract:batch", &batch, &[]).await;
    assert_eq!(reply.status, 200);
    let expected = grpcurl(&servers, "gazette.v1.EntityExtractor/ExtractBatch", &batch).await;
    assert_eq!(reply.json(), expected);
    assert_eq!(reply.json()["results"].as_array().unwrap().len(), 2);

    let reply = get(&servers, "/v1/dictionary", &[]).await;
    assert_eq!(reply.status, 200);
    let expected = grpcurl(&servers, "gazette.v1.DictionaryService/GetDictionary", "{}").await;
    assert_eq!(reply.json(), expected);
    assert!(
        reply.json()["totalEntities"].is_string(),
        "uint64 as a string"
    );
    assert!(reply.json()["loadedAt"].as_str().unwrap().ends_with('Z'));

    let reply = get(&servers, "/v1/entities?query=South%20Korea", &[]).await;
    assert_eq!(reply.status, 200);
    let expected = grpcurl(
        &servers,
        "gazette.v1.DictionaryService/LookupEntity",
        r#"{"query":"South Korea"}"#,
    )
    .await;
    assert_eq!(reply.json(), expected);
    assert!(!reply.json()["entries"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_http_statuses_with_google_style_bodies() {
    let settings = Settings {
        limits: Limits {
            max_text_bytes: 1000,
            max_batch: 2,
            ..Limits::default()
        },
        max_message_bytes: 4096,
        ..Settings::default()
    };
    let servers = start(Arc::new(test_engine()), settings).await;
    let cases: [(&str, String, u16, &str, &str); 7] = [
        (
            "/v1/extract",
            "{".into(),
            400,
            "INVALID_ARGUMENT",
            "gazette.v1.ExtractRequest",
        ),
        (
            "/v1/extract",
            r#"{"txet":"Seoul"}"#.into(),
            400,
            "INVALID_ARGUMENT",
            "txet",
        ),
        (
            "/v1/extract",
            r#"{"text":"x","overlap":"SIDEWAYS"}"#.into(),
            400,
            "INVALID_ARGUMENT",
            "SIDEWAYS",
        ),
        (
            "/v1/extract",
            json!({"text": "a".repeat(1001)}).to_string(),
            400,
            "INVALID_ARGUMENT",
            "--max-text-bytes",
        ),
        (
            "/v1/extract",
            r#"{"text":"x","minConfidence":2}"#.into(),
            400,
            "INVALID_ARGUMENT",
            "min_confidence",
        ),
        (
            "/v1/extract:batch",
            r#"{"documents":[{},{},{}]}"#.into(),
            400,
            "INVALID_ARGUMENT",
            "--max-batch",
        ),
        (
            "/v1/extract",
            json!({"text": "a".repeat(5000)}).to_string(),
            413,
            "RESOURCE_EXHAUSTED",
            "--max-message-bytes",
        ),
    ];
    for (path, body, status, code, needle) in cases {
        let reply = post(&servers, path, &body, &[]).await;
        let (got_status, got_code, message) = reply.error();
        assert_eq!(
            (got_status, got_code.as_str()),
            (status, code),
            "{path} {message}"
        );
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
    let (status, code, message) = get(&servers, "/v1/nothing", &[]).await.error();
    assert_eq!((status, code.as_str()), (404, "NOT_FOUND"));
    assert!(message.contains("/v1/nothing"));
    let (status, _, _) = get(&servers, "/v1/extract", &[]).await.error();
    assert_eq!(status, 405);
    let (status, code, _) = get(&servers, "/v1/entities", &[]).await.error();
    assert_eq!(
        (status, code.as_str()),
        (400, "INVALID_ARGUMENT"),
        "an empty query"
    );
    let (status, code, _) = post(
        &servers,
        "/v1/extract",
        "{}",
        &["-H", "x-server-timeout: soon"],
    )
    .await
    .error();
    assert_eq!((status, code.as_str()), (400, "INVALID_ARGUMENT"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deadline_from_x_server_timeout_is_504() {
    let servers = start(default_engine(), Settings::default()).await;
    let body = json!({"text": "South Korea and President Lee. ".repeat(30_000)}).to_string();
    let reply = post(
        &servers,
        "/v1/extract",
        &body,
        &["-H", "x-server-timeout: 0.001"],
    )
    .await;
    let (status, code, message) = reply.error();
    assert_eq!(
        (status, code.as_str()),
        (504, "DEADLINE_EXCEEDED"),
        "{message}"
    );
    // Without the header the same text is tagged.
    assert_eq!(post(&servers, "/v1/extract", &body, &[]).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_response_over_max_response_bytes_is_429_and_a_smaller_one_passes() {
    let settings = Settings {
        limits: Limits {
            max_response_bytes: 2_000,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let servers = start(default_engine(), settings).await;
    let body = json!({"text": "South Korea and President Lee. ".repeat(40)}).to_string();
    let (status, code, message) = post(&servers, "/v1/extract", &body, &[]).await.error();
    assert_eq!(
        (status, code.as_str()),
        (429, "RESOURCE_EXHAUSTED"),
        "{message}"
    );
    assert!(message.contains("--max-response-bytes"), "{message}");
    let batch = json!({"documents": [{"text": "South Korea and President Lee. ".repeat(40)}]});
    let (status, code, _) = post(&servers, "/v1/extract:batch", &batch.to_string(), &[])
        .await
        .error();
    assert_eq!((status, code.as_str()), (429, "RESOURCE_EXHAUSTED"));
    // The server keeps serving, and a small answer passes the same limit.
    let small = post(&servers, "/v1/extract", r#"{"text":"South Korea"}"#, &[]).await;
    assert_eq!(small.status, 200);
    assert_eq!(small.json()["mentions"][0]["canonicalName"], "South Korea");
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_guard_http_as_they_guard_grpc() {
    let settings = Settings {
        api_token: Token::new("api-secret"),
        admin_token: Token::new("admin-secret"),
        ..Settings::default()
    };
    let servers = start(Arc::new(test_engine()), settings).await;
    let body = r#"{"text":"Seoul"}"#;
    let (status, code, _) = post(&servers, "/v1/extract", body, &[]).await.error();
    assert_eq!((status, code.as_str()), (401, "UNAUTHENTICATED"));
    let wrong = ["-H", "authorization: Bearer nope"];
    let (status, code, _) = post(&servers, "/v1/extract", body, &wrong).await.error();
    assert_eq!((status, code.as_str()), (403, "PERMISSION_DENIED"));
    let right = ["-H", "authorization: Bearer api-secret"];
    assert_eq!(
        post(&servers, "/v1/extract", body, &right).await.status,
        200
    );
    assert_eq!(
        post(&servers, "/v1/extract:batch", "{}", &right)
            .await
            .status,
        200
    );
    let (status, _, _) = post(&servers, "/v1/extract:batch", "{}", &[]).await.error();
    assert_eq!(status, 401);

    let (status, code, _) = post(&servers, "/v1/dictionary:reload", "", &[])
        .await
        .error();
    assert_eq!((status, code.as_str()), (401, "UNAUTHENTICATED"));
    let (status, code, _) = post(&servers, "/v1/dictionary:reload", "", &right)
        .await
        .error();
    assert_eq!((status, code.as_str()), (403, "PERMISSION_DENIED"));
    let admin = ["-H", "authorization: Bearer admin-secret"];
    let reply = post(&servers, "/v1/dictionary:reload", "", &admin).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    // The test server has no files: the reload reads none, and says so.
    let reloaded = reply.json();
    assert!(reloaded["version"].is_string(), "{reloaded}");
    assert!(reloaded["previousVersion"].is_string(), "{reloaded}");
    assert_eq!(
        post(&servers, "/v1/dictionary:reload", "{}", &admin)
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_the_playground_page() {
    let servers = start(Arc::new(test_engine()), Settings::default()).await;
    let reply = get(&servers, "/healthz", &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({"status": "SERVING"}));
    let reply = get(&servers, "/?text=Seoul", &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply.headers.contains("content-type: text/html"));
    let page = String::from_utf8(reply.body).unwrap();
    assert!(page.contains("<title>Gazette playground</title>"));
    // Offline: nothing is loaded from another host.
    for external in ["http://", "https://", "//fonts", "<link"] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, as PEM files.
fn certificate(dir: &std::path::Path) -> (std::path::PathBuf, Tls) {
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let pem = cert.cert.pem();
    let path = dir.join("cert.pem");
    std::fs::write(&path, &pem).unwrap();
    (
        path,
        Tls {
            cert: pem.into_bytes(),
            key: cert.signing_key.serialize_pem().into_bytes(),
            client_ca: None,
        },
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn https_serves_http1_and_http2_with_the_grpc_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = certificate(dir.path());
    let settings = Settings {
        tls: Some(tls),
        ..Settings::default()
    };
    let servers = start(Arc::new(test_engine()), settings).await;
    let url = format!("https://localhost:{}/v1/extract", servers.http.port());
    let resolve = format!("localhost:{}:127.0.0.1", servers.http.port());
    for version in ["--http1.1", "--http2"] {
        let args = vec![
            version.to_string(),
            "--cacert".into(),
            ca.display().to_string(),
            "--resolve".into(),
            resolve.clone(),
            url.clone(),
        ];
        let reply = curl(args, Some(br#"{"text":"Seoul and Tokyo"}"#.to_vec())).await;
        assert_eq!(reply.status, 200, "{version}");
        assert_eq!(
            reply.json()["mentions"].as_array().unwrap().len(),
            1,
            "{version}"
        );
        let expected = if version == "--http2" {
            "http/2"
        } else {
            "http/1.1"
        };
        assert!(
            reply.headers.starts_with(expected),
            "{version}: {}",
            reply.headers
        );
    }
    // Plain HTTP to the TLS port gets no answer.
    let plain = curl(vec![format!("http://{}/healthz", servers.http)], None);
    assert_ne!(plain.await.status, 200);
}

/// A gRPC-Web frame: flag, length, message.
fn frame(flag: u8, message: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn grpc_web_is_served_on_the_grpc_port_with_cors() {
    let settings = Settings {
        cors_origins: vec!["https://app.example".into()],
        ..Settings::default()
    };
    let servers = start(Arc::new(test_engine()), settings).await;
    let request = gazette::api::pb::ExtractRequest {
        text: "President Lee Jae Myung visited Tokyo.".into(),
        ..Default::default()
    };
    let url = format!("http://{}/gazette.v1.EntityExtractor/Extract", servers.grpc);
    let reply = curl(
        vec![
            "--http1.1".into(),
            "-H".into(),
            "content-type: application/grpc-web+proto".into(),
            "-H".into(),
            "x-grpc-web: 1".into(),
            "-H".into(),
            "origin: https://app.example".into(),
            url.clone(),
        ],
        Some(frame(0, &request.encode_to_vec())),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.headers);
    assert!(
        reply
            .headers
            .contains("content-type: application/grpc-web+proto"),
        "{}",
        reply.headers
    );
    assert!(
        reply
            .headers
            .contains("access-control-allow-origin: https://app.example")
    );
    // A data frame, then the trailers frame.
    let body = &reply.body;
    assert_eq!(body[0], 0);
    let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
    let response = gazette::api::pb::ExtractResponse::decode(&body[5..5 + len]).unwrap();
    let names: Vec<&str> = response
        .mentions
        .iter()
        .map(|m| m.canonical_name.as_str())
        .collect();
    assert_eq!(names, ["Lee Jae Myung", "Tokyo"]);
    let trailers = &body[5 + len..];
    assert_eq!(trailers[0], 0x80);
    assert!(String::from_utf8_lossy(&trailers[5..]).contains("grpc-status:0"));

    // The browser's preflight, for an allowed origin and for another.
    let preflight = |origin: &str| {
        vec![
            "-X".to_string(),
            "OPTIONS".into(),
            "-H".into(),
            format!("origin: {origin}"),
            "-H".into(),
            "access-control-request-method: POST".into(),
            "-H".into(),
            "access-control-request-headers: content-type,x-grpc-web".into(),
            url.clone(),
        ]
    };
    let allowed = curl(preflight("https://app.example"), None).await;
    assert_eq!(allowed.status, 200);
    assert!(
        allowed
            .headers
            .contains("access-control-allow-origin: https://app.example")
    );
    assert!(
        allowed.headers.contains("x-grpc-web"),
        "{}",
        allowed.headers
    );
    let other = curl(preflight("https://evil.example"), None).await;
    assert!(
        !other.headers.contains("access-control-allow-origin"),
        "{}",
        other.headers
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn other_protocols_on_the_grpc_port_get_415_and_unimplemented() {
    let servers = start(Arc::new(test_engine()), Settings::default()).await;
    let url = format!("http://{}/gazette.v1.EntityExtractor/Extract", servers.grpc);
    // A Connect unary call, as connect-go and buf curl send it.
    let reply = curl(
        vec![
            "--http2-prior-knowledge".into(),
            "-H".into(),
            "content-type: application/proto".into(),
            "-H".into(),
            "connect-protocol-version: 1".into(),
            url.clone(),
        ],
        Some(
            gazette::api::pb::ExtractRequest {
                text: "Seoul".into(),
                ..Default::default()
            }
            .encode_to_vec(),
        ),
    )
    .await;
    assert_eq!(reply.status, 415);
    assert!(
        reply.headers.contains("grpc-status: 12"),
        "{}",
        reply.headers
    );
    assert_eq!(reply.json()["code"], "unimplemented");
    // JSON and a plain GET, over HTTP/1.1.
    for args in [
        vec![
            "--http1.1".to_string(),
            "-H".into(),
            "content-type: application/json".into(),
            "-d".into(),
            "{}".into(),
        ],
        vec!["--http1.1".to_string()],
    ] {
        let mut args = args;
        args.push(url.clone());
        let reply = curl(args, None).await;
        assert_eq!(reply.status, 415, "{}", reply.headers);
    }
}

/// `buf curl` speaking gRPC-Web, and Connect, to the gRPC port, with the
/// schema from the proto file.
fn buf_curl(servers: &Servers, protocol: &str) -> std::process::Output {
    Command::new(tool("buf"))
        .current_dir(root())
        .args([
            "curl",
            "--schema",
            "proto",
            "--protocol",
            protocol,
            "--http2-prior-knowledge",
        ])
        .args(["-d", r#"{"text":"President Lee Jae Myung visited Tokyo."}"#])
        .arg(format!(
            "http://{}/gazette.v1.EntityExtractor/Extract",
            servers.grpc
        ))
        .output()
        .expect("buf runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn buf_curl_speaks_grpc_web_and_connect_is_refused_cleanly() {
    let servers = start(Arc::new(test_engine()), Settings::default()).await;
    let output = tokio::task::block_in_place(|| buf_curl(&servers, "grpcweb"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["mentions"][0]["canonicalName"], "Lee Jae Myung");
    let output = tokio::task::block_in_place(|| buf_curl(&servers, "connect"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unimplemented"), "{stderr}");
    assert!(!stderr.contains("compression flag"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_work_over_http() {
    let servers = start(default_engine(), Settings::default()).await;
    let text = "President Lee Jae Myung met Donald Trump in Tokyo and Seoul.";
    let body = json!({"text": text, "countries": ["kr"], "dictionaries": ["default"]});
    let reply = post(&servers, "/v1/extract", &body.to_string(), &[]).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let answer = reply.json();
    let entities = answer["entities"].as_array().unwrap();
    let names: Vec<&str> = entities
        .iter()
        .map(|e| e["canonicalName"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Seoul") && names.contains(&"Lee Jae Myung"),
        "{names:?}"
    );
    for entity in entities {
        assert_eq!(entity["attributes"]["country"], "KR", "{entity}");
    }
    for (body, needle) in [
        (
            json!({"text": text, "countries": ["KR", "XX"]}),
            "countries[1]: \"XX\"",
        ),
        (
            json!({"text": text, "dictionaries": ["nope"]}),
            "(loaded: default)",
        ),
    ] {
        let reply = post(&servers, "/v1/extract", &body.to_string(), &[]).await;
        let (status, code, message) = reply.error();
        assert_eq!((status, code.as_str()), (400, "INVALID_ARGUMENT"));
        assert!(message.contains(needle), "{message}");
    }
}

/// After SIGTERM with `--shutdown-delay-secs`, `/healthz` answers 503 and
/// gRPC health `NOT_SERVING` while calls are still answered on both ports;
/// then the listeners close and the process exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_during_the_shutdown_delay_while_calls_still_pass() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let server = crate::helpers::ServeProcess::start(
        &["--http-listen", "127.0.0.1:0", "--shutdown-delay-secs", "4"],
        &[],
    );
    let line = server.wait_for_log("serving the HTTP/JSON API", 30);
    let http: SocketAddr = serde_json::from_str::<Value>(&line).unwrap()["addr"]
        .as_str()
        .expect("the log gives the HTTP address")
        .parse()
        .unwrap();
    let url = |path: &str| format!("http://{http}{path}");
    let extract = || {
        curl(
            vec![url("/v1/extract")],
            Some(br#"{"text":"Lee Jae Myung visited Tokyo."}"#.to_vec()),
        )
    };
    let health = || async {
        let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect()
            .await
            .unwrap();
        HealthClient::new(channel)
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .unwrap()
            .into_inner()
            .status
    };
    let before = curl(vec![url("/healthz")], None).await;
    assert_eq!(
        (before.status, before.json()),
        (200, json!({"status": "SERVING"}))
    );
    assert_eq!(health().await, ServingStatus::Serving as i32);

    server.signal("TERM");
    server.wait_for_log("calls are still taken", 10);
    let during = curl(vec![url("/healthz")], None).await;
    assert_eq!(during.status, 503);
    assert_eq!(during.json(), json!({"status": "NOT_SERVING"}));
    assert_eq!(health().await, ServingStatus::NotServing as i32);
    let answer = extract().await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let names: Vec<String> = answer.json()["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["canonicalName"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Lee Jae Myung".to_string()), "{names:?}");
    assert!(
        server.count_log("no new connections") == 0,
        "the listeners closed before the delay ended"
    );

    let status = tokio::task::spawn_blocking(move || {
        let mut server = server;
        let status = server.child.wait().unwrap();
        server.wait_for_log("server stopped", 5);
        server.wait_for_log("no new connections", 5);
        status
    })
    .await
    .unwrap();
    assert!(status.success(), "{status:?}");
}
