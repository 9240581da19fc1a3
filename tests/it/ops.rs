//! Operations: reloads (RPC, SIGHUP, --watch), admin and API tokens,
//! metrics, TLS, configuration layers, shutdown under load.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use gazette::api::auth::Token;
use gazette::api::pb::{ExtractRequest, GetDictionaryRequest, ReloadDictionaryRequest};
use gazette::dictionary::Source;
use gazette::live::LiveDictionary;
use gazette::server::{Settings, Tls};
use tonic::Code;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

use crate::helpers::{
    ServeProcess, TestServer, engine_from, free_port, open_stream, test_engine, tool,
};

const V1: &str = "{\"id\": \"acme-1\", \"name\": \"Acme\", \"type\": \"ORGANIZATION\"}\n";
const V2: &str = "{\"id\": \"acme-2\", \"name\": \"Acme\", \"type\": \"ORGANIZATION\"}\n";

fn with_token<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}

fn live_from(path: &Path) -> Arc<LiveDictionary> {
    Arc::new(LiveDictionary::load(vec![Source::File(path.to_path_buf())]).unwrap())
}

fn admin_settings() -> Settings {
    Settings {
        admin_token: Token::new("admin-secret"),
        ..Settings::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reload_under_load_never_fails_a_call_and_never_mixes_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(&path, V1).unwrap();
    // The version each content gets, and the id it must answer with.
    let expected: HashMap<String, &str> = HashMap::from([
        (engine_from(V1).version().to_string(), "acme-1"),
        (engine_from(V2).version().to_string(), "acme-2"),
    ]);
    let server = TestServer::start_live(live_from(&path), admin_settings()).await;

    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let mut client = server.extractor().await;
        let (stop, calls, expected) = (stop.clone(), calls.clone(), expected.clone());
        clients.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let request = ExtractRequest {
                    text: "Acme said so.".into(),
                    ..Default::default()
                };
                let response = client
                    .extract(request)
                    .await
                    .expect("no call fails")
                    .into_inner();
                let id = expected
                    .get(&response.dictionary_version)
                    .unwrap_or_else(|| panic!("unknown version {}", response.dictionary_version));
                assert_eq!(response.mentions.len(), 1);
                assert_eq!(
                    &response.mentions[0].entity_id, id,
                    "the response matches its version"
                );
                calls.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let mut admin = server.dictionary().await;
    let mut versions = Vec::new();
    for i in 0..20 {
        std::fs::write(&path, if i % 2 == 0 { V2 } else { V1 }).unwrap();
        let reloaded = admin
            .reload_dictionary(with_token(ReloadDictionaryRequest {}, "admin-secret"))
            .await
            .unwrap()
            .into_inner();
        assert!(reloaded.changed);
        assert_eq!(reloaded.total_entities, 1);
        versions.push(reloaded.version);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    assert!(
        calls.load(Ordering::Relaxed) > 20,
        "the clients kept calling"
    );
    assert_eq!(
        versions
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_bad_file_is_rejected_with_file_and_line_and_the_old_dictionary_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(&path, V1).unwrap();
    let server = TestServer::start_live(live_from(&path), admin_settings()).await;
    let mut admin = server.dictionary().await;
    let before = admin
        .get_dictionary(GetDictionaryRequest {})
        .await
        .unwrap()
        .into_inner()
        .version;

    std::fs::write(
        &path,
        format!("{V2}{{\"id\": \"x\", \"type\": \"PLACE\"}}\nnot json\n"),
    )
    .unwrap();
    let err = admin
        .reload_dictionary(with_token(ReloadDictionaryRequest {}, "admin-secret"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let file = path.display().to_string();
    assert!(
        err.message()
            .contains(&format!("{file}:2: invalid entry: missing field `name`")),
        "{}",
        err.message()
    );
    assert!(
        err.message().contains(&format!("{file}:3: invalid JSON")),
        "{}",
        err.message()
    );

    let after = admin
        .get_dictionary(GetDictionaryRequest {})
        .await
        .unwrap()
        .into_inner()
        .version;
    assert_eq!(before, after, "nothing was replaced");
    let mut client = server.extractor().await;
    let response = client
        .extract(ExtractRequest {
            text: "Acme".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.mentions[0].entity_id, "acme-1");
}

#[tokio::test]
async fn admin_token_guards_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(&path, V1).unwrap();
    let server = TestServer::start_live(live_from(&path), admin_settings()).await;
    let mut admin = server.dictionary().await;
    let missing = admin
        .reload_dictionary(ReloadDictionaryRequest {})
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::Unauthenticated);
    assert!(
        missing.message().contains("authorization: Bearer"),
        "{}",
        missing.message()
    );
    let wrong = admin
        .reload_dictionary(with_token(ReloadDictionaryRequest {}, "guess"))
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Code::PermissionDenied);
    let right = admin
        .reload_dictionary(with_token(ReloadDictionaryRequest {}, "admin-secret"))
        .await
        .unwrap()
        .into_inner();
    assert!(!right.changed, "same file, same version");
    // Reads stay open, and so does Extract without --api-token.
    admin.get_dictionary(GetDictionaryRequest {}).await.unwrap();
    let mut client = server.extractor().await;
    client
        .extract(ExtractRequest {
            text: "Acme".into(),
            ..Default::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn api_token_guards_extract() {
    let settings = Settings {
        api_token: Token::new("api-secret"),
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let mut client = server.extractor().await;
    let request = || ExtractRequest {
        text: "Tokyo".into(),
        ..Default::default()
    };
    assert_eq!(
        client.extract(request()).await.unwrap_err().code(),
        Code::Unauthenticated
    );
    assert_eq!(
        client
            .extract(with_token(request(), "nope"))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    let ok = client
        .extract(with_token(request(), "api-secret"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ok.mentions.len(), 1);
}

#[test]
fn sighup_and_watch_reload_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(&path, V1).unwrap();
    let file = path.to_str().unwrap();
    let server = ServeProcess::start(
        &["--no-default-dictionary", "--dictionary", file, "--watch"],
        &[],
    );
    server.wait_for_log("watching for dictionary changes", 10);

    // A change on disk is picked up by --watch.
    std::fs::write(&path, V2).unwrap();
    server.wait_for_log("dictionary reloaded", 10);
    let reloads = server.count_log("dictionary reloaded");

    // SIGHUP reloads too.
    server.signal("HUP");
    server.wait_for_log("received SIGHUP", 10);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.count_log("dictionary reloaded") <= reloads {
        assert!(
            std::time::Instant::now() < deadline,
            "SIGHUP did not reload"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // A broken file is refused and logged with file:line.
    std::fs::write(&path, "{\"id\": 1}\n").unwrap();
    server.wait_for_log("dictionary reload failed", 10);
    server.wait_for_log(&format!("{file}:1: invalid entry"), 10);
    assert!(server.terminate().success());
}

#[test]
fn watch_ignores_other_files_in_the_dictionary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(&path, V1).unwrap();
    let server = ServeProcess::start(
        &[
            "--no-default-dictionary",
            "--dictionary",
            path.to_str().unwrap(),
            "--watch",
        ],
        &[],
    );
    server.wait_for_log("watching for dictionary changes", 10);
    // A log file written beside the dictionary is not a dictionary.
    let log = dir.path().join("other.log");
    for i in 0..5 {
        std::fs::write(&log, format!("line {i}\n")).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    // Longer than the watcher's debounce: a reload would have happened.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.count_log("dictionary files changed"), 0);
    // The dictionary itself still is.
    std::fs::write(&path, V2).unwrap();
    server.wait_for_log("dictionary reloaded", 10);
    assert!(server.terminate().success());
}

/// GETs `http://addr/metrics` with a bare HTTP/1.1 request.
fn scrape(port: u16) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut body = String::new();
    stream.read_to_string(&mut body).unwrap();
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_endpoint_serves_prometheus_text() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = ServeProcess::start(&["--metrics-listen", &listen], &[]);
    server.wait_for_log("serving metrics", 10);
    let mut client = server.extractor().await;
    client
        .extract(ExtractRequest {
            text: "Trump visited Tokyo.".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let _ = client
        .extract(ExtractRequest {
            text: "x".into(),
            entity_types: vec![99],
            ..Default::default()
        })
        .await
        .unwrap_err();
    let text = tokio::task::spawn_blocking(move || scrape(port))
        .await
        .unwrap();
    for needle in [
        "HTTP/1.1 200",
        "gazette_calls_total{method=\"gazette.v1.EntityExtractor/Extract\",code=\"Ok\"} 1",
        "gazette_calls_total{method=\"gazette.v1.EntityExtractor/Extract\",code=\"InvalidArgument\"} 1",
        "gazette_call_duration_seconds_bucket{method=\"gazette.v1.EntityExtractor/Extract\"",
        "gazette_calls_in_flight",
        "gazette_bytes_tagged_total 20",
        "gazette_documents_tagged_total 1",
        "gazette_mentions_total{type=\"LEADER\"} 1",
        "gazette_mentions_total{type=\"PLACE\"} 1",
        "gazette_dictionary_info{version=",
        "gazette_dictionary_entities",
        "gazette_dictionary_aliases",
        "gazette_dictionary_loaded_timestamp_seconds",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert!(server.terminate().success());
}

struct Pki {
    ca: String,
    server_cert: String,
    server_key: String,
    client_cert: String,
    client_key: String,
}

/// A CA, a server certificate for localhost and a client certificate.
fn pki() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server_cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let client_key = KeyPair::generate().unwrap();
    let client_cert = CertificateParams::new(vec!["client".to_string()])
        .unwrap()
        .signed_by(&client_key, &issuer)
        .unwrap();
    Pki {
        ca: ca_cert.pem(),
        server_cert: server_cert.pem(),
        server_key: server_key.serialize_pem(),
        client_cert: client_cert.pem(),
        client_key: client_key.serialize_pem(),
    }
}

async fn tls_channel(
    port: u16,
    pki: &Pki,
    with_identity: bool,
) -> Result<Channel, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&pki.ca))
        .domain_name("localhost");
    if with_identity {
        tls = tls.identity(Identity::from_pem(&pki.client_cert, &pki.client_key));
    }
    Channel::from_shared(format!("https://localhost:{port}"))
        .unwrap()
        .tls_config(tls)?
        .connect()
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn mutual_tls_through_tonic_and_grpcurl() {
    let pki = pki();
    let settings = Settings {
        tls: Some(Tls {
            cert: pki.server_cert.clone().into_bytes(),
            key: pki.server_key.clone().into_bytes(),
            client_ca: Some(pki.ca.clone().into_bytes()),
        }),
        ..Settings::default()
    };
    let server = TestServer::start(Arc::new(test_engine()), settings).await;
    let port = server.addr.port();

    let channel = tls_channel(port, &pki, true).await.unwrap();
    let mut client = gazette::api::pb::entity_extractor_client::EntityExtractorClient::new(channel);
    let response = client
        .extract(ExtractRequest {
            text: "Tokyo".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.mentions.len(), 1);

    // Without a client certificate the handshake or the call fails.
    let refused = match tls_channel(port, &pki, false).await {
        Err(_) => true,
        Ok(channel) => {
            gazette::api::pb::entity_extractor_client::EntityExtractorClient::new(channel)
                .extract(ExtractRequest {
                    text: "Tokyo".into(),
                    ..Default::default()
                })
                .await
                .is_err()
        }
    };
    assert!(refused, "a client without a certificate is refused");

    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (ca, cert, key) = (
        write("ca.pem", &pki.ca),
        write("client.pem", &pki.client_cert),
        write("client.key", &pki.client_key),
    );
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(tool("grpcurl"))
            .args([
                "-cacert",
                &ca,
                "-cert",
                &cert,
                "-key",
                &key,
                "-servername",
                "localhost",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .arg("list")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let listed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(listed.contains("gazette.v1.EntityExtractor"), "{listed}");
}

#[test]
fn tls_server_binary_and_gazette_health() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (ca, cert, key) = (
        write("ca.pem", &pki.ca),
        write("server.pem", &pki.server_cert),
        write("server.key", &pki.server_key),
    );
    let server = ServeProcess::start(&["--tls-cert", &cert, "--tls-key", &key], &[]);
    let addr = format!("localhost:{}", server.addr.port());
    let health = std::process::Command::new(crate::helpers::gazette_bin())
        .args(["health", "--addr", &addr, "--tls-ca", &ca])
        .output()
        .unwrap();
    assert!(
        health.status.success(),
        "{}",
        String::from_utf8_lossy(&health.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&health.stdout).trim(), "SERVING");
    assert!(server.terminate().success());
}

#[test]
fn gazette_health_presents_a_client_certificate_under_mutual_tls() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (ca, cert, key) = (
        write("ca.pem", &pki.ca),
        write("server.pem", &pki.server_cert),
        write("server.key", &pki.server_key),
    );
    let (client_cert, client_key) = (
        write("client.pem", &pki.client_cert),
        write("client.key", &pki.client_key),
    );
    let server = ServeProcess::start(
        &[
            "--no-default-dictionary",
            "--tls-cert",
            &cert,
            "--tls-key",
            &key,
            "--tls-client-ca",
            &ca,
        ],
        &[],
    );
    let addr = format!("localhost:{}", server.addr.port());
    let health = |args: &[&str], env: &[(&str, &str)]| {
        std::process::Command::new(crate::helpers::gazette_bin())
            .args(["health", "--addr", &addr, "--tls-ca", &ca])
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let without = health(&[], &[]);
    assert!(!without.status.success(), "no certificate, no answer");
    let with_flags = health(&["--tls-cert", &client_cert, "--tls-key", &client_key], &[]);
    assert!(
        with_flags.status.success(),
        "{}",
        String::from_utf8_lossy(&with_flags.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&with_flags.stdout).trim(),
        "SERVING"
    );
    let with_env = health(
        &[],
        &[
            ("GAZETTE_HEALTH_TLS_CERT", client_cert.as_str()),
            ("GAZETTE_HEALTH_TLS_KEY", client_key.as_str()),
        ],
    );
    assert!(
        with_env.status.success(),
        "{}",
        String::from_utf8_lossy(&with_env.stderr)
    );
    assert!(server.terminate().success());
}

#[test]
fn gazette_health_exits_nonzero_without_a_server() {
    let addr = format!("127.0.0.1:{}", free_port());
    let output = std::process::Command::new(crate::helpers::gazette_bin())
        .args(["health", "--addr", &addr, "--timeout-secs", "1"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot reach"));
}

#[test]
fn configuration_layers_file_then_environment_then_flags() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gazette.toml");
    std::fs::write(
        &config,
        "max-text-bytes = 100\nmax_batch = 5\nmax-concurrency = 7\nadmin-token = \"from-file\"\n",
    )
    .unwrap();
    let server = ServeProcess::start(
        &[
            "--config",
            config.to_str().unwrap(),
            "--max-concurrency",
            "9",
        ],
        &[("GAZETTE_MAX_BATCH", "6"), ("GAZETTE_MAX_CONCURRENCY", "8")],
    );
    let line = server.wait_for_log("effective configuration", 10);
    for needle in [
        format!("max-text-bytes=100 (file {})", config.display()),
        "max-batch=6 (env GAZETTE_MAX_BATCH)".to_string(),
        "max-concurrency=9 (flag --max-concurrency)".to_string(),
        "max-mentions=10000 (default)".to_string(),
        "admin-token=<redacted>".to_string(),
    ] {
        assert!(line.contains(&needle), "{needle:?} missing from {line}");
    }
    assert!(
        !line.contains("DictionaryArgs"),
        "only real setting names: {line}"
    );
    assert!(!line.contains("from-file"), "secrets are redacted: {line}");
    let serving = server.wait_for_log("serving gazette.v1", 10);
    assert!(serving.contains("\"max_text_bytes\":100"), "{serving}");
    assert!(server.terminate().success());
}

#[test]
fn an_unguarded_admin_rpc_on_a_public_address_is_warned_about() {
    let warning = "ReloadDictionary is open to anyone";
    let open = ServeProcess::start(&["--no-default-dictionary", "--listen", "0.0.0.0:0"], &[]);
    open.wait_for_log(warning, 10);
    assert!(open.terminate().success());
    let guarded = ServeProcess::start(
        &["--no-default-dictionary", "--listen", "0.0.0.0:0"],
        &[("GAZETTE_ADMIN_TOKEN", "secret")],
    );
    guarded.wait_for_log("serving gazette.v1", 10);
    assert_eq!(guarded.count_log(warning), 0);
    assert!(guarded.terminate().success());
    let local = ServeProcess::start(&["--no-default-dictionary", "--listen", "localhost:0"], &[]);
    let serving = local.wait_for_log("serving gazette.v1", 10);
    assert!(
        serving.contains("127.0.0.1:") || serving.contains("[::1]:"),
        "a host name is resolved: {serving}"
    );
    assert_eq!(local.count_log(warning), 0, "loopback needs no warning");
    assert!(local.terminate().success());
}

#[test]
fn listen_takes_a_host_name_and_says_what_it_needs() {
    let output = std::process::Command::new(crate::helpers::gazette_bin())
        .args(["serve", "--no-default-dictionary", "--listen", "localhost"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("has no port") && stderr.contains("localhost:50051"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_configuration_key_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gazette.toml");
    std::fs::write(&config, "max-text-byte = 100\n").unwrap();
    let output = std::process::Command::new(crate::helpers::gazette_bin())
        .args(["serve", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown key \"max-text-byte\""), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_completes_calls_in_flight_and_exits_zero() {
    let server = ServeProcess::start(&["--shutdown-grace-secs", "20"], &[]);
    let mut streams = Vec::new();
    for client_index in 0..4 {
        let mut client = server.extractor().await;
        let (sender, mut responses) = open_stream(&mut client).await;
        streams.push(tokio::spawn(async move {
            let mut answered = 0;
            for i in 0..40 {
                let text = format!(
                    "Client {client_index}, message {i}: Trump met Lee Jae Myung in Tokyo."
                );
                sender
                    .send(ExtractRequest {
                        text,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                let response = responses
                    .message()
                    .await
                    .expect("no call fails")
                    .expect("an answer");
                assert_eq!(response.mentions.len(), 3);
                answered += 1;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            drop(sender);
            assert!(responses.message().await.unwrap().is_none());
            answered
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.signal("TERM");
    let mut answered = 0;
    for stream in streams {
        answered += stream.await.unwrap();
    }
    assert_eq!(
        answered, 160,
        "every message of the open streams was answered"
    );
    let status = tokio::task::spawn_blocking(move || {
        let mut server = server;
        let status = server.child.wait().unwrap();
        server.wait_for_log("server stopped", 5);
        status
    })
    .await
    .unwrap();
    assert!(status.success(), "{status:?}");
}
